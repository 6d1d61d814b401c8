"""The counts behind the dashboards, as plain rows: one GROUP BY per table over the records of a scope
(statistics.py turns them into figures, with labels and the lists behind them).

Every row is a count that adds up: the rows of two scopes that do not overlap, put together, are the rows of both
(no share; a distinct count only of products, each of which is one province's). So the national figures are the rows of every province put together
(national.py), and a change in one province recounts that province only. `by_province` adds to every row the
current province its record is counted under (`p`), to split one national count into the provinces' rows.

Cheap by construction: the months ahead are one CASE per certificate (not one conditional count per month), live
certificates by unit and by product set are one pass, and the evaluations are counted per product in one query
(recognitions.product_rows): a product scored in two years counts once in its round and once in each year, a product
evaluated twice in a year once in it.

Certificates are counted by their status of the day (certificates.models.status_today, live_today_q), as the lists
behind the figures filter them: the morning after a certificate's last day, before the night's sweep has stored it,
it is already expired (or extended, Điều 12.3) here too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear

from certificates.choices import LIVE_STATUSES
from certificates.models.status import live_today_q, status_today
from evaluation.selectors.reevaluation import REEVALUATION_OPENS_DAYS

from .recognitions import product_rows

MONTHS_AHEAD = 12
# A certificate live on the day counted (on the `status_today` the certificates' rows carry: tally).
LIVE_Q = Q(status_today__in=LIVE_STATUSES)
OPENS = dt.timedelta(days=REEVALUATION_OPENS_DAYS)  # the re-evaluation window opens this long before the expiry

# Where each record's current commune is read: its province is the commune's parent (`by_province`, narrowed).
COMMUNE_PATHS = {
    "certificates": "product__producer__commune",
    "results": "registration__commune",
    "historic": "product__producer__commune",
    "registrations": "commune",
    "producers": "commune",
}
# Where each record's own copy of its province is (ocop.models.province_copy_field): a province's records are found,
# and the country's counted by province, without joining the commune of each (or the producer behind a product).
PROVINCE_PATHS = {
    "certificates": "province_id",
    "results": "registration__province_id",
    "historic": "product__province_id",
    "registrations": "province_id",
    "producers": "province_id",
}


@dataclass(frozen=True)
class Scope:
    """The records a dashboard counts, already narrowed to the user's scope (and a province or commune)."""

    certificates: QuerySet
    results: QuerySet  # council results
    historic: QuerySet  # past evaluations not recognised
    registrations: QuerySet  # dossiers on their way
    producers: QuerySet


def narrow(queryset, commune_field: str, province_field: str, *, province_id=None, commune_id=None):
    """`queryset` narrowed to one commune (`commune_field`) or one province (`province_field`, its own copy)."""
    if commune_id:
        return queryset.filter(**{f"{commune_field}_id": commune_id})
    if province_id:
        return queryset.filter(**{province_field: province_id})
    return queryset


def narrowed(scope: Scope, *, province_id=None, commune_id=None) -> Scope:
    """Every record of `scope` in one province or commune."""
    return Scope(
        **{
            name: narrow(
                getattr(scope, name), path, PROVINCE_PATHS[name], province_id=province_id, commune_id=commune_id
            )
            for name, path in COMMUNE_PATHS.items()
        }
    )


def month_starts(today: dt.date) -> list[dt.date]:
    """The first days of this month and the twelve after it (thirteen bounds of twelve months)."""
    first = today.replace(day=1)
    return [first + relativedelta(months=offset) for offset in range(MONTHS_AHEAD + 1)]


def tally(
    scope: Scope, *, today: dt.date, unit: tuple[str, str] | None, pipeline_statuses, by_province: bool = False
) -> dict[str, list[dict]]:
    """The rows of every table. `unit`: the (key, label) paths of the live certificates' unit breakdown (None:
    no breakdown)."""

    def grouped(name: str, queryset: QuerySet, *fields, **aggregates) -> list[dict]:
        extra = {"p": F(PROVINCE_PATHS[name])} if by_province else {}
        return list(queryset.values(*fields, **extra).annotate(**aggregates).order_by())

    starts = month_starts(today)
    certificates = scope.certificates.annotate(status_today=status_today(today=today)).annotate(
        year=ExtractYear("issued_on"),
        m=_month_of(starts, shift=dt.timedelta(0)),  # the month ahead it expires in
        w=_month_of(starts, shift=OPENS),  # the month ahead its re-evaluation window opens in
    )
    live_fields = [
        "star",
        "product__product_set__number",
        "product__product_set__name",
        "product__product_set__group__sector__code",
        "product__product_set__group__sector__name",
    ]
    if unit is not None:
        live_fields[:0] = unit
    return {
        "certificates": grouped("certificates", certificates, "star", "status_today", "year", "m", "w", n=Count("pk")),
        "live": grouped(
            "certificates", scope.certificates.filter(live_today_q(today=today)), *live_fields, n=Count("pk")
        ),
        # Evaluated, reached, not recognised and recognised per year and per round, each product once in each.
        "products": product_rows(
            results=scope.results,
            certificates=scope.certificates,
            historic=scope.historic,
            everything=by_province,
            province_paths=PROVINCE_PATHS if by_province else None,
        ),
        "pipeline": grouped(
            "registrations", scope.registrations.filter(status__in=pipeline_statuses), "status", n=Count("pk")
        ),
        "producers": grouped("producers", scope.producers, "kind", n=Count("pk")),
    }


def _month_of(starts: list[dt.date], *, shift: dt.timedelta) -> Case:
    """The index (0–11) of the month ahead in which a live certificate's `valid_until - shift` falls; NULL for the
    others. One CASE per row, its branches tried in order (most rows leave at the first)."""
    bounds = [day + shift for day in starts]
    outside = ~LIVE_Q | Q(valid_until__lt=bounds[0]) | Q(valid_until__gte=bounds[-1])
    return Case(
        When(outside, then=Value(None)),
        *(When(valid_until__lt=bounds[i + 1], then=Value(i)) for i in range(MONTHS_AHEAD)),
        output_field=IntegerField(),
    )
