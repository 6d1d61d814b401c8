"""Reads for decisions and certificates, always starting from `for_user`; the public verification view
has its own selector that returns only what is printed."""

from django.db.models import Count, QuerySet
from django.utils import timezone

from ocop.models import User
from ocop.text import vi_order

from .choices import LIVE_STATUSES, CertificateStatus
from .models import Certificate, DecisionEntry, RecognitionDecision


def decision_list(*, user: User, filters: dict | None = None) -> QuerySet:
    from .filters import DecisionFilter

    qs = (
        RecognitionDecision.objects.for_user(user)
        .select_related("issuer_unit")
        .annotate(entry_count=Count("entries", distinct=True))
        .order_by("-created_at", "-id")
    )
    return DecisionFilter(filters or {}, queryset=qs).qs


def decision_entries(*, decision: RecognitionDecision) -> QuerySet:
    return (
        DecisionEntry.objects.filter(decision=decision)
        .select_related("product__producer__commune", "result")
        .order_by("order", "pk")
    )


def certificate_list(*, user: User, filters: dict | None = None) -> QuerySet:
    from .filters import CertificateFilter

    qs = Certificate.objects.for_user(user).select_related("decision").order_by("-issued_on", vi_order("product_name"))
    return CertificateFilter(filters or {}, queryset=qs).qs


def certificate_visit_count(*, certificate: Certificate) -> int:
    return certificate.visits.count()


def certificate_public(*, token: str) -> dict | None:
    """What the QR code may reveal: the printed fields and the live status. No dossier, no contacts."""
    certificate = Certificate.objects.select_related("decision", "revocation").filter(verify_token=token).first()
    if certificate is None:
        return None
    today = timezone.localdate()
    status = certificate.effective_status(today)
    revocation = getattr(certificate, "revocation", None) if status == CertificateStatus.REVOKED else None
    return {
        "id": certificate.pk,
        "number": certificate.number,
        "product_name": certificate.product_name,
        "product_code": certificate.product_code,
        "producer_name": certificate.producer_name,
        "producer_address": certificate.producer_address,
        "star": certificate.star,
        "star_range": range(certificate.star),
        "issued_on": certificate.issued_on,
        "valid_until": certificate.valid_until,
        "decision_number": certificate.decision.number,
        "decision_date": certificate.decision.date,
        "issuer_name": certificate.decision.issuer_name,
        "status": status,
        "status_label": CertificateStatus(status).label,
        "is_live": status in LIVE_STATUSES,
        "revocation": revocation,
    }


def producer_live_certificate_count(*, user: User) -> int:
    return Certificate.objects.for_user(user).filter(status__in=LIVE_STATUSES).count()


def decisions_pending_count(*, user: User) -> int:
    """Drafted or checked decisions in the user's scope, not yet issued."""
    from .choices import DecisionStatus

    return (
        RecognitionDecision.objects.for_user(user)
        .filter(status__in=[DecisionStatus.DRAFT, DecisionStatus.CHECKED])
        .count()
    )
