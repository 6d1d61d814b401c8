"""Reads of the expiry watch: the expiry list (page and Excel export share it) and the home-page counts.
Every read starts from `Certificate.objects.for_user`."""

import datetime
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.lookups import Exact
from django.utils import timezone

from evaluation.choices import D26_IN_FORCE_ON, FILED_STATUSES
from evaluation.selectors.reevaluation import (
    REEVALUATION_CLOSES_DAYS,
    filed_dossiers_of,
    pending_reevaluations_of,
    reevaluations_filed_early_of,
    reevaluations_filed_in_window_of,
)
from evaluation.workflow import CLOSED
from ocop.cache import cached_read, figures_version
from ocop.choices import Role
from ocop.models import User

from ..choices import LIVE_STATUSES, RevocationStatus
from ..choices import CertificateStatus as S
from ..models import Certificate, CertificateNotice, CertificateReevaluation
from ..models.status import live_today_q, status_today

# Who reads the expiry list: officers (and read-only viewers) of a unit, and producers for their own products.
LIST_ROLES = frozenset(
    {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN, Role.VIEWER}
)
EXPIRED_RECENT_DAYS = 365

# What the expiry list shows: certificates on their way out, and those already out (until re-evaluated).
LISTED = (S.RENEWAL_WINDOW, S.EXPIRING, S.EXTENDED, S.EXPIRED)


def _renewed(today: datetime.date) -> Exists:
    """The product has a later certificate live on `today` (live_today_q, its status of the day): its old expired one
    is done with and leaves the watch."""
    return Exists(
        Certificate.objects.filter(
            live_today_q(today=today), product=OuterRef("product"), valid_until__gt=OuterRef("valid_until")
        )
    )


def _expired_and_renewed(today: datetime.date) -> Exists:
    """A certificate expired on `today` whose product has a later one live on `today` (`_renewed`), both by their
    status of the day (the outer one's `status_today`, which the queryset must carry; live_today_q): the morning after
    a certificate's last day, before the sweep, an old one expired overnight leaves the watch once a newer one is live,
    and a newer one expired overnight no longer keeps an old one off it. One EXISTS whose outer condition sits inside
    it: `NOT` of it is an anti-join PostgreSQL runs as one hash join over the live certificates, where
    `NOT (expired AND EXISTS …)` ran the sub-query once per listed row (42,000 times on the national list). A
    product's certificates share its province copy: saying so lets a province's list hash only its own live
    certificates instead of the country's 18,000 (its count 16 ms → ~2 ms)."""
    return Exists(
        Certificate.objects.filter(
            live_today_q(today=today),
            Exact(OuterRef("status_today"), Value(S.EXPIRED)),
            province=OuterRef("province"),
            product=OuterRef("product"),
            valid_until__gt=OuterRef("valid_until"),
        )
    )


# What the expiry list page reads of each row (the Excel export reads every column): a row of all the certificate's,
# product's, producer's and commune's columns is ~3 KB to send and to turn into four model instances.
EXPIRY_PAGE_FIELDS = (
    *("number", "product", "province", "star", "product_name", "producer_name", "valid_until", "status"),
    *("product__producer", "product__producer__commune__name", "product__producer__commune__full_name"),
)


