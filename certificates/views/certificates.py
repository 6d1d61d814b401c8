"""Certificates: the list, a certificate's page and download, public verification (the QR code), correction,
revocation (four eyes) and historic certificates typed in. Views only call services."""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluation.choices import FILED_STATUSES
from evaluation.selectors.reevaluation import filed_on, reevaluation_window_note
from ocop.choices import Role
from ocop.confirm import confirm_page, is_confirmed, is_going_back
from ocop.downloads import download_response, stored_file_response
from ocop.forms import add_service_errors, valid_and_checked
from ocop.security import rate_limited
from products.filters import filter_provinces
from products.permissions import acts_for_producer
from products.selectors import audit_history_for

from .. import hooks as certificate_hooks
from .. import pdf as certificate_pdf
from ..choices import (
    AGENCY_OR_INSPECTION_GROUNDS,
    COMMUNE_GROUNDS,
    CONCLUSION_GROUNDS,
    INSPECTION_GROUNDS,
    LIVE_STATUSES,
    CertificateStatus,
    RevocationStatus,
    ground_letters,
)
from ..filters import CERTIFICATE_STATUS_CHOICES, certificate_drilldown
from ..forms import (
    CertificateCorrectForm,
    HistoricCertificateForm,
    RevokeForm,
    RevokeProposeForm,
)
from ..permissions import (
    can_issue_revocation,
    can_manage_certificate,
    can_record_historic,
    can_see_revocation,
    get_certificate_for_user,
)
from ..selectors.certificates import certificate_download_link, certificate_open_dossier, certificate_stored_document
from ..selectors.certificates import certificate_list as select_certificates
from ..selectors.decisions import decision_visible
from ..selectors.revocations import revocation_of, revocation_proposal_of
from ..selectors.verification import certificate_public, certificate_visit_stats, certificate_visit_summary
from ..services import certificates as cert_services
from ..services import revocations as revocation_services
from ..services.expiry.reevaluation import REEVALUATION_FROM, can_start_reevaluation, producer_files_itself
from ..services.expiry.states import extension_ends, renewal_window


@login_required
@require_GET
def certificate_list(request):
    qs = select_certificates(user=request.user, filters=request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "page": page,
            "can_record_historic": can_record_historic(request.user),
            "statuses": CERTIFICATE_STATUS_CHOICES,
            "drilldown": certificate_drilldown(request.GET),
            "provinces": filter_provinces(request.user) if request.user.is_national else None,
            "visit_summary": certificate_visit_summary(user=request.user)
            if request.user.role != Role.PRODUCER
            else None,
        },
    )


@login_required
@require_GET
def certificate_detail(request, pk: int):
    certificate = get_certificate_for_user(request.user, pk)
    # The status of the day (as the producer's home and the verification page read it), not the one the night's
    # sweep last stored: the badge, the extension line and the actions follow it.
    certificate.status_today = certificate.effective_status(timezone.localdate())
    staff = request.user.role != Role.PRODUCER
    revocation = revocation_of(certificate)
    open_dossier = certificate_open_dossier(user=request.user, certificate=certificate)
    acts = acts_for_producer(request.user, certificate.product.producer)
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "can_revoke": certificate.status_today in LIVE_STATUSES
            and can_manage_certificate(request.user, certificate),
            "can_reevaluate": can_start_reevaluation(request.user, certificate, acts=acts),
            # An officer is offered no re-evaluation of a producer with an account, which files it itself: why.
            "producer_files_itself": producer_files_itself(request.user, certificate, acts=acts),
            # A dossier of the product in progress is linked (instead of offering a second one before the expiry, and
            # after it while it keeps the certificate extended), as filed, back with the producer to complete, or not
            # filed yet.
            "open_dossier": open_dossier,
            "open_dossier_state": _dossier_state(open_dossier),
            "visits": certificate_visit_stats(certificate=certificate) if staff else None,
            "decision_visible": decision_visible(user=request.user, decision_id=certificate.decision_id),
            "window": renewal_window(certificate.valid_until)
            if certificate.status_today in REEVALUATION_FROM
            else None,
            # No D26 window (it expired, or its window closed, before D26 took effect): why, instead of dates.
            "window_note": reevaluation_window_note(certificate.valid_until)
            if certificate.status_today in (*REEVALUATION_FROM, CertificateStatus.EXPIRED)
            else None,
            "extended_until": extension_ends(certificate.valid_until)
            if certificate.status_today == CertificateStatus.EXTENDED
            else None,
            "versions": certificate.pdf_versions.all() if staff else (),
            # Thu hồi: the issued decision (with proposer and issuer) for all; a pending proposal for officials only.
            "revocation": revocation if revocation and revocation.status == RevocationStatus.ISSUED else None,
            "proposal": revocation
            if revocation
            and revocation.status == RevocationStatus.PROPOSED
            and can_see_revocation(request.user, revocation)
            else None,
            "verify_url": cert_services.certificate_verify_url(certificate),
            "history": audit_history_for(user=request.user, target=certificate),
            "more_actions": [
                a for answer in certificate_hooks.certificate_actions(request.user, certificate) for a in answer
            ],
        },
    )


