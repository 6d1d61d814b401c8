"""Supervision pages: complaints (the public form, the office's triage) and revocation cases (the commune's
confirmation that production stopped, the case page, closing it). Thin views: chokepoint → form → service → message
and redirect."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates.models import Certificate
from certificates.permissions import can_manage_certificate
from certificates.selectors.revocations import revocation_proposal_of
from ocop.downloads import image_response
from ocop.forms import add_service_errors
from ocop.security import rate_limited
from products.models import Product

from .. import forms, selectors, services
from ..choices import ComplaintStatus
from ..filters import ComplaintFilter
from ..models import OFFICE_READERS, RevocationCase
from ..permissions import (
    can_confirm_stop,
    can_office_certificate,
    can_record_conclusion,
    can_request_on_conclusion,
    get_case_for_user,
    get_complaint_for_user,
    is_office,
)
from .common import page_of, require

# --- Complaints -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def complaint_public(request, pk):
    """The short form of the public product page: no account, a honeypot, a rate limit per address. A complaint
    sent, or sent again (complaint_submit), is answered with a redirect to its receipt: a reload sends nothing. So is
    a robot's sending (the honeypot filled, complaint_discard), to a receipt of nothing recorded."""
    product = get_object_or_404(Product, pk=pk)
    if services.live_certificate_of(product) is None:
        raise Http404
    form = forms.PublicComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if rate_limited(request, group="supervision_complaint", rate=settings.OCOP_COMPLAINT_RATE):
            return render(request, "ocop/rate_limited.html", status=429)
        if form.is_valid():
            if form.cleaned_data["website"]:  # a robot filled the hidden field: answer as if sent, keep nothing
                token = services.complaint_discard(product=product, submission=form.cleaned_data["submission"])
                return redirect("supervision:complaint_receipt", token)
            data = form.cleaned_data
            try:
                complaint = services.complaint_submit(
                    product=product,
                    text=data["text"],
                    name=data["name"],
                    contact=data["contact"],
                    photo=data["photo"],
                    submission=data["submission"],
                )
            except services.ComplaintAlreadySent as sent:
                messages.info(request, sent.messages[0])
                return _to_receipt(request, sent.complaint)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _to_receipt(request, complaint)
    response = render(request, "supervision/complaint_public.html", {"product": product, "form": form})
    response["X-Robots-Tag"] = "noindex"
    return response


def _to_receipt(request, complaint):
    return redirect("supervision:complaint_receipt", complaint.submission)


@require_GET
def complaint_receipt(request, submission):
    """The receipt of a public complaint, the page its form redirects to: the product, when it was sent and its code.
    Its address carries the form's one-time token, which only the sender has. A robot's sending (complaint_discard)
    is thanked for its product, with no time nor code: nothing was recorded."""
    complaint = selectors.complaint_receipt(submission=submission)
    product = complaint.product if complaint else selectors.complaint_discarded_product(submission=submission)
    if product is None:
        raise Http404
    response = render(request, "supervision/complaint_thanks.html", {"product": product, "complaint": complaint})
    response["X-Robots-Tag"] = "noindex"
    return response


def _reads_complaints(user) -> bool:
    return user.is_national or user.role in OFFICE_READERS | {"commune_officer"}


