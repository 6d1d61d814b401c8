"""Views for rounds and registrations: chokepoint → form → service → message → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.confirm import confirm_page, is_confirmed, is_going_back
from ocop.downloads import download_response, file_download_response
from ocop.forms import add_service_errors, parse_pk
from products.selectors import audit_history_for

from ..forms.registrations import (
    CommuneReportForm,
    CopyPreviousForm,
    DocumentBatchForm,
    DocumentUploadForm,
    ReasonForm,
    RegistrationCreateForm,
    RegistrationRoundForm,
    RoundCreateForm,
    SelfAssessmentForm,
    SiteVisitForm,
    SupplementRequestForm,
    SupplyForm,
    TestRequestForm,
    TestResultForm,
)
from ..models import DocumentKind, TestRequest
from ..permissions.registrations import (
    can_create_round,
    can_do,
    ensure_can,
    get_document_for_user,
    get_registration_for_user,
    get_round_for_user,
)
from ..selectors import registrations as selectors
from ..services import registrations as services

GET_POST = require_http_methods(["GET", "POST"])


def _to_detail(registration):
    return redirect("evaluation:registration_detail", pk=registration.pk)


def _form_page(request, registration, form, title, *, submit=None, multipart=False, intro=""):
    return render(
        request,
        "evaluation/registration_form.html",
        {
            "registration": registration,
            "form": form,
            "title": title,
            "submit": submit,
            "multipart": multipart,
            "intro": intro,
        },
    )


# ---------------------------------------------------------------- lists and detail


@login_required
@require_GET
def registration_list(request):
    filterset = selectors.registration_list(user=request.user, data=request.GET or None, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/registration_list.html",
        {
            "filter": filterset,
            "page": page,
            "can_create": can_do(request.user, "create"),
        },
    )


@login_required
@require_GET
def registration_detail(request, pk):
    registration = get_registration_for_user(request.user, pk)
    context = selectors.registration_detail(registration=registration)
    actions = {
        a: can_do(request.user, a)
        for a in (
            "edit",
            "submit",
            "withdraw",
            "supply",
            "commune_report",
            "forward",
            "commune_return",
            "start_review",
            "request_supplement",
            "site_visit",
            "test_request",
            "mark_ready",
            "reject",
            "eliminate",
            "create",
            "send_back",
        )
    }
    return render(
        request,
        "evaluation/registration_detail.html",
        {
            "registration": registration,
            "can": actions,
            "sheet": selectors.selfassessment_sheet(registration),
            "copy_form": CopyPreviousForm(),
            "can_notify_result": services.can_notify_result(request.user, registration),
            "send_back_open": actions["send_back"] and services.send_back_allowed(registration),
            **context,
            "history": audit_history_for(user=request.user, target=registration),
        },
    )


@login_required
@GET_POST
def registration_create(request):
    ensure_can(request.user, "create")
    # ?product=<id> from a product page opens the form with that product chosen (ignored if not the user's).
    form = RegistrationCreateForm(
        request.POST or None, user=request.user, initial={"product": parse_pk(request.GET.get("product"))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_file(
                product=form.cleaned_data["product"],
                kind=form.cleaned_data["kind"],
                by=request.user,
                evaluation_round=form.cleaned_data["round"],
                case_variant=form.cleaned_data.get("case_variant", 0),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if registration.previous_id:
                messages.success(
                    request,
                    _("Đã tạo phiếu đăng ký nháp từ hồ sơ được công nhận trước: cập nhật những gì đã thay đổi."),
                )
            else:
                messages.success(request, _("Đã tạo phiếu đăng ký nháp. Hãy tự đánh giá và đính kèm hồ sơ."))
            return _to_detail(registration)
    return _form_page(request, None, form, _("Đăng ký đánh giá, phân hạng sản phẩm (Mẫu 01)"), submit=_("Tạo phiếu"))


@login_required
@GET_POST
def registration_edit(request, pk):
    """Choose (or change) the round of a draft or returned dossier."""
    registration = get_registration_for_user(request.user, pk, action="edit")
    form = RegistrationRoundForm(
        request.POST or None, user=request.user, registration=registration, initial={"round": registration.round_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_update(
                registration=registration,
                by=request.user,
                evaluation_round=form.cleaned_data["round"],
                case_variant=form.cleaned_data.get("case_variant"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật phiếu đăng ký."))
            return _to_detail(registration)
    title = _("Đợt đánh giá và trường hợp áp dụng") if "case_variant" in form.fields else _("Chọn đợt đánh giá")
    return _form_page(request, registration, form, title, submit=_("Lưu"))


@login_required
@require_POST
def registration_copy(request, pk):
    """Start a re-evaluation or an upgrade from a copy of this dossier."""
    previous = get_registration_for_user(request.user, pk, action="create")
    form = CopyPreviousForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hình thức không hợp lệ."))
        return _to_detail(previous)
    try:
        registration = services.registration_create_from_previous(
            previous=previous, kind=form.cleaned_data["kind"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_detail(previous)
    messages.success(request, _("Đã tạo hồ sơ mới từ hồ sơ trước."))
    return _to_detail(registration)


# ---------------------------------------------------------------- self-assessment and documents


@login_required
@GET_POST
def registration_selfassessment(request, pk):
    registration = get_registration_for_user(
        request.user, pk, write=request.method == "POST", action="edit" if request.method == "POST" else None
    )
    sheet = selectors.selfassessment_sheet(registration)
    supplement = services.open_supplement(registration) if registration.status == "supplement_requested" else None
    only = set(supplement.criteria.values_list("pk", flat=True)) if supplement else None
    form = SelfAssessmentForm(request.POST or None, sheet=sheet, only=only)
    if request.method == "POST" and form.is_valid():
        try:
            services.selfassessment_save(registration=registration, answers=form.answers(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bản tự đánh giá."))
            return _to_detail(registration)
    return render(
        request,
        "evaluation/registration_selfassessment.html",
        {
            "registration": registration,
            "sheet": sheet,
            "form": form,
            "editable": can_do(request.user, "edit")
            and (
                registration.status in {"draft", "returned"} or (registration.status == "supplement_requested" and only)
            ),
            # While a supplement is open only the criteria it names can change.
            "only_criteria": only,
        },
    )


@login_required
@GET_POST
def registration_documents(request, pk):
    registration = get_registration_for_user(request.user, pk)
    officer_kinds = registration.status == "advisory_review" and can_do(request.user, "site_visit")
    if request.method == "POST" and not (officer_kinds or can_do(request.user, "edit")):
        get_registration_for_user(request.user, pk, action="edit")  # 403
    supplement = services.open_supplement(registration) if registration.status == "supplement_requested" else None
    only_criteria = list(supplement.criteria.values_list("pk", flat=True)) if supplement else None
    # Kinds restrict the choice only when no criterion is asked (evidence of a criterion may be of any kind).
    only_kinds = supplement.document_kinds if supplement and not only_criteria else None
    form = DocumentUploadForm(
        request.POST or None,
        request.FILES or None,
        registration=registration,
        officer_kinds=officer_kinds,
        only_kinds=only_kinds,
        only_criteria=only_criteria,
        # "Đính kèm minh chứng" beside a criterion of the self-assessment preselects that criterion.
        initial={"criterion": request.GET["criterion"][:12], "kind": "other"} if "criterion" in request.GET else None,
    )
    batch = _document_batch_form(request, registration, officer_kinds=officer_kinds, only_kinds=only_kinds)
    if request.method == "POST" and request.POST.get("batch"):
        form = DocumentUploadForm(registration=registration, officer_kinds=officer_kinds, only_kinds=only_kinds)
        if batch is not None and batch.is_valid():
            saved, refused = services.documents_upload_many(
                registration=registration, files=batch.files_by_kind(), by=request.user
            )
            _report_batch(request, saved, refused)
            return redirect("evaluation:registration_documents", pk=registration.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                registration=registration,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                criterion=form.cleaned_data["criterion"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tải lên tài liệu."))
            return redirect("evaluation:registration_documents", pk=registration.pk)
    context = selectors.registration_detail(registration=registration)
    # The producer's side changes files only while the dossier is theirs (draft, returned, a supplement);
    # during a supplement only the files uploaded since the request may be removed.
    producer_turn = can_do(request.user, "edit") and registration.waits_for_producer
    return render(
        request,
        "evaluation/registration_documents.html",
        {
            "registration": registration,
            "form": form,
            "batch_form": batch if producer_turn else None,
            "can_upload": officer_kinds or producer_turn,
            "can_delete": producer_turn,
            "delete_since": supplement.requested_at if supplement else None,
            **context,
        },
    )


def _document_batch_form(request, registration, *, officer_kinds, only_kinds):
    """Several files at once, one input per document kind the producer may add now; none while a supplement
    asks for criteria evidence (each file then needs its criterion) or on the officers' side."""
    if officer_kinds or (registration.status == "supplement_requested" and not only_kinds):
        return None
    rows = selectors.checklist(registration, [])
    kinds = [(r["kind"], r["label"], r["required"]) for r in rows if r["kind"] not in services.OFFICER_ONLY_KINDS]
    if only_kinds:
        kinds = [k for k in kinds if k[0] in only_kinds]
    data = (request.POST, request.FILES) if request.method == "POST" and request.POST.get("batch") else ()
    return DocumentBatchForm(*data, kinds=kinds, prefix="batch")


