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
from django.utils.translation import gettext as _

from certificates.choices import LIVE_STATUSES, CertificateStatus
from certificates.models import Certificate
from evaluation.models import CouncilResult, Registration
from ocop.choices import UnitLevel
from ocop.models import AdministrativeUnit
from products.choices import ProducerKind
from products.models import Producer

from ..models import HistoricEvaluation

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
    if level == UnitLevel.PROVINCE and not historic_units:
        units = _every_province(units)

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
    years = _without_gaps(years, url=lambda year: certificate_list_url(year=year, province=province_id))

    evaluated = _evaluated_by_year(
        user=user, province_id=province_id, certificates=certificates, recognised_by_year=years
    )
    rounds = _evaluated_by_round(user=user, province_id=province_id, certificates=certificates)

    # Every certificate in scope by its status today: in force, in the re-evaluation window, expiring, expired.
    status_counts = {
        row["status"]: row["n"] for row in certificates.values("status").annotate(n=Count("pk")).order_by()
    }
    statuses = [
        {
            "label": label,
            "status": value,
            "count": status_counts.get(value, 0),
            "url": certificate_list_url(status=value, province=province_id),
        }
        for value, label in CertificateStatus.choices
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
    producer_list = reverse("products:producer_list")
    producer_kinds = [
        {
            "label": label,
            "kind": value,
            "count": kinds.get(value, 0),
            "url": producer_list
            + "?"
            + urlencode({"kind": value, **({"province": province_id} if province_id else {})}),
        }
        for value, label in ProducerKind.choices
    ]

    for rows in (stars, sectors, product_sets, units, years, expiring, producer_kinds, statuses):
        _add_bars(rows)
    return {
        "live_total": sum(by_star.values()),
        "stars": stars,
        "sectors": sectors,
        "product_sets": product_sets,
        "unit_level": level,
        "historic_units": historic_units,
        "units": units,
        "units_many": len(units) > 12,
        "years": years,
        "evaluated": evaluated,
        "rounds": rounds,
        "statuses": statuses,
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


def _every_province(units: list[dict]) -> list[dict]:
    """The national view sets every province side by side, those without a live certificate at zero."""
    present = {row["key"] for row in units}
    for province in provinces_for_choice():
        if province.pk not in present:
            units.append(
                {
                    "key": province.pk,
                    "label": province.name,
                    "stars": [0] * len(STARS),
                    "count": 0,
                    "url": certificate_list_url(status="live", province=province.pk),
                }
            )
    return sorted(units, key=lambda row: (row["key"] is None, str(row["label"])))


def _without_gaps(years: list[dict], *, url) -> list[dict]:
    """A trend reads wrong when a year without recognitions is left out: those years appear at zero."""
    by_year = {row["key"]: row for row in years if row["key"] is not None}
    if not by_year:
        return years
    return [
        by_year.get(year) or {"key": year, "label": year, "stars": [0] * len(STARS), "count": 0, "url": url(year)}
        for year in range(min(by_year), max(by_year) + 1)
    ]


def historic_evaluations_in_scope(user, province_id):
    evaluations = HistoricEvaluation.objects.for_user(user)
    if province_id:
        evaluations = evaluations.filter(product__producer__commune__parent_id=province_id)
    return evaluations


def _evaluated_by_year(*, user, province_id, certificates, recognised_by_year) -> list[dict]:
    """Evaluated against recognised per year, over three records that never overlap: this system's council
    results (per registration), certificates recorded from before it (each one an evaluated and recognised
    product) and past evaluations that were not recognised. Recognised counts every certificate of the year."""
    results = CouncilResult.objects.filter(registration__in=registrations_in_scope(user, province_id))
    rows = defaultdict(lambda: {"evaluated": 0, "reached": 0})
    for row in (
        results.annotate(year=ExtractYear("decided_at"))
        .values("year")
        .annotate(
            evaluated=Count("registration", distinct=True),
            reached=Count("registration", distinct=True, filter=Q(final_star__gte=3, eliminated=False)),
        )
        .order_by()
    ):
        rows[row["year"]]["evaluated"] += row["evaluated"]
        rows[row["year"]]["reached"] += row["reached"]
    recorded = certificates.filter(registration__isnull=True).annotate(year=ExtractYear("issued_on"))
    for row in recorded.values("year").annotate(n=Count("pk")).order_by():
        rows[row["year"]]["evaluated"] += row["n"]
        rows[row["year"]]["reached"] += row["n"]
    past = historic_evaluations_in_scope(user, province_id).annotate(year=ExtractYear("evaluated_on"))
    for row in past.values("year").annotate(n=Count("pk"), reached=Count("pk", filter=Q(star__gte=3))).order_by():
        rows[row["year"]]["evaluated"] += row["n"]
        rows[row["year"]]["reached"] += row["reached"]
    recognised = {row["key"]: row["count"] for row in recognised_by_year}
    result = []
    for year in sorted(set(rows) | set(recognised)):
        evaluated = rows[year]["evaluated"]
        count = recognised.get(year, 0)
        result.append(
            {
                "label": year,
                "evaluated": evaluated,
                "reached": rows[year]["reached"],
                "recognised": count,
                "not_recognised": max(0, evaluated - count),
                "share": round(100 * count / evaluated) if evaluated else None,
                "url": certificate_list_url(year=year, province=province_id),
            }
        )
    return result


def _evaluated_by_round(*, user, province_id, certificates) -> list[dict]:
    """The same per round: this system's rounds by their name; before it, a round is a year's evaluations by
    one organiser (the issuer written on the old decisions and on the past evaluations, e.g. 'UBND huyện Na Rì')."""
    rounds: dict = {}

    def entry(key, label, year):
        return rounds.setdefault(key, {"label": label, "year": year, "evaluated": 0, "reached": 0, "recognised": 0})

    results = CouncilResult.objects.filter(registration__in=registrations_in_scope(user, province_id))
    for row in (
        results.values("registration__round", "registration__round__title", "registration__round__year")
        .annotate(
            evaluated=Count("registration", distinct=True),
            reached=Count("registration", distinct=True, filter=Q(final_star__gte=3, eliminated=False)),
        )
        .order_by()
    ):
        e = entry(
            ("round", row["registration__round"]), row["registration__round__title"], row["registration__round__year"]
        )
        e["evaluated"] += row["evaluated"]
        e["reached"] += row["reached"]
    system = certificates.filter(registration__isnull=False)
    for row in (
        system.values("registration__round", "registration__round__title", "registration__round__year")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        entry(
            ("round", row["registration__round"]), row["registration__round__title"], row["registration__round__year"]
        )["recognised"] += row["n"]
    recorded = certificates.filter(registration__isnull=True).annotate(year=ExtractYear("issued_on"))
    for row in recorded.values("year", "decision__issuer_name").annotate(n=Count("pk")).order_by():
        e = entry(("past", row["year"], row["decision__issuer_name"]), row["decision__issuer_name"], row["year"])
        e["evaluated"] += row["n"]
        e["reached"] += row["n"]
        e["recognised"] += row["n"]
    past = historic_evaluations_in_scope(user, province_id).annotate(year=ExtractYear("evaluated_on"))
    for row in (
        past.values("year", "issuer_name")
        .annotate(n=Count("pk"), reached=Count("pk", filter=Q(star__gte=3)))
        .order_by()
    ):
        e = entry(("past", row["year"], row["issuer_name"]), row["issuer_name"], row["year"])
        e["evaluated"] += row["n"]
        e["reached"] += row["reached"]
    result = sorted(rounds.values(), key=lambda r: (r["year"] or 0, str(r["label"] or "")))
    for row in result:
        row["share"] = round(100 * row["recognised"] / row["evaluated"]) if row["evaluated"] else None
    return result


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


STAR_COLOURS = {3: "#56B4E9", 4: "#E69F00", 5: "#0072B2"}  # Okabe–Ito: told apart with any colour vision


def _chart(rows: list[dict], *, per_star: bool, label: str = "", kind: str = "bar", horizontal: bool = False) -> dict:
    """A figure's rows as a chart spec for static/js/charts.js: the same numbers as its table, and the list
    behind each bar (the drill-down)."""
    spec = {
        "type": kind,
        "horizontal": horizontal,
        "labels": [str(row["label"]) for row in rows],
        "urls": [row.get("url") or "" for row in rows],
    }
    if per_star:
        spec["stacked"] = kind == "bar"
        spec["datasets"] = [
            {"label": f"{star} ★", "data": [row["stars"][i] for row in rows], "colour": STAR_COLOURS[star]}
            for i, star in enumerate(STARS)
        ]
    else:
        spec["datasets"] = [{"label": label, "data": [row["count"] for row in rows]}]
    return spec


def statistics_charts(stats: dict) -> dict:
    """One chart per figure where people would rather look than read."""
    evaluated = stats["evaluated"]
    return {
        "by_star": _chart(stats["stars"], per_star=False, label=str(_("Sản phẩm"))),
        "by_year": _chart(stats["years"], per_star=True, kind="line"),
        "by_unit": _chart(stats["units"], per_star=True, horizontal=True),
        "by_sector": _chart(stats["sectors"], per_star=True, horizontal=True),
        "by_month": _chart(stats["expiring"], per_star=False, label=str(_("Hết hạn trong tháng"))),
        "by_status": _chart(stats["statuses"], per_star=False, label=str(_("Giấy chứng nhận")), horizontal=True),
        "evaluated": {
            "type": "bar",
            "labels": [str(row["label"]) for row in evaluated],
            "urls": [row["url"] for row in evaluated],
            "datasets": [
                {"label": str(_("Đã đánh giá")), "data": [row["evaluated"] for row in evaluated], "colour": "#E69F00"},
                {
                    "label": str(_("Được công nhận")),
                    "data": [row["recognised"] for row in evaluated],
                    "colour": "#0072B2",
                },
            ],
        },
    }