def _dossier_state(registration) -> str | None:
    """How the certificate page names its product's open dossier: "filed" (with the authority), "returned" (filed,
    back with the producer to complete: Điều 7.3a) or "draft" (not filed yet)."""
    if registration is None:
        return None
    if registration.status in FILED_STATUSES:
        return "filed"
    return "returned" if filed_on(registration) is not None else "draft"


@login_required
@require_GET
def certificate_download(request, pk: int):
    """Serves the stored file: rendered once at issuance, never again (a legal document is byte-identical)."""
    certificate = get_certificate_for_user(request.user, pk)
    if certificate.status == CertificateStatus.REVOKED:  # never hand out a revoked one as if it were valid
        return download_response(
            cert_services.certificate_revoked_copy(certificate=certificate),
            filename=f"giay-chung-nhan-{certificate.number}-DA-THU-HOI.pdf",
            content_type="application/pdf",
        )
    if not certificate.has_document:  # the render task has not run yet (or failed): render it now, once
        certificate = cert_services.certificate_render_pdf(certificate_id=certificate.pk)
    copy = cert_services.certificate_copy_for_site(certificate=certificate)
    if copy is not None:  # development: the stored file carries another address than the one being served
        return download_response(
            copy, filename=f"giay-chung-nhan-{certificate.number}.pdf", content_type="application/pdf"
        )
    link = certificate_download_link(certificate, session_key=request.session.session_key)
    if link is not None:  # OCOP_SENDFILE=secure-link: the proxy serves it (a bookmark of this URL still works)
        return redirect(link)
    document, name = certificate_stored_document(certificate)
    content_type = mimetypes.guess_type(document.name)[0] or "application/octet-stream"
    response = stored_file_response(document, filename=name, content_type=content_type)
    if sha := certificate.pdf_sha256 or certificate.scan_sha256:  # the rendered PDF's, else the scan's
        response["X-Content-SHA256"] = sha
    return response


@login_required
@require_GET
def certificate_revocation_pdf(request, pk: int):
    """The decision revoking the certificate (thu hồi, Điều 8) as a PDF: once issued, with the number and date the
    officer recorded, for whoever reads the certificate; while only proposed, its draft (DỰ THẢO, number and date
    blank) to bring to signature, for the officials who see the proposal. Where there is none, or it is a proposal
    the reader may not see (the producer's), 404: the answer does not tell the producer that one is pending."""
    certificate = get_certificate_for_user(request.user, pk)
    revocation = revocation_of(certificate)
    if revocation is None or not can_see_revocation(request.user, revocation):
        raise Http404
    revocation.certificate = certificate  # with the decision, product, producer and commune already read
    content = certificate_pdf.render_revocation_pdf(revocation=revocation)
    issued = revocation.status == RevocationStatus.ISSUED
    name = revocation.decision_number if issued else f"du-thao-{certificate.number}"
    return download_response(
        content, filename=f"quyet-dinh-thu-hoi-{name}.pdf", content_type="application/pdf", as_attachment=False
    )


