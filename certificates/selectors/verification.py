"""The public verification (what the QR code may reveal: only what is printed) and the counts of its visits."""

import datetime
from datetime import timedelta

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from evaluation.choices import RegistrationKind
from ocop.models import User
from ocop.selectors import issuer_in_text
from products.models import public_address

from .. import hooks as certificate_hooks
from ..choices import LIVE_STATUSES, CertificateStatus, PublicVerdict
from ..models import Certificate, VerificationDay
from ..models.certificates import VERIFY_TOKEN
from ..models.status import live_today_q, status_today


def certificate_visit_count(*, certificate: Certificate) -> int:
    return certificate.visit_days.aggregate(n=Coalesce(Sum("count"), 0))["n"]


VISIT_RECENT_DAYS = 30


def certificate_visit_stats(*, certificate: Certificate) -> dict:
    """Verification visits of one certificate for officers: in all, in the last 30 days, and the latest (one
    query)."""
    since = timezone.localdate() - timedelta(days=VISIT_RECENT_DAYS)
    return certificate.visit_days.aggregate(
        total=Coalesce(Sum("count"), 0),
        recent=Coalesce(Sum("count", filter=Q(day__gt=since)), 0),
        last_on=Max("day"),
    ) | {"recent_days": VISIT_RECENT_DAYS}


def certificate_visit_summary(*, user: User) -> dict:
    """Verification visits of the last 30 days in `user`'s scope (one query): all of them, and those on
    certificates that no longer certify the product (expired, revoked, superseded) with how many such
    certificates — products possibly still sold under the OCOP mark. "No longer" is said by the status of the day
    (status_today), as the list's filter of these certificates (scanned_while_invalid) reads it."""
    from ..filters import INVALID_STATUSES

    today = timezone.localdate()
    since = today - timedelta(days=VISIT_RECENT_DAYS)
    scope = Certificate.objects.for_user(user)
    invalid = Q(
        certificate__in=scope.alias(status_today=status_today(today=today))
        .filter(status_today__in=INVALID_STATUSES)
        .values("pk")
    )
    return VerificationDay.objects.filter(certificate__in=scope.values("pk"), day__gt=since).aggregate(
        total=Coalesce(Sum("count"), 0),
        invalid=Coalesce(Sum("count", filter=invalid), 0),
        invalid_certificates=Count("certificate", filter=invalid, distinct=True),
    ) | {"days": VISIT_RECENT_DAYS}


def certificate_public(*, token: str) -> dict | None:
    """What the QR code may reveal: the printed fields and the live status. No dossier, no contacts."""
    if not VERIFY_TOKEN.fullmatch(token):
        return None
    certificate = (
        Certificate.objects.select_related(
            "decision__issuer_unit", "revocation", "superseded_by__registration", "product__producer__commune__parent"
        )
        .filter(verify_token=token)
        .first()
    )
    if certificate is None:
        return None
    from ..services.expiry.states import extension_ends

    today = timezone.localdate()
    status = certificate.effective_status(today)
    revocation = getattr(certificate, "revocation", None) if status == CertificateStatus.REVOKED else None
    successor = _live_successor(certificate, today) if status == CertificateStatus.SUPERSEDED else None
    extended_until = None
    if status == CertificateStatus.EXTENDED:
        extended_until = extension_ends(certificate.valid_until)
    return {
        "id": certificate.pk,
        "product_id": certificate.product_id,  # the public product page, linked while the certificate is live
        "number": certificate.number,
        "verify_token": certificate.verify_token,  # what the QR code holds: its page's address
        "product_name": certificate.product_name,
        "product_code": certificate.product_code,
        "producer_name": certificate.producer_name,
        "producer_address": certificate_public_address(certificate),
        "star": certificate.star,
        "star_range": range(certificate.star),
        "issued_on": certificate.issued_on,
        "valid_until": certificate.valid_until,
        "decision_number": certificate.decision.number,
        "decision_date": certificate.decision.date,
        "issuer_name": certificate.decision.issuer_name,
        "issuer_in_text": issuer_in_text(certificate.decision),  # "Ủy ban nhân dân tỉnh …", inside a sentence
        "status": status,
        "status_label": CertificateStatus(status).label,
        "is_live": status in LIVE_STATUSES,
        "verdict": public_verdict(status),
        "revocation": revocation,
        "successor": successor,
        "successor_reason": successor_reason(successor),
        "extended_until": extended_until,
        "is_historic": certificate.is_historic,
        # A line from the app above (supervision: an open remedy, when the province publishes it); live only.
        "public_note": certificate_hooks.public_certificate_note(certificate.pk) if status in LIVE_STATUSES else "",
        "checked_at": timezone.localtime(),
    }


