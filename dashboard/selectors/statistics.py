"""Programme statistics for the dashboards and the periodic report: every figure is one aggregate query over the
records the user may see (Certificate/Registration/Producer `for_user`), so a page costs the same number of queries
for ten certificates or a hundred thousand. Each row carries the filter of the list behind it (drill-down)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.urls import reverse
from django.utils import timezone

from certificates.choices import LIVE_STATUSES
from certificates.models import Certificate
from evaluation.models import CouncilResult, Registration
from ocop.choices import UnitLevel
from ocop.models import AdministrativeUnit
from products.choices import ProducerKind
from products.models import Producer

STARS = (3, 4, 5)
MONTHS_AHEAD = 12


def certificate_list_url(**filters) -> str:
    """The certificate list narrowed to `filters` (the drill-down behind a figure); empty values are left out."""
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    url = reverse("certificates:certificate_list")
    return f"{url}?{query}" if query else url


def statistics_scope(*, user, province_id: int | None = None):
    """Certificates the user may see, optionally narrowed to one province (a national officer's drill-down)."""
    certificates = Certificate.objects.for_user(user)
    if province_id:
        certificates = certificates.filter(product__producer__commune__parent_id=province_id)
    return certificates


def unit_breakdown_level(*, user, province_id: int | None = None) -> str | None:
    """Rows of the 'by unit' table: provinces for a national view, communes for a province, none for a commune."""
    if user.is_national and not province_id:
        return UnitLevel.PROVINCE
    if province_id or (user.unit_id and user.unit.level == UnitLevel.PROVINCE):
        return UnitLevel.COMMUNE
    return None


def programme_statistics(
    *, user, province_id: int | None = None, today: dt.date | None = None, historic_units: bool = False
) -> dict:
    """Every figure of a dashboard, each a list of rows {label, count, url} (and per-star columns where they
    apply). Nine queries whatever the number of certificates. With `historic_units` the 'by unit' table uses the
    units in force before 1 July 2025 (former provinces nationally, former districts in a province), through the
    producers' recorded old communes."""
    today = today or timezone.localdate()
    certificates = statistics_scope(user=user, province_id=province_id)
    live = certificates.filter(status__in=LIVE_STATUSES)
    live_filter = {"status": "live", "province": province_id}

    by_star = {row["star"]: row["n"] for row in live.values("star").annotate(n=Count("pk")).order_by()}
    stars = [
        {
            "label": f"{star} ★",
            "star": star,
            "count": by_star.get(star, 0),
            "url": certificate_list_url(star=star, **live_filter),
        }
        for star in STARS
    ]

    sector_rows = (
        live.values("product__product_set__group__sector__code", "product__product_set__group__sector__name", "star")
        .annotate(n=Count("pk"))
        .order_by("product__product_set__group__sector__code")
    )
    sectors = _pivot_by_star(
        sector_rows,
        key="product__product_set__group__sector__code",
        label="product__product_set__group__sector__name",
        url=lambda code: certificate_list_url(sector=code, **live_filter),
        empty_label="—",
    )

    set_rows = (
        live.values("product__product_set__number", "product__product_set__name", "star")
        .annotate(n=Count("pk"))
        .order_by("product__product_set__number")
    )
    product_sets = _pivot_by_star(
        set_rows,
        key="product__product_set__number",
        label="product__product_set__name",
        url=lambda number: certificate_list_url(product_set=number, **live_filter),
        empty_label="—",
    )

    level = unit_breakdown_level(user=user, province_id=province_id)
    units = _units(live, level=level, historic=historic_units)

    # Recognitions per year (every certificate ever issued in scope, whatever its status now): the trend.
    year_rows = (
        certificates.annotate(year=ExtractYear("issued_on"))
        .values("year", "star")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    years = _pivot_by_star(
        year_rows,
        key="year",
        label="year",
        url=lambda year: certificate_list_url(year=year, province=province_id),
        empty_label="—",
    )

    # Evaluated (a council result at the province or the ministry) against recognised, per year of the result.
    results = CouncilResult.objects.filter(registration__in=registrations_in_scope(user, province_id))
    evaluated_rows = (
        results.annotate(year=ExtractYear("decided_at"))
        .values("year")
        .annotate(
            evaluated=Count("registration", distinct=True),
            reached=Count("registration", distinct=True, filter=Q(final_star__gte=3, eliminated=False)),
        )
        .order_by("year")
    )
    recognised_by_year = {row["key"]: row["count"] for row in years}
    evaluated = [
        {
            "label": row["year"],
            "evaluated": row["evaluated"],
            "reached": row["reached"],
            "recognised": recognised_by_year.get(row["year"], 0),
            "share": round(100 * recognised_by_year.get(row["year"], 0) / row["evaluated"])
            if row["evaluated"]
            else None,
        }
        for row in evaluated_rows
    ]

    # Live certificates by the month they expire, for the next twelve months (and those already expired).
    first = today.replace(day=1)
    month_rows = (
        live.filter(valid_until__gte=first, valid_until__lt=first + relativedelta(months=MONTHS_AHEAD))
        .annotate(month=TruncMonth("valid_until"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    by_month = {_as_date(row["month"]): row["n"] for row in month_rows}
    expiring = []
    for offset in range(MONTHS_AHEAD):
        month = first + relativedelta(months=offset)
        end = month + relativedelta(months=1) - dt.timedelta(days=1)
        expiring.append(
            {
                "label": f"{month:%m/%Y}",
                "count": by_month.get(month, 0),
                "url": reverse("certificates:expiry_list")
                + "?"
                + urlencode({"valid_from": f"{month:%d/%m/%Y}", "valid_to": f"{end:%d/%m/%Y}"}),
            }
        )

    producers = Producer.objects.for_user(user)
    if province_id:
        producers = producers.filter(commune__parent_id=province_id)
    kinds = {row["kind"]: row["n"] for row in producers.values("kind").annotate(n=Count("pk")).order_by()}
    producer_kinds = [
        {"label": label, "kind": value, "count": kinds.get(value, 0)} for value, label in ProducerKind.choices
    ]

    for rows in (stars, sectors, product_sets, units, years, expiring, producer_kinds):
        _add_bars(rows)
    return {
        "live_total": sum(by_star.values()),
        "stars": stars,
        "sectors": sectors,
        "product_sets": product_sets,
        "unit_level": level,
        "historic_units": historic_units,
        "units": units,
        "years": years,
        "evaluated": evaluated,
        "expiring": expiring,
        "producer_kinds": producer_kinds,
    }


UNIT_PATHS = {
    # (level, historic) → (key, label) of the producer's unit in that breakdown
    ("province", False): ("product__producer__commune__parent_id", "product__producer__commune__parent__name"),
    ("commune", False): ("product__producer__commune_id", "product__producer__commune__name"),
    ("province", True): (
        "product__producer__historic_commune__parent__parent_id",
        "product__producer__historic_commune__parent__parent__name",
    ),
    ("commune", True): (
        "product__producer__historic_commune__parent_id",
        "product__producer__historic_commune__parent__name",
    ),
}


def _units(live, *, level: str | None, historic: bool) -> list[dict]:
    """Live certificates per unit: today's (with the drill-down) or those in force before the 2025 reform."""
    if level is None:
        return []
    key, label = UNIT_PATHS[(level, historic)]
    rows = live.values(key, label, "star").annotate(n=Count("pk")).order_by(label)
    if historic:
        url = None
    elif level == UnitLevel.PROVINCE:
        url = lambda pk: certificate_list_url(status="live", province=pk)  # noqa: E731
    else:
        url = lambda pk: certificate_list_url(status="live", commune=pk)  # noqa: E731
    return _pivot_by_star(rows, key=key, label=label, url=url or (lambda pk: ""), empty_label="—")


def registrations_in_scope(user, province_id):
    registrations = Registration.objects.for_user(user)
    if province_id:
        registrations = registrations.filter(product__producer__commune__parent_id=province_id)
    return registrations.values("pk")


def _add_bars(rows: list[dict]) -> None:
    """Each row's bar length, in percent of the largest count of its table (0 for an all-zero table)."""
    top = max((row["count"] for row in rows), default=0)
    for row in rows:
        row["bar"] = round(100 * row["count"] / top) if top else 0


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _pivot_by_star(rows, *, key: str, label: str, url, empty_label: str) -> list[dict]:
    """Rows of (key, label, star, n) → one row per key with a count per star, a total and the drill-down URL."""
    pivot: dict = {}
    for row in rows:
        entry = pivot.setdefault(
            row[key],
            {
                "key": row[key],
                "label": row[label] if row[label] is not None else empty_label,
                "by_star": defaultdict(int),
            },
        )
        entry["by_star"][row["star"]] += row["n"]
    result = []
    for entry in pivot.values():
        entry["stars"] = [entry["by_star"].get(star, 0) for star in STARS]
        entry["count"] = sum(entry["stars"])
        entry["url"] = url(entry["key"]) if entry["key"] is not None else ""
        del entry["by_star"]
        result.append(entry)
    return result


def provinces_for_choice():
    return AdministrativeUnit.objects.current().provinces().order_by("name").only("pk", "name")