@never_cache
@require_GET
def certificate_verify(request, token: str):
    """Public (no login): what is printed plus the live status. A revoked certificate answers 410."""
    if rate_limited(request, group="certificate_verify", rate=settings.VERIFY_RATE):
        return render(request, "ocop/rate_limited.html", status=429)
    data = certificate_public(token=token)
    if data is None:  # a mistyped address or a forged label: say so, and how to check by number (still a 404)
        response = render(request, "certificates/certificate_verify_unknown.html", status=404)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response
    cert_services.verification_visit_log(certificate_id=data["id"])
    status = 410 if data["status"] == CertificateStatus.REVOKED else 200
    response = render(request, "certificates/certificate_verify.html", {"c": data}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk: int):
    """Thu hồi in two acts by two officers: with no proposal the form proposes (ground, detail); with another
    officer's proposal it issues the decision (number, date) after a confirmation step; the proposer is told
    that another officer must issue it, and may withdraw."""
    certificate = get_certificate_for_user(request.user, pk, write=True)
    revoked = revocation_services.revoked_notice(certificate)
    if revoked:  # revoked meanwhile, or this is the second copy of the issue: nothing left to propose or issue
        messages.info(request, revoked)
        return redirect("certificates:certificate_detail", pk=certificate.pk)
    proposal = revocation_proposal_of(certificate)
    if proposal is None:
        return _certificate_revoke_propose(request, certificate)
    form = RevokeForm(request.POST or None, proposal=proposal)
    if (
        request.method == "POST"
        and not is_going_back(request)
        and valid_and_checked(
            form,
            revocation_services.revocation_decision_check,
            ("decision_number", "decision_date", "grounded_on", "submission_number", "submission_date"),
            certificate=certificate,
            proposal=proposal,
        )
    ):
        own = not can_issue_revocation(request.user, proposal)
        if not own and not is_confirmed(request):
            data = form.cleaned_data
            return confirm_page(
                request,
                title=_("Thu hồi giấy chứng nhận %(number)s") % {"number": certificate.number},
                consequences=[
                    _("Giấy chứng nhận của %(product)s — %(producer)s hết hiệu lực.")
                    % {"product": certificate.product_name, "producer": certificate.producer_name},
                    _("Trang xác minh công khai báo giấy chứng nhận bị thu hồi ngay, kèm căn cứ."),
                    _("Chủ thể được thông báo."),
                ],
                summary=[
                    (_("Căn cứ thu hồi (Điều 8)"), proposal.get_ground_display()),
                    (_("Nội dung, kết luận"), proposal.detail),
                    (_("Người đề xuất"), _user_name(proposal.proposed_by)),
                    (form.fields["decision_number"].label, data["decision_number"]),
                    (form.fields["decision_date"].label, date_format(data["decision_date"], "SHORT_DATE_FORMAT")),
                    *_typed_dates(form, data, "grounded_on"),
                    *(
                        [
                            (form.fields["submission_number"].label, data["submission_number"]),
                            *_typed_dates(form, data, "submission_date"),
                        ]
                        if data.get("submission_number")
                        else []
                    ),
                    (form.fields["signer_title"].label, data["signer_title"] or "—"),
                    (form.fields["signer_name"].label, data["signer_name"] or "—"),
                ],
                submit=_("Xác nhận thu hồi"),
                cancel_url=reverse("certificates:certificate_detail", args=[certificate.pk]),
                can_go_back=True,
            )
        try:
            revocation_services.certificate_revoke(certificate=certificate, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thu hồi giấy chứng nhận; trang xác minh đã cập nhật."))
            return redirect("certificates:certificate_detail", pk=certificate.pk)
    return render(
        request,
        "certificates/certificate_revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "proposal": proposal,
            "can_issue": can_issue_revocation(request.user, proposal),
        },
    )


