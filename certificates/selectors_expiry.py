"""Reads of the expiry watch: the expiry list (page and Excel export share it) and the home-page counts.
Every read starts from `Certificate.objects.for_user`."""

import datetime

from django.core.cache import cache
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from ocop.choices import Role
from ocop.models import User

from .choices import LIVE_STATUSES
from .choices import CertificateStatus as S
from .models import Certificate
from .models_expiry import CertificateNotice, CertificateReevaluation

# Who reads the expiry list: officers (and read-only viewers) of a unit, and producers for their own products.
LIST_ROLES = frozenset(
    {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN, Role.VIEWER}
)
EXPIRED_RECENT_DAYS = 365

# What the expiry list shows: certificates on their way out, and those already out (until re-evaluated).
LISTED = (S.RENEWAL_WINDOW, S.EXPIRING, S.EXTENDED, S.EXPIRED)
OPEN_REGISTRATION_EXCLUDED = ("decided", "not_recognised", "withdrawn", "rejected", "eliminated")


def _renewed() -> Exists:
    """The product has a later live certificate: its old expired one is done with and leaves the watch."""
    return Exists(
        Certificate.objects.filter(
            product=OuterRef("product"), status__in=LIVE_STATUSES, valid_until__gt=OuterRef("valid_until")
        )
    )


def certificate_expiry_list(
    *, user: User, filters: dict | None = None, today: datetime.date | None = None
) -> tuple[QuerySet, "ExpiryFilter"]:  # noqa: F821
    """The certificates of `user`'s scope in the expiry phases, filtered, the soonest expiry first and then the
    most recently expired, with what the list needs in one query: the commune and sector, the last failed
    notice and the open re-evaluation."""
    from .filters_expiry import ExpiryFilter

    failed = CertificateNotice.objects.filter(certificate=OuterRef("pk"), sent_at=None).exclude(last_error="")
    reevaluation = CertificateReevaluation.objects.filter(certificate=OuterRef("pk")).exclude(
        registration__status__in=OPEN_REGISTRATION_EXCLUDED
    )
    from .services.expiry import PREPARE_DAYS, open_dossiers_of

    open_dossiers = open_dossiers_of(OuterRef("product"))

    # Also the valid certificates whose window opens within a month (the −210 reminder): time to prepare.
    upcoming = Q(status=S.VALID, valid_until__lte=(today or timezone.localdate()) + datetime.timedelta(PREPARE_DAYS))
    qs = (
        Certificate.objects.for_user(user)
        .filter(Q(status__in=LISTED) | upcoming)
        .exclude(Q(status=S.EXPIRED) & Q(_renewed()))
        .select_related("product__producer__commune", "product__product_set__group__sector")
        .annotate(
            notice_error=Subquery(failed.order_by("-id").values("last_error")[:1]),
            notice_unsent=Exists(CertificateNotice.objects.filter(certificate=OuterRef("pk"), sent_at=None)),
            reevaluation_id=Subquery(reevaluation.order_by("-id").values("registration_id")[:1]),
            # Any dossier of the product still in progress (filed from the registration form, not by the
            # one-click start): the list links it instead of offering a second re-evaluation (issue 12 item 15).
            open_dossier_id=Subquery(open_dossiers.order_by("-id").values("id")[:1]),
        )
        # Most urgent first: live certificates by expiry date, then the expired ones, latest first.
        .order_by(
            Case(When(status=S.EXPIRED, then=Value(1)), default=Value(0), output_field=IntegerField()),
            Case(When(status=S.EXPIRED, then=F("valid_until"))).desc(nulls_last=True),
            "valid_until",
            "pk",
        )
    )
    filterset = ExpiryFilter(filters or None, queryset=qs, user=user, today=today)
    return filterset.qs, filterset


def expired_since() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=EXPIRED_RECENT_DAYS)


COUNTS_SECONDS = 60  # the counts panel of the expiry list and the home page is cached this long (issue 15)


def expiry_counts(*, user: User) -> dict:
    """Counts for the home page: in the re-evaluation phase, expiring, and expired within the last 12 months of
    `user`'s scope, in one query. Officers see the counts of their unit: shared by the unit's officers for a
    minute (statuses move once a night; a re-evaluation started shows within the minute)."""
    if user.role == "producer" or user.is_superuser:
        return _expiry_counts(user)
    key = f"expiry-counts:{user.role}:{user.unit_id}:{timezone.localdate():%Y%m%d}"
    counts = cache.get(key)
    if counts is None:
        counts = _expiry_counts(user)
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def _expiry_counts(user: User) -> dict:
    return Certificate.objects.for_user(user).aggregate(
        expiring=Count("pk", filter=Q(status=S.EXPIRING)),
        renewal=Count("pk", filter=Q(status=S.RENEWAL_WINDOW)),
        expired=Count("pk", filter=Q(status=S.EXPIRED, valid_until__gte=expired_since()) & ~Q(_renewed())),
    )
