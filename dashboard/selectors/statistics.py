"""Programme statistics for the dashboards and the periodic report: every figure is computed live, in SQL, from
certificates, registrations, council results, producers and past evaluations the user may see (`for_user`).

Cheap by construction: one GROUP BY per table carrying every dimension the page needs (tallies.py), so a page
costs the same handful of queries for ten certificates or a hundred thousand; the national figures are every
province's counts put together (national.py), so a change in one province recounts that province only. The
computed figures are cached per scope (national, or the officer's unit, narrowed to a province or a commune) and
day under a statistics version (ocop.cache): the national one, or the province's for a view within a province,
which the services that change a decision, certificate, registration, producer, past evaluation or plan move for
the units they touched. Each row carries the list behind it (drill-down)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from urllib.parse import quote_plus, urlencode

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language

from certificates.choices import LIVE_STATUSES, CertificateStatus
from certificates.models import Certificate
from evaluation.choices import RegistrationStatus
from evaluation.models import CouncilResult, Registration
from ocop.cache import cached_read, figures_version, statistics_version
from ocop.choices import UnitLevel
from ocop.models import AdministrativeUnit
from ocop.numbers import percent
from ocop.permissions import NOTHING, unit_scope_q
from ocop.text import vietnamese_sort_key
from products.choices import ProducerKind
from products.models import Producer

from ..models import HistoricEvaluation
from ..permissions import can_view_statistics
from .tallies import MONTHS_AHEAD, OPENS, Scope, month_starts, narrow, tally

STARS = (3, 4, 5)
NATIONAL = object()  # cached_figures: the national statistics version
CACHE_SECONDS = 6 * 3600  # a safety net: every change bumps the version, and the day is in the key
# The revision of what the cached figures and rows mean, in every key beside the statistics version (which the data
# moves): bump it when a release changes what a cached figure counts or the shape of the cached rows, so that the
# figures counted by the code before are read no more. 2: a dossier waiting for its decision is not "not
# recognised" (evaluation.workflow.AWAITING_DECISION), and the council rows carry `awaiting`. 3: a potential 5★
# waiting for the province's approval and letter (PROVINCE_APPROVAL) is on its way and awaits its decision. 4: the
# report's counts carry `supervision` (the inspections concluded and the certificates revoked in the period). 5: the
# certificates are counted by their status of the day (`status_today`, the rows' key), not the one last stored. 6: the
# evaluations are counted per product (each once in its year and round: the `products` rows), not per dossier. 7: a
# scored upgrade no decision may take (not above the star held, Điều 7.5) awaits no decision: not recognised.
FIGURES_REVISION = 7
CACHE_PREFIX = f"dashboard:r{FIGURES_REVISION}"
# Dossiers on their way (the commune's pipeline): submitted and not yet decided.
PIPELINE_STATUSES = (
    RegistrationStatus.DRAFT,
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.RETURNED,
    RegistrationStatus.FORWARDED,
    RegistrationStatus.ADVISORY_REVIEW,
    RegistrationStatus.SUPPLEMENT_REQUESTED,
    RegistrationStatus.READY_FOR_COUNCIL,
    RegistrationStatus.SCORED,
    RegistrationStatus.PROVINCE_APPROVAL,
    RegistrationStatus.FORWARDED_TO_CENTRAL,
)


def certificate_list_url(**filters) -> str:
    """The certificate list narrowed to `filters` (the drill-down behind a figure); empty values are left out."""
    return _url("certificates:certificate_list", filters)


def figure_list_url(**filters) -> str:
    """The dashboard's list of the products behind an evaluation or pipeline figure (dashboard_figure_list)."""
    return _url("dashboard_figure_list", filters)


