"""A product's status derived from its registrations and certificates: the rule behind
`products.hooks.product_status`, provided here because certificates is the app that knows both."""

from django.utils import timezone

from evaluation.choices import RegistrationStatus as RS
from evaluation.models.registrations import RESULT_MASKED
from products.choices import ProductStatus
from products.models import Product

from ..choices import LIVE_STATUSES, CertificateStatus


def product_derive_status(*, product: Product) -> tuple[str, int | None]:
    """(status, current star) of a product:

    - a live certificate (valid, renewal window, expiring, extended) → recognised, with its star;
    - otherwise a registration under way → in evaluation;
    - otherwise the newest ended record decides: revoked / expired (or superseded) certificate,
      or a registration that did not reach 3 stars → not recognised;
    - otherwise a dossier the producer is preparing (a draft, or returned to complete) → preparing; nothing → new.
    """
    in_progress = {
        RS.SUBMITTED,
        RS.FORWARDED,
        RS.ADVISORY_REVIEW,
        RS.SUPPLEMENT_REQUESTED,
        RS.READY_FOR_COUNCIL,
        RS.SCORED,
        RS.PROVINCE_APPROVAL,
        RS.FORWARDED_TO_CENTRAL,
    }
    failed = {RS.NOT_RECOGNISED, RS.ELIMINATED, RS.REJECTED}
    preparing = {RS.DRAFT, RS.RETURNED}  # with the producer, not yet (or no longer) filed

    certificates = list(product.certificates.order_by("-issued_on", "-id").values("status", "star", "issued_on"))
    registrations = list(
        product.registrations.order_by("-created_at", "-id").values("status", "created_at", "result_notified_status")
    )
    for r in registrations:  # an outcome not yet announced to the producer is still "in evaluation" (Điều 7.3g)
        if r["status"] in RESULT_MASKED and r["result_notified_status"] != r["status"]:
            r["status"] = RS.SCORED
    live = [c for c in certificates if c["status"] in LIVE_STATUSES]
    star = None
    if live:
        status, star = ProductStatus.RECOGNISED, max(c["star"] for c in live)
    elif any(r["status"] in in_progress for r in registrations):
        status = ProductStatus.IN_EVALUATION
    else:
        latest_cert = certificates[0] if certificates else None
        latest_reg = next((r for r in registrations if r["status"] not in {RS.DRAFT, RS.WITHDRAWN, RS.RETURNED}), None)
        reg_after_cert = latest_reg is not None and (
            latest_cert is None or timezone.localdate(latest_reg["created_at"]) > latest_cert["issued_on"]
        )
        if reg_after_cert and latest_reg["status"] in failed:
            status = ProductStatus.NOT_RECOGNISED
        elif latest_cert is not None and latest_cert["status"] == CertificateStatus.REVOKED:
            status = ProductStatus.REVOKED
        elif latest_cert is not None:
            status = ProductStatus.EXPIRED
        elif latest_reg is not None and latest_reg["status"] in failed:
            status = ProductStatus.NOT_RECOGNISED
        elif any(r["status"] in preparing for r in registrations):
            status = ProductStatus.PREPARING
        else:
            status = ProductStatus.NEW
    return status, star
