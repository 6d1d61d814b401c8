"""An inspection's conclusion: its outcome, the remedy asked, and a ground to revoke (confirmed first, with
the 15 days it starts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certificates.permissions import can_manage_certificate
from ocop.confirm import confirm_page, is_confirmed, is_going_back
from ocop.forms import add_service_errors, valid_and_checked

from .. import forms, services
from ..choices import CaseSource, InspectionStatus, Outcome
from ..permissions import get_inspection_for_user


@login_required
@require_http_methods(["GET", "POST"])
def inspection_conclude(request, pk):
    inspection = get_inspection_for_user(request.user, pk, record=True)
    if inspection.status == InspectionStatus.CONCLUDED:
        return redirect("supervision:inspection_detail", inspection.pk)
    form = forms.ConcludeForm(
        request.POST or None, inspection=inspection, initial={"remedy_due_on": forms.default_due(30)}
    )
    # The conclusion's rules (services.inspection_conclusion_check) are asked before the confirmation step of a
    # revocation, and in the same answer as the form's own refusals (a date left empty no longer hid a remedy with
    # nothing to put right): never a confirmation of a conclusion that cannot be made.
    if (
        request.method == "POST"
        and not is_going_back(request)
        and valid_and_checked(
            form,
            services.inspection_conclusion_check,
            _conclusion_fields(form),
            inspection=inspection,
            by=request.user,
        )
    ):
        data = form.cleaned_data
        if data["outcome"] == Outcome.REVOKE and not is_confirmed(request):
            return _revoke_confirm_page(request, form, inspection)
        try:
            services.inspection_conclude(
                inspection=inspection, by=request.user, **_conclusion(form), detail=data["detail"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã kết luận cuộc kiểm tra; chủ thể được thông báo."))
            return redirect("supervision:inspection_detail", inspection.pk)
    return render(
        request,
        "supervision/inspection_conclude.html",
        {"inspection": inspection, "form": form, "items": inspection.items.all()},
    )


def _revoke_confirm_page(request, form, inspection):
    """What a conclusion with a ground to revoke does: the proposal at once when the inspector's office is the one
    whose authority revokes, else the ground goes to that office (Điều 8.2, 8.3a); the 15 days run either way."""
    certificate = inspection.certificate
    if can_manage_certificate(request.user, certificate):
        title = _("Đề xuất thu hồi giấy chứng nhận %(n)s") % {"n": certificate.number}
        first = _("Đề xuất thu hồi được ghi vào giấy chứng nhận; một cán bộ khác kiểm tra và ban hành quyết định.")
        submit = _("Kết luận và đề xuất thu hồi")
    else:
        title = _("Kết luận có căn cứ thu hồi giấy chứng nhận %(n)s") % {"n": certificate.number}
        first = (
            _(
                "Bộ trưởng quyết định thu hồi giấy chứng nhận 5 sao: kết luận được chuyển cơ quan tham mưu quản lý OCOP của Bộ để đề xuất thu hồi."
            )
            if certificate.star == 5
            else _(
                "Chủ tịch UBND cấp tỉnh quyết định thu hồi giấy chứng nhận 3, 4 sao: kết luận được chuyển cơ quan tham "
                "mưu quản lý OCOP cấp tỉnh để đề xuất thu hồi."
            )
        )
        submit = _("Kết luận và chuyển cơ quan có thẩm quyền")
    return confirm_page(
        request,
        title=title,
        consequences=[first, _limit_start(inspection, form.cleaned_data), _("Chủ thể được thông báo.")],
        summary=[(_("Căn cứ"), dict(form.fields["ground"].choices).get(form.cleaned_data["ground"], ""))],
        submit=submit,
        cancel_url=reverse("supervision:inspection_detail", args=[inspection.pk]),
        can_go_back=True,
    )


def _limit_start(inspection, data: dict) -> str:
    typed = services.agency_conclusion_typed(  # entered with the ground (checked already)
        inspection,
        data["ground"],
        data.get("agency", ""),
        data.get("agency_document_number", ""),
        data.get("agency_concluded_on"),
    )
    if typed is not None:
        agency, document_number, concluded_on = typed
        start = {
            "source": CaseSource.AGENCY,
            "opened_on": concluded_on,
            "document_number": document_number,
            "agency": agency,
        }
    else:
        start = services.revocation_start(inspection, data["ground"])
    if start["source"] == CaseSource.AGENCY:
        return _(
            "Thời hạn 15 ngày (Điều 8.4) tính từ ngày %(d)s, ngày kết luận số %(n)s của %(a)s: hạn thu hồi %(due)s."
        ) % {
            "d": f"{start['opened_on']:%d/%m/%Y}",
            "n": start["document_number"],
            "a": start["agency"],
            "due": f"{services.revocation_due_on(start['opened_on']):%d/%m/%Y}",
        }
    return _("Thời hạn 15 ngày (Điều 8.4) bắt đầu từ ngày kết luận.")


def _conclusion_fields(form) -> tuple[str, ...]:
    """The conclusion's fields as the services take them (the check and the act read the same ones); the agency's
    conclusion is absent when the inspection recorded one at its opening."""
    names = ("outcome", "concluded_on", "remedy_required", "remedy_due_on", "ground")
    typed = ("agency", "agency_document_number", "agency_concluded_on")
    return names + tuple(name for name in typed if name in form.fields)


def _conclusion(form) -> dict:
    return {name: form.cleaned_data[name] for name in _conclusion_fields(form)}