def _url(name: str, filters: dict) -> str:
    """`name`'s path with the non-empty `filters` as its query. A national dashboard links a few thousand cells:
    the path is reversed once (per script prefix), the query written directly (a reverse() and urlencode() per
    cell cost more than the counts)."""
    query = "&".join(f"{key}={quote_plus(str(value))}" for key, value in filters.items() if value not in (None, ""))
    path = _path(name, get_script_prefix())
    return f"{path}?{query}" if query else path


@functools.lru_cache(maxsize=32)
def _path(name: str, prefix: str) -> str:
    return reverse(name)


def dates_q(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    """`field` (a date) from `start` to `end`, both included; a missing bound leaves that side open."""
    return Q(**{f"{field}__gte": start} if start else {}) & Q(**{f"{field}__lte": end} if end else {})


def days_q(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    """`field` (a moment) on the local days from `start` to `end`, both included: bounds at local midnight compared
    with the column itself (a cast of every row to its local date cost six times the rest of a report's count)."""

    def midnight(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    return Q(**{f"{field}__gte": midnight(start)} if start else {}) & Q(
        **{f"{field}__lt": midnight(end + dt.timedelta(days=1))} if end else {}
    )


_narrow = narrow


def statistics_scope(*, user, province_id: int | None = None, commune_id: int | None = None):
    """Certificates the user may see, optionally narrowed to one province or commune (a drill-down)."""
    return _narrow(
        Certificate.objects.for_user(user),
        "product__producer__commune",
        "province_id",
        province_id=province_id,
        commune_id=commune_id,
    )


def registrations_in_scope(user, province_id, commune_id=None):
    return _narrow(
        Registration.objects.for_user(user), "commune", "province_id", province_id=province_id, commune_id=commune_id
    )


def historic_evaluations_in_scope(user, province_id, commune_id=None):
    return _narrow(
        HistoricEvaluation.objects.for_user(user),
        "product__producer__commune",
        "product__province_id",
        province_id=province_id,
        commune_id=commune_id,
    )


def unit_breakdown_level(*, user, province_id: int | None = None, commune_id: int | None = None) -> str | None:
    """Rows of the 'by unit' table: provinces for a national view, communes for a province, none for a commune."""
    if commune_id:
        return None
    if user.is_national and not province_id:
        return UnitLevel.PROVINCE
    if province_id or (user.unit_id and user.unit.level == UnitLevel.PROVINCE):
        return UnitLevel.COMMUNE
    return None


def dashboard_kind(*, user, province_id: int | None = None, commune_id: int | None = None) -> str:
    """Which dashboard the view is: the ministry's (every province), a province's (its communes), a commune's."""
    if commune_id or (not user.is_national and user.unit_id and user.unit.level == UnitLevel.COMMUNE):
        return "commune"
    if province_id or not user.is_national:
        return "province"
    return "ministry"


def scope_key(user) -> str:
    """Who sees the same figures: every national officer alike; otherwise the role and unit (the `for_user`
    rules of the statistics roles depend on nothing else); a producer only themself."""
    if user.is_national:
        return "national"
    if user.role == "producer":
        return f"user:{user.pk}"
    return f"{user.role}:{user.unit_id}"


def programme_statistics(
    *,
    user,
    province_id: int | None = None,
    commune_id: int | None = None,
    today: dt.date | None = None,
    historic_units: bool = False,
) -> dict:
    """Every figure of a dashboard, each a list of rows {label, count, url} (and per-star columns where they
    apply), cached per scope and day. With `historic_units` the 'by unit' table uses the units in force before
    1 July 2025 (former provinces nationally, former districts in a province), through the producers' recorded
    old communes."""
    today = today or timezone.localdate()
    params = [scope_key(user), province_id, commune_id, historic_units, today, get_language()]
    return cached_figures(
        "statistics",
        params,
        lambda: _compute(
            user=user, province_id=province_id, commune_id=commune_id, today=today, historic_units=historic_units
        ),
        version=figures_version(user=user, province_id=province_id, commune_id=commune_id),
    )


def cached_figures(name: str, params, build, *, version=NATIONAL):
    """`build()` cached under a statistics version (the national one unless told: figures_version) and today's
    date (ocop.cache, the mechanism of the public pages): the figures, and the page rendered from them."""
    version = statistics_version() if version is NATIONAL else version
    return cached_read(name, params, build, version=version, prefix=CACHE_PREFIX, seconds=CACHE_SECONDS)


def statistics_tallies(*, user, province_id, commune_id, today: dt.date, historic_units: bool) -> dict:
    """The rows behind a dashboard (tallies.py): the national figures put together from every province's rows
    (national.py), any narrower view counted in its own scope."""
    level = unit_breakdown_level(user=user, province_id=province_id, commune_id=commune_id)
    if whole_country(user, province_id, commune_id):
        from .national import national_tallies  # it imports this module's scope helpers

        return national_tallies(today=today, historic=historic_units)
    unit = UNIT_PATHS[(level, historic_units)] if level else None
    return tally(scope_of(user, province_id, commune_id), today=today, unit=unit, pipeline_statuses=PIPELINE_STATUSES)


def scope_of(user, province_id=None, commune_id=None) -> Scope:
    """Every record a dashboard counts, in the user's scope, narrowed to a province or commune."""
    producers = _narrow(
        Producer.objects.for_user(user), "commune", "province_id", province_id=province_id, commune_id=commune_id
    )
    return Scope(
        certificates=statistics_scope(user=user, province_id=province_id, commune_id=commune_id),
        results=council_results_in_scope(user, province_id, commune_id),
        historic=historic_evaluations_in_scope(user, province_id, commune_id),
        registrations=registrations_in_scope(user, province_id, commune_id),
        producers=producers,
    )


def _compute(*, user, province_id, commune_id, today: dt.date, historic_units: bool) -> dict:
    rows = statistics_tallies(
        user=user, province_id=province_id, commune_id=commune_id, today=today, historic_units=historic_units
    )
    where = {"province": province_id, "commune": commune_id}
    live_filter = {"status": "live", **where}
    months = month_starts(today)
    opens = OPENS

    # 1. Every certificate by star, status and year of issue; live ones also by the month they expire (ahead).
    by_star: dict = defaultdict(int)
    status_counts: dict = defaultdict(int)
    year_rows: dict = defaultdict(int)
    month_counts = [0] * MONTHS_AHEAD
    window_counts = [0] * MONTHS_AHEAD
    for row in rows["certificates"]:
        status_counts[row["status_today"]] += row["n"]
        year_rows[(row["year"], row["star"])] += row["n"]
        if row["status_today"] in LIVE_STATUSES:
            by_star[row["star"]] += row["n"]
        if row["m"] is not None:
            month_counts[row["m"]] += row["n"]
        if row["w"] is not None:
            window_counts[row["w"]] += row["n"]

    stars = [
        {
            "label": f"{star} ★",
            "star": star,
            "count": by_star.get(star, 0),
            "url": certificate_list_url(star=star, **live_filter),
        }
        for star in STARS
    ]
    years = _pivot_by_star(
        [{"year": year, "star": star, "n": n} for (year, star), n in sorted(year_rows.items(), key=_year_star)],
        key="year",
        label="year",
        url=lambda year: certificate_list_url(year=year, **where),
        empty_label="—",
    )
    years = _without_gaps(years, url=lambda year: certificate_list_url(year=year, **where))
    statuses = [
        {
            "label": str(label),
            "status": value,
            "count": status_counts.get(value, 0),
            "url": certificate_list_url(status=value, **where),
        }
        for value, label in CertificateStatus.choices
    ]
    expiring = [
        {
            "label": f"{month:%m/%Y}",
            "count": month_counts[i],
            "url": _url(
                "certificates:expiry_list",
                {
                    "valid_from": f"{month:%d/%m/%Y}",
                    "valid_to": f"{months[i + 1] - dt.timedelta(days=1):%d/%m/%Y}",
                    **where,
                },
            ),
        }
        for i, month in enumerate(months[:MONTHS_AHEAD])
    ]
    # Live certificates whose re-evaluation window (Điều 7.6a) opens in each of the next twelve months.
    entering_window = [
        {
            "label": f"{month:%m/%Y}",
            "count": window_counts[i],
            "url": _url(
                "certificates:expiry_list",
                {
                    "valid_from": f"{month + opens:%d/%m/%Y}",
                    "valid_to": f"{months[i + 1] + opens - dt.timedelta(days=1):%d/%m/%Y}",
                    **where,
                },
            ),
        }
        for i, month in enumerate(months[:MONTHS_AHEAD])
    ]

    # 2. Live certificates by product set (which gives its group's sector) and star.
    set_rows = sorted(rows["live"], key=lambda r: r["product__product_set__number"] or 0)
    product_sets = _pivot_by_star(
        set_rows,
        key="product__product_set__number",
        label="product__product_set__name",
        url=lambda number: certificate_list_url(product_set=number, **live_filter),
        empty_label="—",
    )
    sectors = _pivot_by_star(
        sorted(set_rows, key=lambda r: r["product__product_set__group__sector__code"] or ""),
        key="product__product_set__group__sector__code",
        label="product__product_set__group__sector__name",
        url=lambda code: certificate_list_url(sector=code, **live_filter),
        empty_label="—",
    )

    # 3. Live certificates by unit (provinces side by side for the ministry, communes for a province).
    level = unit_breakdown_level(user=user, province_id=province_id, commune_id=commune_id)
    units = _units(rows["live"], level=level, historic=historic_units, where=where)
    if level == UnitLevel.PROVINCE and not historic_units:
        units = _every_province(units)

    # 4–6. Evaluated against recognised, per year and per round (certificates, council results, past evaluations).
    from .evaluated import evaluated_figures  # the module imports this one's scope helpers

    evaluated, rounds = evaluated_figures(rows, where=where, years=years)

    # 7. Registrations on their way, by status (the pipeline).
    pipeline_counts: dict = defaultdict(int)
    for row in rows["pipeline"]:
        pipeline_counts[row["status"]] += row["n"]
    pipeline = [
        {
            "label": str(RegistrationStatus(value).label),
            "status": value,
            "count": pipeline_counts.get(value, 0),
            "url": figure_list_url(figure="pipeline", status=value, **where),
        }
        for value in PIPELINE_STATUSES
    ]

    # 8. Producers by legal type.
    kinds: dict = defaultdict(int)
    for row in rows["producers"]:
        kinds[row["kind"]] += row["n"]
    producer_kinds = [
        {
            "label": str(label),
            "kind": value,
            "count": kinds.get(value, 0),
            "url": _url("products:producer_list", {"kind": value, **where}),
        }
        for value, label in ProducerKind.choices
    ]

    for table in (
        stars,
        sectors,
        product_sets,
        units,
        years,
        expiring,
        entering_window,
        producer_kinds,
        statuses,
        pipeline,
    ):
        _add_bars(table)
    return {
        "kind": dashboard_kind(user=user, province_id=province_id, commune_id=commune_id),
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
        "entering_window": entering_window,
        "pipeline": pipeline,
        "pipeline_total": sum(pipeline_counts.values()),
        "producer_kinds": producer_kinds,
        "producers_total": sum(kinds.values()),
    }


def _year_star(item):
    (year, star), _n = item
    return (year is None, year or 0, star)


UNIT_PATHS = {
    # (level, historic) → (key, label) of the producer's unit in that breakdown
    ("province", False): ("province_id", "province__name"),  # the certificate's own copy (no join to the producer)
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


def _units(live_rows: list[dict], *, level: str | None, historic: bool, where: dict | None = None) -> list[dict]:
    """Live certificates per unit: today's (with the drill-down and the unit's own dashboard) or those in force
    before the 2025 reform (with the drill-down by the former unit, within the view's own province or commune
    `where`, as counted)."""
    if level is None:
        return []
    key, label = UNIT_PATHS[(level, historic)]
    rows = sorted(live_rows, key=lambda r: (r[label] is None, vietnamese_sort_key(str(r[label] or ""))))
    dashboard = reverse("dashboard_statistics")
    if historic:
        url = lambda pk: certificate_list_url(status="live", **(where or {}), old_unit=pk)  # noqa: E731
    elif level == UnitLevel.PROVINCE:
        url = lambda pk: certificate_list_url(status="live", province=pk)  # noqa: E731
    else:
        url = lambda pk: certificate_list_url(status="live", commune=pk)  # noqa: E731
    units = _pivot_by_star(rows, key=key, label=label, url=url or (lambda pk: ""), empty_label="—")
    if not historic:
        for row in units:
            if row["key"] is not None:
                row["dashboard_url"] = f"{dashboard}?{urlencode({level: row['key']})}"
    return units


def _every_province(units: list[dict]) -> list[dict]:
    """The national view sets every province side by side, those without a live certificate at zero."""
    present = {row["key"] for row in units}
    dashboard = reverse("dashboard_statistics")
    for province in province_choices():
        if province["pk"] not in present:
            units.append(
                {
                    "key": province["pk"],
                    "label": province["name"],
                    "stars": [0] * len(STARS),
                    "count": 0,
                    "url": certificate_list_url(status="live", province=province["pk"]),
                    "dashboard_url": f"{dashboard}?province={province['pk']}",
                }
            )
    return sorted(units, key=lambda row: (row["key"] is None, vietnamese_sort_key(str(row["label"]))))


def _without_gaps(years: list[dict], *, url) -> list[dict]:
    """A trend reads wrong when a year without recognitions is left out: those years appear at zero."""
    by_year = {row["key"]: row for row in years if row["key"] is not None}
    if not by_year:
        return years
    return [
        by_year.get(year) or {"key": year, "label": year, "stars": [0] * len(STARS), "count": 0, "url": url(year)}
        for year in range(min(by_year), max(by_year) + 1)
    ]


def whole_country(user, province_id, commune_id) -> bool:
    return user.is_national and not province_id and not commune_id


def recorded_flag():
    """True for a certificate recorded from before this system (no registration behind it)."""
    return ExpressionWrapper(Q(registration__isnull=True), output_field=BooleanField())


def council_results_in_scope(user, province_id, commune_id=None):
    """Council results of the registrations the user may see. For the roles that read statistics that scope is
    the unit's (Registration.for_user): filtered on the registration's commune directly, not through an
    `IN (SELECT id FROM registration …)`, which nationally would join every registration for nothing."""
    if can_view_statistics(user) and user.role != "producer":
        scope = unit_scope_q(user, "registration__commune", "registration__province")
        results = CouncilResult.objects.none() if scope == NOTHING else CouncilResult.objects.filter(scope)
        return _narrow(
            results,
            "registration__commune",
            "registration__province_id",
            province_id=province_id,
            commune_id=commune_id,
        )
    return CouncilResult.objects.filter(registration__in=registrations_in_scope(user, province_id, commune_id))


def _add_bars(rows: list[dict]) -> None:
    """Each row's bar length, in percent of the largest count of its table (0 for an all-zero table)."""
    top = max((row["count"] for row in rows), default=0)
    for row in rows:
        row["bar"] = percent(row["count"], top) or 0


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
    return AdministrativeUnit.objects.current().provinces().by_name().only("pk", "name")


def province_choices() -> list[dict]:
    """Today's provinces [{pk, name}] by name, cached like the figures (the units change once in a generation)."""
    return cached_figures("provinces", None, lambda: list(provinces_for_choice().values("pk", "name")))
