"""Views for the registration's moves and the advisory team's acts; each asks first when it cannot be undone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.confirm import confirm_page, is_confirmed, is_going_back
from ocop.downloads import file_download_response
from ocop.edits import AlreadyDone
from ocop.forms import add_service_errors, check_with_the_form

from .. import hooks
from ..forms.registrations import (
    CentralReevaluationForm,
    CentralReferralForm,
    CommuneReportForm,
    ReasonForm,
    ReturnForm,
    SiteVisitForm,
    SupplementRequestForm,
    SupplyForm,
    TestRequestForm,
    TestResultForm,
)
from ..models import TestRequest
from ..permissions.registrations import (
    get_referral_for_user,
    get_registration_for_user,
    may_withdraw,
    role_of,
)
from ..selectors import dossier as dossier_selectors
from ..services import advisory as advisory_services
from ..services import checks
from ..services import dossier as dossier_services
from ..services import transitions as transitions_services
from ..services.workflow import status_refusal
from ..workflow import step, step_for
from .pages import form_page, registration_redirect

GET_POST = require_http_methods(["GET", "POST"])


# ---------------------------------------------------------------- transitions


def _done_already(request, registration, exc: ValidationError):
    """The other copy of the person's double click (or their second tab) did the act, with the same content, while
    this one waited on the dossier's row (ocop.edits.AlreadyDone): the dossier, told it is done, instead of a
    refusal; None for any other refusal."""
    if not isinstance(exc, AlreadyDone):
        return None
    messages.info(request, " ".join(exc.messages))
    return registration_redirect(request, registration)


def _simple_action(request, pk, action, service, done):
    registration = get_registration_for_user(request.user, pk, action=action)
    try:
        service(registration=registration, by=request.user)
    except AlreadyDone as exc:
        messages.info(request, " ".join(exc.messages))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return registration_redirect(request, registration)


@login_required
@require_POST
def registration_submit(request, pk):
    registration = get_registration_for_user(request.user, pk, action="submit")
    if not is_confirmed(request):
        if refused := _refused_before_confirming(request, registration, "submit", checks.submit_check):
            return refused
        return _confirm(
            request,
            registration,
            _("Nộp hồ sơ cho UBND xã"),
            [
                _("Hồ sơ được gửi cho UBND xã; UBND xã kiểm tra trong 15 ngày làm việc (Điều 7.2)."),
                _("Bạn không sửa được hồ sơ nữa, trừ khi UBND xã trả lại để bổ sung."),
            ],
            _("Xác nhận nộp hồ sơ"),
            danger=False,
        )
    return _simple_action(
        request, pk, "submit", transitions_services.registration_submit, _("Đã nộp hồ sơ cho UBND xã.")
    )


@login_required
@require_POST
def registration_forward(request, pk):
    registration = get_registration_for_user(request.user, pk, action="forward")
    if not is_confirmed(request):
        if refused := _refused_before_confirming(request, registration, "forward", checks.forward_check):
            return refused
        return _confirm(
            request,
            registration,
            _("Chuyển hồ sơ lên cấp tỉnh"),
            [
                _("Hồ sơ cùng báo cáo Mẫu 03 của UBND xã được chuyển lên cơ quan OCOP cấp tỉnh."),
                _("UBND xã không sửa hay trả lại hồ sơ được nữa."),
            ],
            _("Xác nhận chuyển hồ sơ"),
            danger=False,
        )
    return _simple_action(
        request, pk, "forward", transitions_services.registration_forward, _("Đã chuyển hồ sơ lên cấp tỉnh.")
    )


def _refused_before_confirming(request, registration, action, check):
    """Before the confirmation step of `action`: the dossier's page with the refusal the act would end in (the
    dossier moved on, or the service's own `check`: a document missing, no Mẫu 03…), never a confirmation of an act
    the service refuses once confirmed; None when the act can go on."""
    if moved_on := _moved_on(request, registration, action):
        return moved_on
    try:
        check(registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return registration_redirect(request, registration)
    return None


def _confirm(request, registration, title, consequences, submit, *, summary=(), can_go_back=False, danger=True):
    """The confirmation step of an irreversible act on a dossier (see ocop/confirm.py)."""
    return confirm_page(
        request,
        title=title,
        consequences=[
            _("Hồ sơ: %(product)s — %(producer)s")
            % {"product": registration.product.name, "producer": registration.product.producer.name},
            *consequences,
        ],
        submit=submit,
        cancel_url=reverse("evaluation:registration_detail", args=[registration.pk]),
        summary=summary,
        can_go_back=can_go_back,
        danger=danger,
    )


@login_required
@require_POST
def registration_start_review(request, pk):
    return _simple_action(
        request,
        pk,
        "start_review",
        transitions_services.registration_start_review,
        _("Đã tiếp nhận hồ sơ cho Tổ tư vấn xem xét."),
    )


@login_required
@require_POST
def registration_mark_ready(request, pk):
    return _simple_action(
        request, pk, "mark_ready", transitions_services.registration_mark_ready, _("Hồ sơ đã sẵn sàng trình Hội đồng.")
    )


@login_required
@GET_POST
def registration_forward_central(request, pk):
    """D26 Điều 6.3b, 7.6e: the province's office records its report on a 5★ product's re-evaluation and the
    province's letter to the ministry; the dossier then goes to the ministry."""
    intro = _(
        "Đánh giá lại sản phẩm 5 sao: ghi báo cáo đánh giá hồ sơ của cơ quan OCOP tỉnh và văn bản của UBND tỉnh đề "
        "nghị Bộ Nông nghiệp và Môi trường đánh giá, phân hạng lại (Điều 6 khoản 3 điểm b, Điều 7 khoản 6 điểm e). "
        "Khi lưu, hồ sơ được chuyển Bộ."
    )
    return _send_to_ministry(
        request,
        pk,
        action="forward_central",
        form_class=CentralReevaluationForm,
        service=transitions_services.registration_forward_central,
        papers_check=transitions_services.forward_central_papers_check,
        check=transitions_services.forward_central_check,
        title=_("Gửi Bộ đánh giá lại sản phẩm 5 sao"),
        intro=intro,
        done=_("Đã ghi báo cáo và văn bản gửi Bộ; hồ sơ đã được gửi Bộ."),
    )