def certificate_expiry_list(
    *, user: User, filters: dict | None = None, today: datetime.date | None = None
) -> tuple[QuerySet, "ExpiryFilter"]:  # noqa: F821
    """The certificates of `user`'s scope in the expiry phases, filtered, the soonest expiry first and then the
    most recently expired, with what the list needs in one query: the commune, the last failed
    notice, the open re-evaluation and `status_today`, the status of the day (models.status_today), which the rows'
    phase (states.phase), the phase filter, the counts (expiry_phase_q) and the order read: the morning after a
    certificate's last day, before the night's sweep has stored it, it is already extended (Điều 12.3) or expired
    here, listed among the expired, as on the producer's home and the verification page."""
    from ..filters import ExpiryFilter

    today = today or timezone.localdate()

    failed = CertificateNotice.objects.filter(certificate=OuterRef("pk"), sent_at=None).exclude(last_error="")
    reevaluation = CertificateReevaluation.objects.filter(certificate=OuterRef("pk")).exclude(
        registration__status__in=CLOSED
    )
    from ..services.expiry.states import PREPARE_DAYS, open_dossiers_of

    open_dossiers = open_dossiers_of(OuterRef("product"))

    # Also the valid certificates whose window opens within a month (the −210 reminder): time to prepare.
    upcoming = Q(status=S.VALID, valid_until__lte=today + datetime.timedelta(PREPARE_DAYS))
    qs = (
        Certificate.objects.for_user(user)
        # By the stored status, a superset of what is listed today: a certificate past its last day the sweep has not
        # moved yet is stored in one of these (or valid, and then "upcoming"), and its status of the day is listed.
        .filter(Q(status__in=LISTED) | upcoming)
        .with_status_today(today)
        # A re-evaluation filed by the last day and pending: filed late when not in the window (states.filed_label).
        .with_reevaluation_pending()
        .filter(~_expired_and_renewed(today))
        # Only what the page shows (the commune): each joined table costs the planner more than the query runs
        # (the sector's three joins took a province's first page from ~1 ms to ~5 ms of planning); the Excel
        # export adds the sector (`exports.expiry_workbook`).
        .select_related("product__producer__commune")
        .annotate(
            notice_error=Subquery(failed.order_by("-id").values("last_error")[:1]),
            notice_unsent=Exists(CertificateNotice.objects.filter(certificate=OuterRef("pk"), sent_at=None)),
            reevaluation_id=Subquery(reevaluation.order_by("-id").values("registration_id")[:1]),
            # Any dossier of the product still in progress (filed from the registration form, not by the
            # one-click start): the list links it instead of offering a second re-evaluation (issue 12 item 15).
            open_dossier_id=Subquery(open_dossiers.order_by("-id").values("id")[:1]),
            dossier_filed=dossier_filed_q(),  # a draft links above, but the producer has not filed it yet
            # Filed by the certificate's last day and back with the producer to complete: "to complete", not "not
            # filed" (it keeps the certificate extended past that day, Điều 12.3).
            dossier_to_complete=Exists(
                pending_reevaluations_of(OuterRef("product"), OuterRef("valid_until")).exclude(
                    status__in=FILED_STATUSES
                )
            ),
            filed_in_window=filed_in_window_q(),  # after the window: in time, or late (states.phase)
            filed_early=filed_early_q(),  # before the window opened: neither (states.filed_label)
            # Another dossier of the product filed (an upgrade, Điều 7.5): "filed" by renewal_filed_q, said so.
            filed_dossier_kind=filed_dossier_kind(),
        )
        .order_by(*expiry_order("status"))
    )
    filterset = ExpiryFilter(filters or None, queryset=qs, user=user, today=today)
    listed = filterset.qs
    # By the stored status the order is read from certificate_expiry_order (the national list's first page from the
    # index); it is the order of the day unless a listed certificate is stored live but expired today (the sweep has
    # not yet moved it past its last day: after midnight, a missed night), which is then ordered among the expired.
    # (An extended one is live both ways: certificate_extension_end stores its end when its dossier stops pending.)
    if listed.filter(status__in=LIVE_STATUSES, valid_until__lt=today, status_today=S.EXPIRED).exists():
        listed = listed.order_by(*expiry_order("status_today"))
    return listed, filterset


def expiry_order(status: str) -> list:
    """The expiry list's order on the status in `status`: live certificates by expiry date, then the expired ones,
    the latest first. On "status" (as stored) these are the very expressions certificate_expiry_order indexes
    (migration 0013); on "status_today" (models.status_today, which the list's rows carry) the order of the day."""
    expired = Q(**{status: S.EXPIRED})
    return [
        Case(When(expired, then=Value(1)), default=Value(0), output_field=IntegerField()),
        Case(When(expired, then=F("valid_until"))).desc(nulls_last=True),
        "valid_until",
        "pk",
    ]