@login_required
@require_GET
def complaint_list(request):
    require(_reads_complaints(request.user))
    found = ComplaintFilter(request.GET, queryset=selectors.complaint_list(user=request.user))
    status = found.form.cleaned_data.get("status", "") if found.is_valid() else ""
    return render(
        request,
        "supervision/complaint_list.html",
        {
            "page": page_of(request, found.qs),
            "filter": found,
            "status": status,
            "statuses": ComplaintStatus.choices,
            "can_create": _reads_complaints(request.user) and not request.user.is_read_only,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request):
    require(_reads_complaints(request.user) and not request.user.is_read_only)
    form = forms.OfficerComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_submit(
                product=form.certificate.product,
                text=form.cleaned_data["text"],
                photo=form.cleaned_data["photo"],
                by=request.user,
                submission=form.cleaned_data["submission"],
            )
        except services.ComplaintAlreadySent as sent:
            messages.info(request, sent.messages[0])
            return redirect("supervision:complaint_detail", sent.complaint.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận phản ánh."))
            return redirect("supervision:complaint_detail", complaint.pk)
    return render(request, "supervision/complaint_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request, pk):
    complaint = get_complaint_for_user(request.user, pk, write=request.method == "POST")
    can_triage = complaint.status == ComplaintStatus.NEW and is_office(request.user)
    form = forms.TriageForm(request.POST or None, user=request.user, initial={"scheduled_on": forms.default_due(7)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.complaint_triage(
                complaint=complaint,
                by=request.user,
                action=data["action"],
                reason=data["reason"],
                inspectors=data["inspectors"] or [],
                scheduled_on=data["scheduled_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã xử lý phản ánh."))
            return redirect("supervision:complaint_detail", complaint.pk)
    return render(
        request, "supervision/complaint_detail.html", {"complaint": complaint, "form": form, "can_triage": can_triage}
    )


@login_required
@require_GET
def complaint_photo(request, pk):
    complaint = get_complaint_for_user(request.user, pk)
    if not complaint.photo:
        raise Http404
    return image_response(complaint.photo)


# --- Revocation cases -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def stop_confirm(request, pk):
    """The commune's confirmation that the producer no longer produces (Điều 8.1đ, 8.4); pk is the certificate."""
    certificate = get_object_or_404(
        Certificate.objects.for_user(request.user).select_related("product__producer__commune"), pk=pk
    )
    require(can_confirm_stop(request.user, certificate))
    if request.method == "GET" and (under_way := _revocation_under_way(request, certificate)):
        return under_way
    form = forms.StopConfirmForm(
        request.POST or None, certificate=certificate, initial={"confirmed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.production_stop_confirm(certificate=certificate, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận xác nhận; cơ quan OCOP tỉnh được thông báo."))
            return redirect("supervision:case_detail", case.pk)
    return render(request, "supervision/stop_confirm.html", {"certificate": certificate, "form": form})


def _revocation_under_way(request, certificate: Certificate):
    """A page that starts a revocation, opened (from an old link) while one is already under way on the certificate,
    which the service would refuse once the form is filled in: the officer is sent to what is under way instead."""
    under_way = selectors.revocation_under_way(certificate=certificate)
    if not under_way["any"]:
        return None
    case = under_way["case"]
    if case is not None:
        messages.warning(
            request,
            _("Giấy chứng nhận này đã có hồ sơ thu hồi đang theo dõi, hạn %(d)s: xem và xử lý hồ sơ đó.")
            % {"d": f"{case.due_on:%d/%m/%Y}"},
        )
        if RevocationCase.objects.for_user(request.user).filter(pk=case.pk).exists():
            return redirect("supervision:case_detail", case.pk)
    else:
        messages.warning(request, _("Giấy chứng nhận này đã có đề xuất thu hồi; xem và ban hành hoặc rút đề xuất đó."))
    return redirect("certificates:certificate_detail", certificate.pk)


@login_required
@require_http_methods(["GET", "POST"])
def agency_conclusion(request, pk):
    """A proposal to revoke on a competent authority's conclusion (Điều 8.1a, c, e), or the ministry's request to the
    province (Điều 10.1b), with the conclusion that starts the 15 days of Điều 8.4, recorded on the certificate's open
    case when that case awaits it (the page is then that case's: opened from it, not sent back to it, and its note
    and "Huỷ" lead back to it); pk is the certificate."""
    certificate = get_object_or_404(
        Certificate.objects.for_user(request.user).select_related("product__producer__commune"), pk=pk
    )
    require(can_record_conclusion(request.user, certificate))
    requesting = can_request_on_conclusion(request.user, certificate)  # the ministry, Điều 10.1b
    awaiting = services.case_awaiting_conclusion(certificate, requesting=requesting)
    # A revocation under way leaves nothing to start here, unless its case waits for the conclusion this page records.
    if request.method == "GET" and awaiting is None and (under_way := _revocation_under_way(request, certificate)):
        return under_way
    form = forms.AgencyConclusionForm(
        request.POST or None, certificate=certificate, requesting=requesting, case=awaiting
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.agency_conclusion_propose(certificate=certificate, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            _link_the_open_case(request, form, certificate, exc)
        else:
            if requesting:
                messages.success(
                    request, _("Đã ghi đề nghị thu hồi; cơ quan tham mưu quản lý OCOP cấp tỉnh được thông báo.")
                )
            else:
                messages.success(request, _("Đã đề xuất thu hồi; một cán bộ khác kiểm tra và ban hành quyết định."))
            return redirect("supervision:case_detail", case.pk)
    return render(
        request,
        "supervision/agency_conclusion.html",
        {"certificate": certificate, "form": form, "requesting": requesting, "awaiting": awaiting},
    )


def _link_the_open_case(request, form, certificate: Certificate, exc: ValidationError) -> None:
    """A conclusion refused because the certificate already has an open case it cannot go to (code "duplicate"): the
    refusal comes with a link to that case, for those who may open it."""
    if hasattr(exc, "error_dict") or not any(error.code == "duplicate" for error in exc.error_list):
        return
    case = RevocationCase.objects.for_user(request.user).filter(certificate=certificate, closed_on=None).first()
    if case is not None:
        form.add_error(
            None,
            format_html(
                '<a class="alert-link" href="{}" data-testid="open-case">{}</a>',
                reverse("supervision:case_detail", args=[case.pk]),
                _("Xem hồ sơ thu hồi đang theo dõi"),
            ),
        )


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, pk):
    """A case's limit and where its revocation stands; the office proposes it (then another officer issues)."""
    case = get_case_for_user(request.user, pk, write=request.method == "POST")
    certificate = case.certificate
    proposal = revocation_proposal_of(certificate)
    if request.method == "POST":
        try:
            services.revocation_case_propose(case=case, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã đề xuất thu hồi; một cán bộ khác ban hành quyết định."))
        return redirect("supervision:case_detail", case.pk)
    return _case_page(request, case, proposal, forms.CaseCloseForm())


def _case_page(request, case, proposal, close_form):
    certificate = case.certificate
    live = certificate.is_live_on(timezone.localdate())  # the status of the day, as the services refuse by it
    may_act = (
        not case.is_closed
        and proposal is None
        and live
        and can_office_certificate(request.user, certificate)
        and can_manage_certificate(request.user, certificate)
    )
    # A case opened from an inspection's own finding on ground c or e lacks the agency's conclusion it rests on: the
    # page says so and leads to where it is recorded (and the proposal made) instead of a button that is refused.
    awaits = not case.is_closed and proposal is None and case.awaits_agency_conclusion
    # The ministry's request on ground e (Điều 10.1b) is that conclusion too, recorded from the same page.
    may_request = (
        awaits
        and live
        and can_request_on_conclusion(request.user, certificate)
        and services.case_awaiting_conclusion(certificate, requesting=True) is not None
    )
    return render(
        request,
        "supervision/case_detail.html",
        {
            "case": case,
            "certificate": certificate,
            "proposal": proposal,
            "revoked": certificate.status == "revoked",
            "awaits_conclusion": awaits,
            "can_propose": may_act and not awaits,
            "can_record_conclusion": may_act and awaits,
            "can_request_conclusion": may_request,
            "close_form": close_form if may_act else None,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def case_close(request, pk):
    """The office decides not to revoke: the case closes with its reason and leaves the follow-up."""
    case = get_case_for_user(request.user, pk, write=True)
    form = forms.CaseCloseForm(request.POST)
    if form.is_valid():
        try:
            services.revocation_case_close(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã đóng hồ sơ thu hồi; lý do được lưu."))
            return redirect("supervision:case_detail", case.pk)
    return _case_page(request, case, revocation_proposal_of(case.certificate), form)