def _report_batch(request, saved, refused) -> None:
    """One message for the files stored, one naming each refused file, its kind and why."""
    if saved:
        messages.success(
            request, ngettext("Đã tải lên %(n)d tệp.", "Đã tải lên %(n)d tệp.", len(saved)) % {"n": len(saved)}
        )
    for item in refused:
        messages.error(
            request,
            _("Không nhận tệp “%(name)s” (%(kind)s): %(reasons)s")
            % {"name": item["name"], "kind": DocumentKind(item["kind"]).label, "reasons": " ".join(item["reasons"])},
        )


@login_required
@require_POST
def document_delete(request, pk):
    document = get_document_for_user(request.user, pk)
    ensure_can(request.user, "edit")
    try:
        services.document_delete(document=document, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xoá tài liệu."))
    return redirect("evaluation:registration_documents", pk=document.registration_id)


@login_required
@require_GET
def document_download(request, pk):
    """The only way to a dossier file: after the chokepoint, as an attachment, never sniffed."""
    document = get_document_for_user(request.user, pk)
    try:
        handle = default_storage.open(document.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = file_download_response(handle, filename=document.original_name, content_type=document.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- transitions


def _simple_action(request, pk, action, service, done):
    registration = get_registration_for_user(request.user, pk, action=action)
    try:
        service(registration=registration, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return _to_detail(registration)


@login_required
@require_POST
def registration_notify_result(request, pk):
    """The written notice of a result no decision announces (not recognised, eliminated, forwarded to the ministry)."""
    return _simple_action(
        request, pk, "notify_result", services.registration_notify_result, _("Đã gửi thông báo kết quả cho chủ thể.")
    )


@login_required
@require_POST
def registration_submit(request, pk):
    registration = get_registration_for_user(request.user, pk, action="submit")
    if not is_confirmed(request):
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
    return _simple_action(request, pk, "submit", services.registration_submit, _("Đã nộp hồ sơ cho UBND xã."))


@login_required
@require_POST
def registration_forward(request, pk):
    registration = get_registration_for_user(request.user, pk, action="forward")
    if not is_confirmed(request):
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
    return _simple_action(request, pk, "forward", services.registration_forward, _("Đã chuyển hồ sơ lên cấp tỉnh."))


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
        request, pk, "start_review", services.registration_start_review, _("Đã tiếp nhận hồ sơ cho Tổ tư vấn xem xét.")
    )


@login_required
@require_POST
def registration_mark_ready(request, pk):
    return _simple_action(
        request, pk, "mark_ready", services.registration_mark_ready, _("Hồ sơ đã sẵn sàng trình Hội đồng.")
    )


def _reason_action(request, pk, action, service, title, done, *, confirm=None):
    """A reason, then the act. `confirm` (what will happen, and the button) makes the act ask first."""
    registration = get_registration_for_user(request.user, pk, action=action)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not is_going_back(request):
        if confirm and not is_confirmed(request):
            consequences, submit = confirm
            summary = [(_("Lý do"), form.cleaned_data["reason"])]
            return _confirm(request, registration, title, consequences, submit, summary=summary, can_go_back=True)
        try:
            service(registration=registration, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return _to_detail(registration)
    return _form_page(request, registration, form, title, submit=title)


@login_required
@GET_POST
def registration_return(request, pk):
    registration = get_registration_for_user(request.user, pk)
    action = "commune_return" if registration.status == "submitted" else "province_return"
    return _reason_action(request, pk, action, services.registration_return, _("Trả lại hồ sơ"), _("Đã trả lại hồ sơ."))


@login_required
@GET_POST
def registration_reject(request, pk):
    registration = get_registration_for_user(request.user, pk)
    action = "commune_reject" if registration.status == "submitted" else "reject"
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
        services.registration_reject,
        _("Từ chối hồ sơ"),
        _("Đã từ chối hồ sơ."),
        confirm=confirm,
    )


@login_required
@GET_POST
def registration_eliminate(request, pk):
    confirm = (
        [
            _("Sản phẩm bị loại khỏi đợt đánh giá, không được chấm điểm hay xếp hạng."),
            _("Chủ thể được thông báo ngay, kèm lý do loại (Điều 7.3g)."),
        ],
        _("Xác nhận loại hồ sơ"),
    )
    return _reason_action(
        request,
        pk,
        "eliminate",
        services.registration_eliminate,
        _("Loại hồ sơ"),
        _("Đã loại hồ sơ."),
        confirm=confirm,
    )


@login_required
@GET_POST
def registration_send_back(request, pk):
    return _reason_action(
        request,
        pk,
        "send_back",
        services.registration_send_back_to_province,
        _("Chuyển Hội đồng cấp tỉnh đánh giá lại (Điều 7.4g)"),
        _("Đã chuyển hồ sơ về Hội đồng cấp tỉnh để đánh giá lại."),
    )


@login_required
@GET_POST
def registration_withdraw(request, pk):
    return _reason_action(request, pk, "withdraw", services.registration_withdraw, _("Rút hồ sơ"), _("Đã rút hồ sơ."))


@login_required
@GET_POST
def registration_commune_report(request, pk):
    registration = get_registration_for_user(request.user, pk, action="commune_report")
    report = getattr(registration, "commune_report", None)
    initial = {f: getattr(report, f) for f in CommuneReportForm.base_fields} if report else {}
    form = CommuneReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commune_report_save(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu báo cáo của UBND xã (Mẫu 03)."))
            return _to_detail(registration)
    return _form_page(request, registration, form, _("Báo cáo đánh giá của UBND xã (Mẫu 03)"), submit=_("Lưu Mẫu 03"))


@login_required
@GET_POST
def registration_request_supplement(request, pk):
    registration = get_registration_for_user(request.user, pk, action="request_supplement")
    form = SupplementRequestForm(request.POST or None, registration=registration)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_request_supplement(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi yêu cầu bổ sung."))
            return _to_detail(registration)
    return _form_page(request, registration, form, _("Yêu cầu bổ sung hồ sơ"), submit=_("Gửi yêu cầu"))


@login_required
@GET_POST
def registration_supply(request, pk):
    registration = get_registration_for_user(request.user, pk, action="supply")
    form = SupplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_supply_supplement(
                registration=registration, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi hồ sơ bổ sung cho Tổ tư vấn."))
            return _to_detail(registration)
    return _form_page(request, registration, form, _("Gửi hồ sơ bổ sung"), submit=_("Gửi bổ sung"))


@login_required
@GET_POST
def registration_site_visit(request, pk):
    registration = get_registration_for_user(request.user, pk, action="site_visit")
    form = SiteVisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sitevisit_record(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi biên bản khảo sát thực tế."))
            return _to_detail(registration)
    return _form_page(request, registration, form, _("Biên bản khảo sát thực tế"), submit=_("Lưu biên bản"))


@login_required
@GET_POST
def registration_test_request(request, pk):
    registration = get_registration_for_user(request.user, pk, action="test_request")
    form = TestRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.testrequest_create(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã đề nghị kiểm nghiệm bổ sung."))
            return _to_detail(registration)
    return _form_page(request, registration, form, _("Đề nghị kiểm nghiệm bổ sung"), submit=_("Gửi đề nghị"))


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
            services.testrequest_complete(test_request=test_request, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả kiểm nghiệm."))
            return _to_detail(registration)
    return _form_page(
        request,
        registration,
        form,
        _("Kết quả kiểm nghiệm bổ sung"),
        submit=_("Lưu kết quả"),
        intro=test_request.indicators,
    )


# ---------------------------------------------------------------- rounds


@login_required
@require_GET
def round_list(request):
    filterset = selectors.round_list(user=request.user, data=request.GET or None, request=request)
    return render(
        request,
        "evaluation/round_list.html",
        {"filter": filterset, "rounds": filterset.qs, "can_create": can_create_round(request.user)},
    )


@login_required
@require_GET
def round_detail(request, pk):
    evaluation_round = get_round_for_user(request.user, pk)
    next_status = services.round_next_status(evaluation_round)
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": evaluation_round,
            "next_status": next_status,
            "can_manage": can_create_round(request.user) and next_status is not None,
            "counts": selectors.round_status_counts(user=request.user, evaluation_round=evaluation_round),
        },
    )


@login_required
@GET_POST
def round_create(request):
    if not can_create_round(request.user):
        raise PermissionDenied
    form = RoundCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_round = services.round_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo đợt đánh giá."))
            return redirect("evaluation:round_detail", pk=evaluation_round.pk)
    return _form_page(request, None, form, _("Tạo đợt đánh giá"), submit=_("Tạo đợt"))


@login_required
@require_POST
def round_set_status(request, pk):
    evaluation_round = get_round_for_user(request.user, pk, write=True)
    try:
        services.round_set_status(
            evaluation_round=evaluation_round, status=request.POST.get("status", ""), by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã cập nhật trạng thái đợt đánh giá."))
    return redirect("evaluation:round_detail", pk=evaluation_round.pk)


@login_required
@require_GET
def registration_form_pdf(request, pk, form):
    """Mẫu 01, 02 or 03 of D26 Phụ lục III, filled from the dossier, to print, sign and upload back."""
    from ..dossier_forms import FORMS, dossier_form_pdf

    if form not in FORMS:
        raise Http404
    registration = get_registration_for_user(request.user, pk)
    content = dossier_form_pdf(registration=registration, form=form, user=request.user)
    return download_response(
        content, filename=f"mau-{form}-ho-so-{registration.pk}.pdf", content_type="application/pdf"
    )
