"""Certificates after issuance: the PDF (rendered once per version, stored with its SHA-256), correction of the
printed text, historic records and the public verification log. Revocation is in revocations.py, the decision ZIP in
batches.py."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from ocop.cache import public_cache_bump
from ocop.edits import edit_changes
from ocop.models import User, province_copies_refresh
from ocop.services import (
    audit_record,
    duplicates_refused,
    errors_collected,
    outbox_enqueue,
    stored_files_undone_on_error,
)
from ocop.site import site_url
from ocop.text import nfc
from ocop.uploads import file_sha256
from products.models import Product
from products.selectors import product_commune_ids
from products.services import product_refresh_status

from .. import pdf as certificate_pdf
from ..choices import (
    CertificateStatus,
    DecisionStatus,
)
from ..models import (
    Certificate,
    CertificatePdf,
    RecognitionDecision,
    Revocation,
    VerificationDay,
)
from ..permissions import can_manage_certificate, can_record_historic
from .decisions import certificate_valid_until
from .historic_checks import (  # noqa: F401 — historic_certificate_check: the rules' own tests call it from here
    historic_certificate_check,
    historic_decision_errors,
    historic_numbers_check,
    historic_rules_check,
    historic_signer,
)


def certificate_verify_url(certificate: Certificate, *, site: str | None = None) -> str:
    """The public verification page's full address, on `site` (the site's address now when None, ocop.site)."""
    return (site or site_url()) + reverse("certificates:certificate_verify", args=[certificate.verify_token])


def _store_pdf(certificate: Certificate, content: bytes, version: int) -> str:
    suffix = "" if version == 1 else f"-v{version}"
    name = f"certificates/{certificate.issued_on.year}/{certificate.verify_token}{suffix}.pdf"
    if default_storage.exists(name):  # a half-finished earlier attempt: never overwrite, keep both
        name = name.replace(".pdf", f"-{get_random_string(6)}.pdf")
    return default_storage.save(name, ContentFile(content))


@transaction.atomic
def certificate_render_pdf(
    *, certificate_id: int, reason: str = "", by: User | None = None, new_version: bool = False
) -> Certificate:
    """Render and store the certificate's PDF. Idempotent: returns at once when a PDF exists, unless
    `new_version` (a correction) asks for a further version; old versions are kept. A certificate
    recorded with a scan is never rendered."""
    certificate = Certificate.objects.select_for_update().select_related("decision").get(pk=certificate_id)
    if certificate.scan and not new_version:
        return certificate
    if certificate.pdf_sha256 and not new_version:
        return certificate
    site = site_url()
    content = certificate_pdf.render_certificate_pdf(
        certificate=certificate, verify_url=certificate_verify_url(certificate, site=site)
    )
    sha = hashlib.sha256(content).hexdigest()
    version = certificate.pdf_versions.count() + 1
    name = _store_pdf(certificate, content, version)
    CertificatePdf.objects.create(
        certificate=certificate, version=version, file=name, sha256=sha, reason=reason, created_by=by
    )
    certificate.pdf.name = name
    certificate.pdf_sha256 = sha
    certificate.pdf_site_url = site
    certificate.save(update_fields=["pdf", "pdf_sha256", "pdf_site_url"])
    audit_record(
        actor=by, action="certificate.render_pdf", target=certificate, changes={"version": version, "sha256": sha}
    )
    return certificate


def certificate_copy_for_site(*, certificate: Certificate) -> bytes | None:
    """What a download hands out instead of the stored PDF, or None for the stored file itself.

    With SITE_URL (every real installation: the app refuses DEBUG=0 without it) the stored file is the document,
    rendered once for the configured address and served byte-identical for ever: a printed QR code keeps opening the
    address it was printed with. Without SITE_URL (development, the demo) no address is configured: the stored file
    carries whichever address rendered it (the seeding command's default, a worker's, another port's), so a download
    from an address the file does not carry gets a copy rendered for the address being served, never stored (the
    file and its hash stay on record, as with certificate_revoked_copy)."""
    if settings.SITE_URL or not certificate.pdf_sha256 or certificate.pdf_site_url == site_url():
        return None
    return certificate_pdf.render_certificate_pdf(
        certificate=certificate, verify_url=certificate_verify_url(certificate)
    )


def certificate_render_for_site(*, certificate_id: int) -> bool:
    """A new version of the certificate's rendered PDF when the one stored carries another address than the site's
    now (SITE_URL): for the demo, seeded for one address and served at another (devtools.demo.seed_demo), never for
    a real installation's certificates. Returns whether it rendered one; a second call renders nothing."""
    certificate = Certificate.objects.get(pk=certificate_id)
    if not certificate.pdf_sha256 or certificate.scan or certificate.pdf_site_url == site_url():
        return False
    certificate_render_pdf(
        certificate_id=certificate_id, new_version=True, reason=f"Trang xác minh tại địa chỉ {site_url()}"
    )
    return True


def certificate_revoked_copy(*, certificate: Certificate) -> bytes:
    """What a download hands out once a certificate is revoked (D26 Điều 8): the certificate as issued with a
    "ĐÃ THU HỒI" mark, the revoking decision and its date. Rendered for each download and never stored, so
    the original file (and its hash) stays on record unchanged."""
    revocation = Revocation.objects.get(certificate=certificate)
    return certificate_pdf.render_certificate_pdf(
        certificate=certificate, verify_url=certificate_verify_url(certificate), revocation=revocation
    )


def decision_render_certificates(*, decision_id: int) -> int:
    """Render every certificate of an issued decision that has no document yet; returns how many."""
    ids = list(Certificate.objects.filter(decision_id=decision_id, pdf_sha256="", scan="").values_list("pk", flat=True))
    for pk in ids:
        certificate_render_pdf(certificate_id=pk)
    return len(ids)


@transaction.atomic
def certificate_correct(
    *, certificate: Certificate, reason: str, by: User, seen: dict | None = None, **fields
) -> Certificate:
    """Correct a printed field (a misspelt name or address) and render a new PDF version; the old
    file and its hash stay on record. `seen`: what the officer's page showed of the fields they changed (a field
    another officer corrected meanwhile is refused, ocop.edits.edit_changes)."""
    if not can_manage_certificate(by, certificate):
        raise PermissionDenied
    allowed = {"product_name", "producer_name", "producer_address", "product_code"}
    if not reason.strip():
        raise ValidationError({"reason": _("Nhập lý do đính chính.")})
    if set(fields) - allowed:
        raise ValueError(sorted(set(fields) - allowed))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    # Only a certificate in force today is corrected (what its page offers): by its status of the day, so one expired
    # overnight is refused before the 00:30 sweep has stored it, and an extended one (Điều 12.3) is still corrected.
    if not certificate.is_live_on(timezone.localdate()):
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực nên không thể đính chính."))
    fields = edit_changes(record=certificate, data=fields, seen=seen)
    changes = {}
    for key, value in fields.items():
        value = nfc(value)
        if getattr(certificate, key) != value:
            changes[key] = [getattr(certificate, key), value]
            setattr(certificate, key, value)
    if not changes:
        raise ValidationError(_("Không có nội dung nào thay đổi."))
    certificate.full_clean(exclude=["decision", "registration", "product", "issuer_name"])  # the number stays
    # The PDF on record prints what was just corrected: until its new version exists the certificate has no document,
    # so a download or the decision's ZIP renders it (once) if the task below never gets through. The old version
    # stays on record (CertificatePdf). A scanned historic certificate keeps its scan meanwhile.
    rendered_over_scan = bool(certificate.scan)
    if not rendered_over_scan:
        certificate.pdf_sha256 = ""
    certificate.save(update_fields=[*changes, "pdf_sha256", "updated_at"])
    audit_record(actor=by, action="certificate.correct", target=certificate, summary=reason, changes=changes)
    # The public product page shows the certificate's number and dates (the figures count none of it, but a
    # dashboard's list shows them).
    public_cache_bump(units=product_commune_ids(certificate.product_id))
    from ..tasks.decisions import certificate_render_pdf_task

    # The new version is rendered by the worker (queued through the outbox), never in the web request.
    outbox_enqueue(
        task=certificate_render_pdf_task,
        args=[certificate.pk],
        kwargs={"reason": reason, "by_id": by.pk, "new_version": rendered_over_scan},
    )
    return certificate


@transaction.atomic
def certificate_record_historic(
    *,
    by: User,
    product: Product,
    number: str,
    star: int,
    issuer_level: str,
    issuer_name: str,
    decision_number: str,
    decision_date: date,
    legal_basis: str,
    valid_until: date | None = None,
    scan=None,
    product_name: str = "",
    product_code: str = "",
    producer_name: str = "",
    producer_address: str = "",
    submission_number: str = "",
    submission_date: date | None = None,
    signer_title: str = "",
    signer_name: str = "",
) -> Certificate:
    """A certificate issued before this system (by a district or province under 1048/148), recorded with
    its original issuer so that the expiry watch covers it. With a scan, no PDF is generated. The first certificate
    of a decision records the decision, with the OCOP office's submission (tờ trình) it answers when the officer
    gives one (`submission_number`, `submission_date`: optional, both or neither, as at issue; historic_rules_check)
    and who signed it (`signer_title`, `signer_name`, as on the paper: its page and extract show them); a later one
    joins it (historic_decision_errors)."""
    if not can_record_historic(by):
        raise PermissionDenied
    if not Product.objects.for_user(by).filter(pk=product.pk).exists():
        raise PermissionDenied
    # Every refusal at once, each next to its field: the rules of the date, the printed last day, the decision
    # already recorded under that number, the certificate's own fields.
    errors: dict = {}
    with errors_collected(errors):
        historic_rules_check(
            issuer_level=issuer_level,
            star=star,
            decision_date=decision_date,
            legal_basis=legal_basis,
            valid_until=valid_until,
            submission_number=submission_number,
            submission_date=submission_date,
            signer_title=signer_title,
        )
    number = nfc(number).strip()
    decision_key = {  # numbers start again each year (models)
        "issuer_name": nfc(issuer_name).strip(),
        "number": nfc(decision_number).strip(),
        "date__year": decision_date.year,
        "status": DecisionStatus.ISSUED,
    }
    checks = {
        "issuer_level": issuer_level,
        "legal_basis": legal_basis,
        "decision_date": decision_date,
        "number": number,
        "product": product,
        "submission_number": submission_number,
        "submission_date": submission_date,
        "signer_title": signer_title,
        "signer_name": signer_name,
    }
    signed_by = historic_signer(signer_title, signer_name)
    decision = None
    with errors_collected(errors):
        decision = historic_numbers_check(
            issuer_name=decision_key["issuer_name"], decision_number=decision_key["number"], **checks
        )
    if decision is None and not errors:
        decision, created = RecognitionDecision.objects.get_or_create(
            **decision_key,
            defaults={
                "date": decision_date,
                "issuer_level": issuer_level,
                "legal_basis": legal_basis,
                "is_historic": True,
                "submission_number": nfc(submission_number or "").strip(),
                "submission_date": submission_date,
                "signer_title": signed_by[0],
                "signer_name": signed_by[1],
                "created_by": by,
                "issued_by": by,
                "issued_at": timezone.now(),
            },
        )
        if not created:  # recorded meanwhile by someone else: judged as the one found above would have been
            for field, message in historic_decision_errors(decision, **checks).items():
                errors.setdefault(field, []).append(message)
    valid_until = valid_until or certificate_valid_until(decision_date)
    today = timezone.localdate()
    producer = product.producer
    certificate = Certificate(
        number=number,
        decision=decision,
        product=product,
        star=star,
        # As printed on the old certificate when given (a product or producer renamed since), else as today.
        product_name=nfc(product_name).strip() or product.name,
        # The code printed then (older codes had a district part), or none: never today's, whose year is this
        # evaluation's, not the old certificate's.
        product_code=nfc(product_code).strip(),
        producer_name=nfc(producer_name).strip() or producer.name,
        # As printed then, or the address as it stood on the decision's day: before 01/07/2025 the former commune
        # with its district and province, never today's units under the old issuer.
        producer_address=nfc(producer_address).strip() or producer.address_on(decision_date),
        issued_on=decision_date,
        valid_until=valid_until,
        legal_basis=legal_basis,
        is_historic=True,
        status=CertificateStatus.EXPIRED if valid_until < today else CertificateStatus.VALID,
    )
    if scan is not None:
        certificate.scan = scan
        certificate.scan_sha256 = file_sha256(scan)
    with errors_collected(errors):
        certificate.full_clean(exclude=["decision", "product", "registration", "issuer_name"])
    if errors:
        raise ValidationError(errors)
    # The scan is stored when the row is saved: a write that fails after it (the same old certificate recorded twice
    # at once, refused by the database; the audit row) takes the file along instead of leaving it in storage.
    with stored_files_undone_on_error(certificate):
        with duplicates_refused(Certificate):
            certificate.save()
        audit_record(
            actor=by,
            action="certificate.record_historic",
            target=certificate,
            changes={
                "number": certificate.number,
                "issuer": decision.issuer_name,
                "decision": decision.number,
                "scan": bool(scan),
                **({"scan_sha256": certificate.scan_sha256} if scan else {}),
                **decision.submission_audit(),
            },
        )
        product_refresh_status(product=product)
    if scan is None:
        from ..tasks.decisions import certificate_render_pdf_task

        outbox_enqueue(task=certificate_render_pdf_task, args=[certificate.pk])
    return certificate


def verification_visit_log(*, certificate_id: int) -> None:
    """Count one look at the public page on the (certificate, today) row: an UPDATE … + 1 when the row exists,
    else an INSERT; a parallel first visit that wins the insert makes ours fall back to the update."""
    day = timezone.localdate()
    rows = VerificationDay.objects.filter(certificate_id=certificate_id, day=day)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            VerificationDay.objects.create(certificate_id=certificate_id, day=day, count=1)
    except IntegrityError:
        rows.update(count=F("count") + 1)


def certificate_province_refresh(producer_ids: list[int] | None) -> int:
    """products.hooks.province_refresh: a certificate follows its product's province (None: every certificate)."""
    certificates = Certificate.objects.all()
    if producer_ids is not None:
        certificates = certificates.filter(product__producer_id__in=producer_ids)
    return province_copies_refresh(certificates, "product__province_id")