def product_gone_public(*, product_id: int) -> dict | None:
    """What the public product page and the API's product answer (410 Gone) say of a product that is no longer
    certified, its address still printed on packaging and shared in links: the product and producer as its last
    certificate printed them, that certificate's number, star, recognition decision, last valid day and verification
    address, and, when it was revoked, the revoking decision. Nothing else (no contacts, no photos, no description).

    None unless the product holds no live certificate today (live_today_q: a certificate past its last day whose
    re-evaluation was filed by that day and is pending stays in use, Điều 12.3) and its last certificate (the latest
    issued) is revoked or has expired by its status of the day (`Certificate.effective_status`, told to a buyer as
    the verification page tells it, `public_verdict`): a product never certified is not public, and one whose last
    certificate was replaced has its successor to answer for it."""
    today = timezone.localdate()
    certificates = Certificate.objects.filter(product_id=product_id)
    if certificates.filter(live_today_q(today=today)).exists():
        return None
    last = certificates.select_related("decision", "revocation").order_by("-issued_on", "-pk").first()
    if last is None:
        return None
    verdict = public_verdict(last.effective_status(today))
    if verdict not in (PublicVerdict.REVOKED, PublicVerdict.EXPIRED):
        return None
    revocation = getattr(last, "revocation", None) if verdict == PublicVerdict.REVOKED else None
    return {
        "product_id": product_id,
        "verdict": verdict,
        "product_name": last.product_name,
        "producer_name": last.producer_name,
        "number": last.number,
        "star": last.star,
        "issued_on": last.issued_on,
        "valid_until": last.valid_until,
        "verify_token": last.verify_token,
        "decision_number": last.decision.number,  # the recognition decision, as printed
        "decision_date": last.decision.date,
        "revocation_number": revocation.decision_number if revocation else "",
        "revocation_date": revocation.decision_date if revocation else None,
    }


def _live_successor(certificate: Certificate, today: datetime.date) -> Certificate | None:
    """The certificate that certifies a superseded one's product today, to point a buyer to: its successor while
    live, else the product's live certificate (the successor itself superseded in turn, say). None when the product
    holds no live certificate: its newer one was revoked or has lapsed, and the OCOP mark may not be used."""
    successor = certificate.superseded_by
    if successor is not None and successor.effective_status(today) in LIVE_STATUSES:
        return successor
    return (
        Certificate.objects.filter(live_today_q(today=today), product_id=certificate.product_id)
        .select_related("registration")
        .order_by("-star", "-issued_on", "-pk")
        .first()
    )


def successor_reason(successor: Certificate | None) -> str:
    """Why the product holds a newer certificate, as its dossier says: "upgrade" (nâng hạng, D26 Điều 7.5),
    "reevaluation" (đánh giá lại at the term's end, Điều 7.6), or "" when the dossier says neither (a first
    evaluation, a certificate recorded from before this system): the page then says only that a new one was issued."""
    registration = successor.registration if successor is not None else None
    kind = registration.kind if registration is not None else ""
    return kind if kind in (RegistrationKind.UPGRADE, RegistrationKind.REEVALUATION) else ""


def certificate_public_address(certificate: Certificate) -> str:
    """The producer's address as the public verification (page and API) shows it: the address printed on the
    certificate when the producer agreed to publish its contacts (Producer.public_contact, the rule of the public
    portal, products.models.public_address), otherwise only its commune and province. A household business's
    printed address is its home.
    Reads `certificate.product.producer.commune.parent` (select them with the certificate)."""
    producer = certificate.product.producer
    return public_address(
        full_address=certificate.producer_address, commune=producer.commune, consent=producer.public_contact
    )


def public_verdict(status: str) -> PublicVerdict:
    """What a buyer is told of a certificate in `status` (the verification page, the portal, the API): does it
    certify the product today? The officers' phases (re-evaluation window, expiring) are all simply valid."""
    if status == CertificateStatus.EXTENDED:
        return PublicVerdict.EXTENDED
    if status in LIVE_STATUSES:
        return PublicVerdict.VALID
    if status in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
        return PublicVerdict(status)
    return PublicVerdict.EXPIRED
