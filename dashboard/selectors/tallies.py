"""The counts behind the dashboards, as plain rows: one GROUP BY per table over the records of a scope
(statistics.py turns them into figures, with labels and the lists behind them).

Every row is a count that adds up: the rows of two scopes that do not overlap, put together, are the rows of both
(no share, no distinct count across rows). So the national figures are the rows of every province put together
(national.py), and a change in one province recounts that province only. `by_province` adds to every row the
current province its record is counted under (`p`), to split one national count into the provinces' rows.

Cheap by construction: the months ahead are one CASE per certificate (not one conditional count per month), live
certificates by unit and by product set are one pass, and council results are counted per dossier in SQL, so a
dossier scored in two years counts once in its round and once in each year.

Certificates are counted by their status of the day (certificates.models.status_today, live_today_q), as the lists
behind the figures filter them: the morning after a certificate's last day, before the night's sweep has stored it,
it is already expired (or extended, Điều 12.3) here too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear

from certificates.choices import LIVE_STATUSES
from certificates.models import Certificate
from certificates.models.status import live_today_q, status_today
from evaluation.models import EvaluationRound
from evaluation.selectors.reevaluation import REEVALUATION_OPENS_DAYS
from evaluation.workflow import AWAITING_DECISION

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
    issuer = Case(When(registration__isnull=True, then=F("decision__issuer_name")), output_field=CharField())
    recorded = scope.certificates.annotate(
        year=ExtractYear("issued_on"),
        recorded=Case(When(registration__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()),
        issuer=issuer,
    )
    return {
        "certificates": grouped("certificates", certificates, "star", "status_today", "year", "m", "w", n=Count("pk")),
        "live": grouped(
            "certificates", scope.certificates.filter(live_today_q(today=today)), *live_fields, n=Count("pk")
        ),
        "results": council_rows(scope.results, by_province=by_province),
        "recorded": grouped(
            "certificates", recorded, "recorded", "registration__round", "year", "issuer", n=Count("pk")
        ),
        "historic": grouped(
            "historic",
            scope.historic.annotate(year=ExtractYear("evaluated_on")),
            "year",
            "issuer_name",
            n=Count("pk"),
            reached=Count("pk", filter=Q(star__gte=3)),
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


def council_rows(results: QuerySet, *, by_province: bool = False) -> list[dict]:
    """Council results per round, year of the result, whether the dossier led to a certificate (`recognised`) and
    whether it still waits for its decision (`awaiting`: AWAITING_DECISION), counted per dossier:
    `evaluated`/`reached` the dossiers with a result that year (reached: one of them at 3★ or more, not eliminated);
    `round_evaluated`/`round_reached` each dossier once, in the year of its first result, so that summing a round
    over its years counts a dossier scored in two years once. With the round's title and year.

    The per-dossier counting needs a GROUP BY over a GROUP BY, which the ORM does not write: the inner rows (one
    per result, in the scope) come from the ORM, the rest is SQL around them. Whether a dossier led to a
    certificate is, within a province, a scalar subquery on the certificate's registration index (a province's few
    thousand dossiers probe it, where an EXISTS or a join would hash all of the country's certificates), and over
    the whole country a join."""
    rows = results.annotate(
        _reg=F("registration_id"),
        _round=F("registration__round_id"),
        _year=ExtractYear("decided_at"),
        _reached=Case(
            When(Q(final_star__gte=3, eliminated=False), then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        _awaiting=Case(
            When(registration__status__in=AWAITING_DECISION, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        **({"_p": F(PROVINCE_PATHS["results"])} if by_province else {}),
    ).values("_reg", "_round", "_year", "_reached", "_awaiting", *(["_p"] if by_province else []))
    try:
        inner, params = rows.order_by().query.sql_with_params()
    except EmptyResultSet:  # a scope that holds nothing
        return []
    certificates = Certificate._meta.db_table
    if by_province:  # the whole country: one hash join with the certificates (at most one per dossier)
        recognised = "CASE WHEN c.id IS NULL THEN 0 ELSE 1 END"
        join = f" LEFT JOIN {certificates} c ON c.registration_id = per_year.reg"
    else:  # a province or commune: a probe of the registration index per dossier
        recognised = f"""CASE WHEN (SELECT c.id FROM {certificates} c WHERE c.registration_id = per_year.reg LIMIT 1)
            IS NULL THEN 0 ELSE 1 END"""
        join = ""
    p = ["t._p AS p"] if by_province else []
    dp = ["d.p"] if by_province else []
    sql = f"""
        WITH per_year AS (
            SELECT {", ".join([*p, "t._reg AS reg", "t._round AS rnd", "t._year AS yr"])}, MAX(t._reached) AS reached,
                MAX(t._awaiting) AS awaiting
            FROM ({inner}) t GROUP BY {", ".join([*(["t._p"] if by_province else []), "t._reg", "t._round", "t._year"])}
        ),
        per_dossier AS (
            SELECT per_year.*,
                MIN(yr) OVER (PARTITION BY reg) AS first_year,
                MAX(reached) OVER (PARTITION BY reg) AS reached_ever,
                {recognised} AS recognised
            FROM per_year{join}
        )
        SELECT {", ".join([*dp, "d.rnd", "d.yr", "d.recognised", "d.awaiting"])}, COUNT(*), SUM(d.reached),
            SUM(CASE WHEN d.yr = d.first_year THEN 1 ELSE 0 END),
            SUM(CASE WHEN d.yr = d.first_year THEN d.reached_ever ELSE 0 END),
            r.title, r.year
        FROM per_dossier d LEFT JOIN {EvaluationRound._meta.db_table} r ON r.id = d.rnd
        GROUP BY {", ".join([*dp, "d.rnd", "d.yr", "d.recognised", "d.awaiting"])}, r.title, r.year
    """
    names = [
        "round",
        "year",
        "recognised",
        "awaiting",
        "evaluated",
        "reached",
        "round_evaluated",
        "round_reached",
        "title",
    ]
    names = ["p", *names] if by_province else names
    with connections[results.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    result = []
    for values in found:
        row = dict(zip([*names, "round_year"], values, strict=True))
        for name in ("p", "round", "year", "evaluated", "reached", "round_evaluated", "round_reached"):
            if row.get(name) is not None:
                row[name] = int(row[name])  # EXTRACT and SUM answer numeric on PostgreSQL
        row["recognised"] = bool(row["recognised"])
        row["awaiting"] = bool(row["awaiting"])
        result.append(row)
    return result