def _typed_dates(form, data: dict, field: str) -> list[tuple]:
    """The confirmation step's line for a date field of `form` the officer typed (none when the field is not asked)."""
    if data.get(field) is None:
        return []
    return [(form.fields[field].label, date_format(data[field], "SHORT_DATE_FORMAT"))]


def _user_name(user) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def _certificate_revoke_propose(request, certificate):
    form = RevokeProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revocation_services.certificate_revoke_propose(
                certificate=certificate, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã đề xuất thu hồi; một cán bộ khác cần kiểm tra và ban hành quyết định thu hồi.")
            )
            return redirect("certificates:certificate_detail", pk=certificate.pk)
    # The grounds of CONCLUSION_GROUNDS are proposed with the conclusion that starts their 15 days, where the limit
    # is kept (supervision's agency-conclusion page, an inspection's conclusion).
    actions = [
        action for answer in certificate_hooks.certificate_actions(request.user, certificate) for action in answer
    ]
    on_conclusion = [action for action in actions if action.get("revoke")]
    # Grounds b and d rest on an inspection that concluded them: proposed from its conclusion or its case
    # (inspection_required); đ on the commune's confirmation, from the case it opens (confirmation_required).
    on_inspection = [action for action in actions if action.get("inspection")]
    on_confirmation = [action for action in actions if action.get("confirmation")]
    return render(
        request,
        "certificates/certificate_revoke.html",
        {
            "certificate": certificate,
            "form": form,
            "proposal": None,
            "on_conclusion": on_conclusion,
            "conclusion_grounds": ground_letters(CONCLUSION_GROUNDS),
            "inspection_grounds": ground_letters(AGENCY_OR_INSPECTION_GROUNDS),
            "on_inspection": on_inspection,
            "inspected_grounds": ground_letters(INSPECTION_GROUNDS),
            "on_confirmation": on_confirmation,
            "confirmed_grounds": ground_letters(COMMUNE_GROUNDS),
        },
    )


@login_required
@require_POST
def certificate_revoke_withdraw(request, pk: int):
    """Withdraw a pending proposal of thu hồi (the proposer or another officer)."""
    certificate = get_certificate_for_user(request.user, pk, write=True)
    try:
        revocation_services.certificate_revoke_withdraw(certificate=certificate, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã rút đề xuất thu hồi; giấy chứng nhận vẫn còn hiệu lực."))
    return redirect("certificates:certificate_detail", pk=certificate.pk)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_correct(request, pk: int):
    """Fix a printed field; a new PDF version is rendered and the old one kept."""
    certificate = get_certificate_for_user(request.user, pk, write=True)
    initial = {f: getattr(certificate, f) for f in CertificateCorrectForm.edits_fields}
    form = CertificateCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.own_changes(dict(form.cleaned_data))
        reason = data.pop("reason")
        try:
            cert_services.certificate_correct(
                certificate=certificate, reason=reason, by=request.user, seen=form.seen(), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã đính chính; bản PDF mới đã được tạo, bản cũ vẫn được lưu."))
            return redirect("certificates:certificate_detail", pk=certificate.pk)
    return render(request, "certificates/certificate_correct.html", {"certificate": certificate, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def historic_certificate_create(request):
    if not can_record_historic(request.user):
        raise PermissionDenied
    form = HistoricCertificateForm(request.POST or None, request.FILES or None, user=request.user)
    valid = request.method == "POST" and form.is_valid()
    if form.is_bound and not valid:  # the service's rules, judged beside a field the form refused
        form.check_with_the_service()
    if valid:
        try:
            certificate = cert_services.certificate_record_historic(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận giấy chứng nhận cũ."))
            return redirect("certificates:certificate_detail", pk=certificate.pk)
    return render(request, "certificates/historic_certificate_form.html", {"form": form})