def expiry_list_count(certificates: QuerySet, *, user: User, filters) -> int:
    """The number of certificates in `user`'s expiry list with `filters` (certificate_expiry_list): counted once
    per version of the scope's figures and day (ocop.cache: every change of a certificate bumps it, the nightly
    sweep included), since the national list counts ~30,000 rows a page (issue 15)."""
    params = [user.role, user.unit_id, user.is_superuser, user.pk if user.role == Role.PRODUCER else None]
    params.append(sorted((key, filters.getlist(key)) for key in filters if key != "page"))
    return cached_read(
        "expiry-list-count-2",  # 2: "late" no longer counts a dossier filed before the window
        params,
        certificates.count,
        version=figures_version(user=user),
        prefix="certificates",
        seconds=COUNTS_SECONDS * 60,
    )


def expired_since() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=EXPIRED_RECENT_DAYS)


COUNTS_SECONDS = 60  # the counts panel of the expiry list and the home page is cached this long (issue 15)


def expiry_counts(*, user: User) -> dict:
    """Counts for the home page: in the re-evaluation phase, expiring, and expired within the last 12 months of
    `user`'s scope, and the proposals of thu hồi waiting for an officer to issue them (the second pair of eyes,
    Điều 8; they open the certificate list's `revocation_proposed` filter), in one query. Officers see the counts of their unit: shared by the unit's officers for a
    minute (statuses move once a night; a re-evaluation started shows within the minute)."""
    if user.role == "producer" or user.is_superuser:
        return _expiry_counts(user)
    key = f"expiry-counts-7:{user.role}:{user.unit_id}:{timezone.localdate():%Y%m%d}"
    counts = cache.get(key)
    if counts is None:
        counts = _expiry_counts(user)
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def _expiry_counts(user: User) -> dict:
    today = timezone.localdate()
    window, late = expiry_phase_q("window", today=today), expiry_phase_q("late", today=today)
    certificates = Certificate.objects.for_user(user).alias(status_today=status_today(today=today))
    return certificates.aggregate(
        window=Count("pk", filter=window),
        # Nothing filed (renewal_filed_q, the rule the rows' labels and the "Đã nộp hồ sơ" filter read): the tiles'
        # task; one filed, in the window or late, returned to complete or not, reads "filed" (states.phase).
        window_unfiled=Count("pk", filter=window & ~renewal_filed_q()),
        late=Count("pk", filter=late),
        late_unfiled=Count("pk", filter=late & ~renewal_filed_q()),
        expiring=Count("pk", filter=expiry_phase_q("expiring", today=today)),
        expired=Count(
            "pk",
            filter=expiry_phase_q("expired", today=today) & Q(valid_until__gte=expired_since()) & ~Q(_renewed(today)),
        ),
        revocations_pending=Count("pk", filter=Q(revocation__status=RevocationStatus.PROPOSED)),
    )


def expiry_phase_q(phase: str, *, today: datetime.date) -> Q:
    """The certificates in one phase of the expiry watch on `today` (the list's "Tình trạng", certificates.filters.
    PHASES): the list's filter and the counts of the list and of the home page read the phases here, by the status
    of the day (`status_today`, which the queryset carries: models.status_today for `today`), not by the one the
    night's sweep last stored. The re-evaluation window is open from 180 to 120 days before expiry (Điều 7.6a); after
    it, a producer who filed a re-evaluation within it is in time (`in_time`), one who filed it before the window
    opened is neither (`early`), one who did neither is late (can file only late, Điều 12.3)."""
    closes = today + timedelta(days=REEVALUATION_CLOSES_DAYS)
    closed = Q(status_today=S.RENEWAL_WINDOW, valid_until__lt=closes)
    before_close = Q(status_today=S.RENEWAL_WINDOW, valid_until__gte=closes)
    # Filed before the window opened (filed_early_q) is neither in time nor late, as the row reads it (states.
    # filed_label): its own phase after the window, as `in_time` is for one filed within it.
    upcoming, late = Q(status_today=S.VALID), closed & ~filed_in_window_q() & ~filed_early_q()
    if today >= D26_IN_FORCE_ON:
        window = before_close
    else:
        # Before D26 took effect no window is open yet (reevaluation_window: it opens on 22/05/2026 at the earliest),
        # and one that would have closed before that day is none at all: filing before the expiry is late (12.3).
        has_window = Q(valid_until__gte=D26_IN_FORCE_ON + timedelta(days=REEVALUATION_CLOSES_DAYS))
        window = Q(pk__in=[])
        upcoming |= before_close & has_window
        late |= before_close & ~has_window
    return {
        "upcoming": upcoming,
        "window": window,
        "in_time": closed & filed_in_window_q(),
        "early": closed & filed_early_q(),
        "late": late,
        "expiring": Q(status_today=S.EXPIRING),
        "extended": Q(status_today=S.EXTENDED),
        "expired": Q(status_today=S.EXPIRED),
    }[phase]


