"""The written result notice (D26 Điều 7.3g): the OCOP office issues it, numbered and dated, on its own or as it
concludes a kept upgrade "không đạt" (Điều 7.5); the producer, the commune and the offices download its PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ocop.downloads import download_response
from ocop.forms import add_service_errors, check_with_the_form
from ocop.text import file_slug

from ..forms.notices import ResultNoticeForm
from ..permissions.registrations import (
    can_conclude_upgrade_kept,
    can_notify_result,
    get_registration_for_user,
    get_result_notice_for_user,
)
from ..selectors.dossier import latest_result
from ..services import notices as notices_services
from ..services import transitions as transitions_services
from ..services.notice_papers import notice_initial, notice_paper_check
from .pages import form_page, registration_redirect
from .transitions import _done_already, _moved_on


@login_required
@require_http_methods(["GET", "POST"])
def registration_notify_result(request, pk):
    """The written notice of a result no decision announces (not recognised, eliminated, forwarded to the ministry):
    its number, date, office and signer, then it is issued and sent."""
    registration = get_registration_for_user(request.user, pk, action="notify_result")
    if moved_on := _moved_on(request, registration, "notify_result"):
        return moved_on
    if registration.result_announced:
        messages.info(request, _("Kết quả này đã được thông báo cho chủ thể."))
        return registration_redirect(request, registration)
    if not can_notify_result(request.user, registration):
        raise PermissionDenied
    intro = _(
        "Thông báo bằng văn bản kết quả đánh giá, phân hạng cho chủ thể và UBND xã (Điều 7 khoản 3 điểm g): ghi số, "
        "ngày, cơ quan ban hành và người ký. Khi lưu, thông báo được ban hành, chủ thể và UBND xã nhận thông báo và "
        "tải được bản PDF; không sửa được nữa."
    )
    return _notice_page(
        request,
        registration,
        service=notices_services.registration_notify_result,
        title=_("Thông báo kết quả đánh giá, phân hạng"),
        intro=intro,
        done=_("Đã ban hành và gửi thông báo kết quả cho chủ thể."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_upgrade_not_achieved(request, pk):
    """A scored upgrade not above the star of the product's live certificate (Điều 7.5): "không đạt", the product
    keeps its certificate, the producer and the commune are told by the written notice (Điều 7.3g) issued with it.
    It cannot be undone: the page says so before the notice's number is given."""
    registration = get_registration_for_user(request.user, pk, action="upgrade_kept")
    if moved_on := _moved_on(request, registration, "upgrade_kept"):
        return moved_on
    if not can_conclude_upgrade_kept(request.user, registration):
        raise PermissionDenied
    intro = " ".join(
        [
            _(
                "Kết quả nâng hạng không cao hơn hạng sao của giấy chứng nhận đang có hiệu lực: không đạt nâng "
                "hạng, sản phẩm giữ giấy chứng nhận hiện có (Điều 7.5); không quyết định công nhận nào được lập."
            ),
            _("Hồ sơ chuyển sang “Không đạt”; chủ thể và UBND xã nhận thông báo kết quả bằng văn bản (Điều 7.3g)."),
        ]
    )
    return _notice_page(
        request,
        registration,
        service=transitions_services.registration_upgrade_not_achieved,
        title=_("Kết luận không đạt nâng hạng"),
        intro=intro,
        done=_("Đã kết luận không đạt nâng hạng và gửi thông báo kết quả."),
        submit=_("Xác nhận và gửi thông báo"),
    )


def _notice_page(request, registration, *, service, title, intro, done, submit=None):
    """The notice's form; once valid, `service` issues it (refusing beside each field what it cannot take)."""
    result = latest_result(registration)
    form = ResultNoticeForm(request.POST or None, initial=notice_initial(registration, result) if result else None)
    valid = request.method == "POST" and form.is_valid()
    if form.is_bound and not valid and result is not None:
        # The form refused a field: the service's check of the paper says the rest in the same answer (a malformed
        # number beside a signer left empty), with what the form could read; nothing is written, nothing locked.
        read = {name: form.cleaned_data.get(name) for name in form.fields}
        check_with_the_form(form, notice_paper_check, registration=registration, result=result, lock=False, **read)
    if valid:
        try:
            service(registration=registration, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if done_already := _done_already(request, registration, exc):
                return done_already
            registration.refresh_from_db()
            if registration.result_announced:  # the other copy of a double click issued it meanwhile
                messages.info(request, _("Kết quả này đã được thông báo cho chủ thể."))
                return registration_redirect(request, registration)
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return registration_redirect(request, registration)
    return form_page(request, registration, form, title, submit=submit or _("Ban hành và gửi thông báo"), intro=intro)


@login_required
@require_GET
def result_notice_pdf(request, pk):
    """The written result notice as PDF, for its readers among those who see the dossier (NOTICE_READERS)."""
    from ..notice_pdf import render_result_notice_pdf

    notice = get_result_notice_for_user(request.user, pk)
    content = render_result_notice_pdf(notice)
    response = download_response(
        content,
        filename=f"thong-bao-{file_slug(notice.number)}.pdf",
        content_type="application/pdf",
        as_attachment=False,
    )
    response["Cache-Control"] = "private, no-store"
    return response