@login_required
@GET_POST
def registration_refer_central(request, pk):
    """D26 Điều 7.3e: the province's office records the chair's approval of a potential 5★ result and the province's
    letter to the ministry; the dossier then goes to the ministry."""
    intro = _(
        "Sản phẩm tiềm năng 5 sao: ghi quyết định của Chủ tịch UBND tỉnh phê duyệt kết quả đánh giá và văn bản của "
        "UBND tỉnh đề nghị Bộ Nông nghiệp và Môi trường đánh giá, phân hạng (Điều 7 khoản 3 điểm e). Khi lưu, hồ sơ "
        "được chuyển Bộ."
    )
    return _send_to_ministry(
        request,
        pk,
        action="refer_central",
        form_class=CentralReferralForm,
        service=transitions_services.registration_refer_central,
        papers_check=transitions_services.refer_central_papers_check,
        title=_("Phê duyệt kết quả, gửi Bộ"),
        intro=intro,
        done=_("Đã ghi quyết định phê duyệt và văn bản gửi Bộ; hồ sơ đã được gửi Bộ."),
    )


def _send_to_ministry(request, pk, *, action, form_class, service, papers_check, title, intro, done, check=None):
    """The page where the province's office records the papers it sends a dossier to the ministry with (Điều 6.3),
    for the act `action`; `check` refuses, before anything is typed, a dossier the act cannot take; `papers_check`
    says what the service would refuse of the papers in the same answer as the form's own refusals."""
    registration = get_registration_for_user(request.user, pk, action=action)
    if moved_on := _moved_on(request, registration, action):
        return moved_on
    if check is not None:
        try:
            check(registration)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return registration_redirect(request, registration)
    form = form_class(request.POST or None, request.FILES or None)
    valid = request.method == "POST" and form.is_valid()
    if form.is_bound and not valid:  # a number or date the form read, judged beside a field it refused
        read = {name: form.cleaned_data.get(name) for name in form.fields if name != "signed_file"}
        check_with_the_form(form, papers_check, registration=registration, **read)
    if valid:
        try:
            service(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if done_already := _done_already(request, registration, exc):
                return done_already
            registration.refresh_from_db()
            # The other copy of a double click (or another officer) sent it while this one waited on the row: say so
            # on the dossier, as to a copy sent after it, not "changed by someone else" on the form.
            if moved_on := _moved_on(request, registration, action):
                return moved_on
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return registration_redirect(request, registration)
    return form_page(request, registration, form, title, submit=_("Lưu và gửi Bộ"), multipart=True, intro=intro)


@login_required
@require_GET
def referral_file(request, pk):
    """The signed file of the province's papers to the ministry, for those who read them (get_referral_for_user)."""
    referral = get_referral_for_user(request.user, pk)
    if not referral.signed_file:
        raise Http404
    try:
        handle = referral.signed_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = file_download_response(
        handle, filename=f"{referral.letter_number}.pdf", content_type="application/pdf", as_attachment=False
    )
    response["Cache-Control"] = "private, no-store"
    if referral.signed_file_sha256:  # as the certificate download sends its scan's
        response["X-Content-SHA256"] = referral.signed_file_sha256
    return response


def _moved_on(request, registration, action):
    """The dossier is no longer where `action` starts (sent again, or from a page older than the dossier's move):
    back to the dossier, told its status (status_refusal); None while the act can go on."""
    if registration.status in step(action).sources:
        return None
    messages.error(request, status_refusal(registration))
    return registration_redirect(request, registration)


def _reason_action(
    request,
    pk,
    action,
    service,
    title,
    done,
    *,
    confirm=None,
    form_class=ReasonForm,
    of_registration=False,
    guard=None,
    stops=False,
):
    """A reason (and what else `form_class` asks), then the act. `confirm` (what will happen, and the button) makes
    the act ask first. `of_registration`: the form judges its fields against the dossier (ReturnForm's day to
    complete it by), and is given it. `guard(user, registration)`, the act's own rule beyond the role (permissions),
    refuses with a 403 before the form, as the service would after it. `stops`: the act ends the dossier without a
    decision; when that costs a certificate (hooks.reevaluation_stop_losses: one its re-evaluation keeps extended,
    Điều 12.3), the act asks first, saying so, even one that otherwise asks nothing."""
    registration = get_registration_for_user(request.user, pk, action=action)
    if moved_on := _moved_on(request, registration, action):
        return moved_on
    if guard is not None and not guard(request.user, registration):
        raise PermissionDenied
    form = form_class(request.POST or None, **({"registration": registration} if of_registration else {}))
    if request.method == "POST" and form.is_valid() and not is_going_back(request):
        if stops and (losses := hooks.reevaluation_stop_losses(registration)):
            consequences, submit = confirm or ([], title)
            confirm = ([*consequences, *losses], submit)
        if confirm and not is_confirmed(request):
            consequences, submit = confirm
            summary = [(_("Lý do"), form.cleaned_data["reason"])]
            return _confirm(request, registration, title, consequences, submit, summary=summary, can_go_back=True)
        try:
            service(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if done_already := _done_already(request, registration, exc):
                return done_already
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return registration_redirect(request, registration)
    return form_page(request, registration, form, title, submit=title)


@login_required
@GET_POST
def registration_return(request, pk):
    registration = get_registration_for_user(request.user, pk)
    # the commune while it checks, the province after
    action = step_for("return", registration.status, role_of(request.user)).name
    return _reason_action(
        request,
        pk,
        action,
        transitions_services.registration_return,
        _("Trả lại hồ sơ"),
        _("Đã trả lại hồ sơ."),
        form_class=ReturnForm,
        of_registration=True,
    )


@login_required
@GET_POST
def registration_reject(request, pk):
    registration = get_registration_for_user(request.user, pk)
    action = step_for("reject", registration.status, role_of(request.user)).name
    confirm = (
        [
            _("Hồ sơ bị từ chối và dừng tại đây; chủ thể được thông báo ngay, kèm lý do."),
            _("Muốn tham gia lại, chủ thể phải lập hồ sơ mới."),
        ],
        _("Xác nhận từ chối"),
    )
    return _reason_action(
        request,
        pk,
        action,
        transitions_services.registration_reject,
        _("Từ chối hồ sơ"),
        _("Đã từ chối hồ sơ."),
        confirm=confirm,
        stops=True,
    )


@login_required
@GET_POST
def registration_send_back(request, pk):
    return _reason_action(
        request,
        pk,
        "send_back",
        transitions_services.registration_send_back_to_province,
        _("Chuyển Hội đồng cấp tỉnh đánh giá lại (Điều 7.4g)"),
        _("Đã chuyển hồ sơ về Hội đồng cấp tỉnh để đánh giá lại."),
    )


@login_required
@GET_POST
def registration_withdraw(request, pk):
    return _reason_action(
        request,
        pk,
        "withdraw",
        transitions_services.registration_withdraw,
        _("Rút hồ sơ"),
        _("Đã rút hồ sơ."),
        guard=may_withdraw,
        stops=True,
    )


@login_required
@GET_POST
def registration_commune_report(request, pk):
    registration = get_registration_for_user(request.user, pk, action="commune_report")
    report = getattr(registration, "commune_report", None)
    initial = {f: getattr(report, f) for f in CommuneReportForm.base_fields} if report else {}
    form = CommuneReportForm(request.POST or None, initial=initial, registration=registration)
    if request.method == "POST" and form.is_valid():
        try:
            dossier_services.commune_report_save(
                registration=registration, by=request.user, seen=form.seen(), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu báo cáo của UBND xã (Mẫu 03)."))
            return registration_redirect(request, registration)
    return form_page(request, registration, form, _("Báo cáo đánh giá của UBND xã (Mẫu 03)"), submit=_("Lưu Mẫu 03"))


@login_required
@GET_POST
def registration_request_supplement(request, pk):
    registration = get_registration_for_user(request.user, pk, action="request_supplement")
    form = SupplementRequestForm(request.POST or None, registration=registration)
    if request.method == "POST" and form.is_valid():
        try:
            advisory_services.registration_request_supplement(
                registration=registration, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            if done_already := _done_already(request, registration, exc):
                return done_already
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi yêu cầu bổ sung."))
            return registration_redirect(request, registration)
    return form_page(request, registration, form, _("Yêu cầu bổ sung hồ sơ"), submit=_("Gửi yêu cầu"))


@login_required
@GET_POST
def registration_supply(request, pk):
    registration = get_registration_for_user(request.user, pk, action="supply")
    form = SupplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advisory_services.registration_supply_supplement(
                registration=registration, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            if done_already := _done_already(request, registration, exc):
                return done_already
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi hồ sơ bổ sung cho Tổ tư vấn."))
            return registration_redirect(request, registration)
    # What was asked and where each item is supplied: a refusal ("Còn thiếu tài liệu bổ sung") was a dead end.
    supplement = dossier_selectors.open_supplement(registration)
    return form_page(
        request,
        registration,
        form,
        _("Gửi hồ sơ bổ sung"),
        submit=_("Gửi bổ sung"),
        supplement=dossier_selectors.supplement_items(supplement) if supplement else None,
    )


@login_required
@GET_POST
def registration_site_visit(request, pk):
    registration = get_registration_for_user(request.user, pk, action="site_visit")
    form = SiteVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advisory_services.sitevisit_record(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi biên bản khảo sát thực tế."))
            return registration_redirect(request, registration)
    # The team proposes, the council finds (Điều 7.3c): a ground to eliminate goes in the record, for the chair.
    intro = _(
        "Tổ tư vấn báo cáo Chủ tịch Hội đồng (Điều 7 khoản 3 điểm c): nếu khảo sát thấy căn cứ loại hồ sơ của Phụ lục "
        "II, ghi rõ căn cứ và chứng cứ tại đây. Chủ tịch Hội đồng xem biên bản trên hồ sơ và ghi nhận kết luận loại hồ "
        "sơ của Hội đồng."
    )
    return form_page(request, registration, form, _("Biên bản khảo sát thực tế"), submit=_("Lưu biên bản"), intro=intro)


@login_required
@GET_POST
def registration_test_request(request, pk):
    registration = get_registration_for_user(request.user, pk, action="test_request")
    form = TestRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advisory_services.testrequest_create(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã đề nghị kiểm nghiệm bổ sung."))
            return registration_redirect(request, registration)
    return form_page(request, registration, form, _("Đề nghị kiểm nghiệm bổ sung"), submit=_("Gửi đề nghị"))


@login_required
@GET_POST
def testrequest_complete(request, pk):
    test_request = TestRequest.objects.filter(pk=pk).values_list("registration_id", flat=True).first()
    if test_request is None:
        raise Http404
    registration = get_registration_for_user(request.user, test_request, action="test_request")
    test_request = registration.test_requests.get(pk=pk)
    form = TestResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advisory_services.testrequest_complete(test_request=test_request, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả kiểm nghiệm."))
            return registration_redirect(request, registration)
    return form_page(
        request,
        registration,
        form,
        _("Kết quả kiểm nghiệm bổ sung"),
        submit=_("Lưu kết quả"),
        intro=test_request.indicators,
    )