def filed_in_window_q(certificate: str = "") -> Q:
    """The certificates whose product has a re-evaluation filed within the certificate's own window (Điều 7.6a, by its
    first submission: evaluation.selectors.reevaluation.reevaluations_filed_in_window_of) and not yet decided: the
    expiry watch's phase after the window reads it (expiry_phase_q; the list's rows are annotated with it,
    `filed_in_window`), and so does the officers' daily digest, on its notices (`certificate`: the path to the
    certificate, "certificate__"; services.expiry.delivery)."""
    return Q(
        Exists(
            reevaluations_filed_in_window_of(OuterRef(f"{certificate}product"), OuterRef(f"{certificate}valid_until"))
        )
    )


def filed_early_q(certificate: str = "") -> Q:
    """The certificates whose pending re-evaluation was filed before their window opened
    (reevaluations_filed_early_of): neither in the window nor late, as states.filed_label reads it; `certificate` as
    for filed_in_window_q."""
    return Q(
        Exists(reevaluations_filed_early_of(OuterRef(f"{certificate}product"), OuterRef(f"{certificate}valid_until")))
    )


def reevaluation_pending_q(certificate: str = "") -> Q:
    """The certificates whose re-evaluation is pending, filed by their last day (pending_reevaluations_of, as
    Certificate.objects.with_reevaluation_pending annotates): with filed_in_window_q, what states.filed_label reads
    (filed in the window, or late); `certificate` as for filed_in_window_q (the officers' daily digest)."""
    return Q(Exists(pending_reevaluations_of(OuterRef(f"{certificate}product"), OuterRef(f"{certificate}valid_until"))))


def dossier_filed_q(certificate: str = "") -> Q:
    """The certificates whose product has a dossier filed and not yet decided (its re-evaluation, or another one):
    the expiry list's filter and the officers' home count tell them from those whose producer has filed nothing,
    a draft or a dossier returned to complete being nothing filed (evaluation.choices.FILED_STATUSES)."""
    return Q(Exists(filed_dossiers_of(OuterRef(f"{certificate}product"))))


def filed_dossier_kind(certificate: str = "") -> Subquery:
    """The kind of the product's dossier filed and not yet decided (dossier_filed_q: an upgrade, Điều 7.5, or
    another), None when none is: the half of renewal_filed_q that is not the certificate's own re-evaluation, for
    the rows' labels to say what was filed (states.filed_label). `certificate` as for filed_in_window_q."""
    return Subquery(filed_dossiers_of(OuterRef(f"{certificate}product")).order_by("-pk").values("kind")[:1])


def renewal_filed_q(certificate: str = "") -> Q:
    """The one rule of "filed" in the expiry watch: the certificates whose producer has filed what renews them, so
    that nobody is to chase it to file any more. Its re-evaluation pending (reevaluation_pending_q: filed by the last
    day, in the window or late, and also while the commune or the province has it back to complete: a return is not
    the authority's result, Điều 12.3, and the filing day stays the first submission, Điều 7.6a), or another dossier
    of the product filed (dossier_filed_q; a product has one dossier in progress at a time). The officers' tiles
    (window_unfiled, late_unfiled) and the list's "Đã nộp hồ sơ" filter they open read it, as the rows' labels
    (states.filed_label) do; so do the producer's "file now" reminders: the delivery of the window's steps
    (`certificate_renewal_filed`) and the home page's line. The sweep still records the window closing of a
    re-evaluation back to complete (only dossier_filed_q spares it): at risk, the officers' digest lists it.
    `certificate` as for filed_in_window_q."""
    return reevaluation_pending_q(certificate) | dossier_filed_q(certificate)


def certificate_renewal_filed(certificate: Certificate) -> bool:
    """renewal_filed_q for one certificate: whether its producer still has to file (the reminders ask it)."""
    return Certificate.objects.filter(renewal_filed_q(), pk=certificate.pk).exists()
