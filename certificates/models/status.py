"""The status of the day: what a certificate's status is on a given day, before or after the nightly sweep stores it
(extended while a re-evaluation is pending, Điều 12.3), in Python and as SQL; and whether it was in force at the end
of a past day (`live_on_q`), by the same rule of the extension (`extended_q`)."""

import datetime

from django.conf import settings
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When

from evaluation.selectors.reevaluation import pending_reevaluations_of, renewing_reevaluations_of

from ..choices import LIVE_STATUSES, CertificateStatus


def extension_days() -> int:
    """How long after its expiry a certificate stays in use while its re-evaluation is pending (Điều 12.3)."""
    return int(getattr(settings, "OCOP_EXPIRY_EXTENSION_DAYS", 180))


def effective_status(
    status: str, valid_until: datetime.date, today: datetime.date, *, reevaluation_pending: bool
) -> str:
    """The status a certificate has on `today`, even before the nightly sweep has stored it (between midnight and the
    00:30 job, or on a missed night): the public verification page, the API, the successor check, the certificate's
    page. Past its last valid day a live certificate is extended while a re-evaluation of its product filed on or
    before that day is pending the authority's decision (`reevaluation_pending`, evaluation.selectors.reevaluation.
    pending_reevaluations_of, only read then), for up to 180 days, and expired otherwise (Điều 12.3), as the sweep
    (certificates.services.expiry.sweep) stores it. Terminal statuses stay. The same rule as a condition on a
    queryset is `extended_q` (applied by `live_today_q`, and by `live_on_q` for a day that may be past), as an SQL
    expression `status_today`; `Certificate.effective_status` reads the pending dossier itself."""
    if not past_expiry(status, valid_until, today):
        return status
    extension_start = today - datetime.timedelta(days=extension_days())
    if reevaluation_pending and valid_until >= extension_start:
        return CertificateStatus.EXTENDED
    return CertificateStatus.EXPIRED


def past_expiry(status: str, valid_until: datetime.date, today: datetime.date) -> bool:
    """A live certificate (stored so) past its last valid day: its status today depends on a pending re-evaluation."""
    return status in LIVE_STATUSES and valid_until < today


def _extension_window_q(prefix: str = "", *, day: datetime.date) -> Q:
    """Certificates past their last valid day on `day` by at most `extension_days()` (Điều 12.3): day 1 to day 180
    of the extension a re-evaluation may give them."""
    return Q(
        **{f"{prefix}valid_until__lt": day, f"{prefix}valid_until__gte": day - datetime.timedelta(extension_days())}
    )


def extended_q(prefix: str = "", *, day: datetime.date, product: str = "product_id") -> Q:
    """The one rule of the extension (Điều 12.3, `effective_status`) as a condition on certificate fields: stored live,
    past its last valid day on `day` by at most `extension_days()`, and a re-evaluation of its product filed by that
    last day pending the authority's decision (pending_reevaluations_of). `prefix` reaches the certificates through
    a relation ("certificates__"), `product` names the product in the outer query ("pk" for a query of products).
    `live_today_q`, `status_today` and `live_on_q` apply it."""
    return Q(
        Exists(pending_reevaluations_of(OuterRef(product), OuterRef(f"{prefix}valid_until"))),
        _extension_window_q(prefix, day=day),
        **{f"{prefix}status__in": LIVE_STATUSES},
    )


def live_today_q(prefix: str = "", *, today: datetime.date, product: str = "product_id") -> Q:
    """The certificates that certify their product on `today` (effective_status live), as a condition on certificate
    fields: stored live and valid through today, or extended (`extended_q`, whose `prefix` and `product` these are)."""
    valid = Q(**{f"{prefix}status__in": LIVE_STATUSES, f"{prefix}valid_until__gte": today})
    return valid | extended_q(prefix, day=today, product=product)


def live_on_q(day: datetime.date) -> Q:
    """The certificates that certified their product at the end of `day`, a day that may be past (a report's period
    end): issued by then, valid through it or extended on it (Điều 12.3), and neither revoked nor superseded by then.
    A revoked one stopped on its revocation decision's date, a superseded one on its successor's issue date (each,
    when unknown, on the day its status changed); a status stored since then does not change what it was on `day`.

    Extended on `day`: past its last valid day by at most `extension_days()`, with a re-evaluation of its product filed
    by that last day pending on `day`. Either it is pending still (`extended_q`, the rule of today, on `day`; stored
    expired since by the sweep after its 180 days, it is found by the second branch), or it has ended since `day`,
    which the certificate's record dates: decided and recognised, the successor issued after `day` supersedes it;
    withdrawn, refused or not recognised, it was stored expired after `day` (certificates.services.expiry.sweep.
    certificate_extension_end). For today, `live_today_q` (the same, less what only a past day can have)."""
    from .revocations import Revocation

    revoked_later = Exists(
        Revocation.objects.filter(certificate=OuterRef("pk"), decision_date__isnull=False, decision_date__gt=day)
    ) | Q(
        ~Exists(Revocation.objects.filter(certificate=OuterRef("pk"), decision_date__isnull=False)),
        status_changed_on__gt=day,
    )
    superseded_later = Q(superseded_by__issued_on__gt=day) | Q(superseded_by__isnull=True, status_changed_on__gt=day)
    stopped_later = Q(revoked_later, status=CertificateStatus.REVOKED) | Q(
        superseded_later, status=CertificateStatus.SUPERSEDED
    )
    valid = Q(valid_until__gte=day) & (
        ~Q(status__in=[CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED]) | stopped_later
    )
    extension_ended_later = Q(
        Exists(renewing_reevaluations_of(OuterRef("product_id"), OuterRef("valid_until"))),
        _extension_window_q(day=day),
        stopped_later | Q(status=CertificateStatus.EXPIRED, status_changed_on__gt=day),
    )
    return Q(issued_on__lte=day) & (valid | extended_q(day=day) | extension_ended_later)


def status_today(*, today: datetime.date, product: str = "product_id") -> Case:
    """`effective_status` as an SQL expression on certificate fields, for a filter that must select what the item
    shows (the API's list: `?status=expired` finds the certificate whose last day was yesterday, stored "valid"
    until the 00:30 sweep; the web list, the expiry watch, the producer's home). A live certificate past its last
    valid day is extended for up to `extension_days()` while a re-evaluation of its product filed by that day is
    pending, expired otherwise; every other one keeps its stored status.
    `product` names the product in the outer query, as for `extended_q`. certificates/tests/
    test_status_today_one_rule.py holds it to the Python rule on every boundary day, test_live_on_one_rule.py
    `live_on_q`."""
    return Case(
        When(extended_q(day=today, product=product), then=Value(CertificateStatus.EXTENDED)),
        When(Q(status__in=LIVE_STATUSES, valid_until__lt=today), then=Value(CertificateStatus.EXPIRED)),
        default=F("status"),
        output_field=CharField(),
    )
