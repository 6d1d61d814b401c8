"""The national figures, put together from every province's counts (tallies.py: rows that add up).

Each province's rows are cached under that province's statistics version (ocop.cache), the rows of records in
no province of today ("elsewhere": a producer without a commune, a commune still under a former district) under
the version every province's includes. A change in one province makes only its rows stale: the next national
view recounts that province (the queries of a province's dashboard) and reads the others from the cache. When
more than a few are missing (the first view of the day, the cache emptied), the whole country is counted once,
each table grouped by province as well, and every province's rows are cached from that one count."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache
from django.utils import timezone

from certificates.models import Certificate
from evaluation.models import CouncilResult, Registration
from ocop.cache import province_statistics_versions
from products.models import Producer

from ..models import HistoricEvaluation
from .statistics import CACHE_PREFIX, CACHE_SECONDS, PIPELINE_STATUSES, UNIT_PATHS, province_choices
from .tallies import Scope, narrowed, tally

logger = logging.getLogger(__name__)

RECOUNT_AT_MOST = 2  # provinces recounted one by one before the whole country is counted at once instead
ELSEWHERE = 0  # the key of the rows in no province of today (no unit has id 0)
# The national breakdown of live certificates: today's provinces, or (historic) those before 01/07/2025.
UNITS = {historic: UNIT_PATHS[("province", historic)] for historic in (False, True)}


def national_tallies(*, today: dt.date, historic: bool = False) -> dict[str, list[dict]]:
    """Every table's rows for the whole country: the provinces' rows (and those elsewhere) put together.
    `historic`: live certificates by the provinces in force before 01/07/2025 (each province's rows still hold
    the records of today's province, counted under their former one)."""
    shares, _fresh = _shares(today=today, historic=historic)
    return merge(shares.values())


def statistics_warm(*, today: dt.date | None = None) -> int:
    """Count the whole country once and cache every province's rows: the nightly job, after the expiry sweep (the
    day in the keys has just moved, and the sweep made every province stale), so that the day's first national
    view reads them instead of counting. Returns how many provinces' rows it cached (0: the cache is down)."""
    today = today or timezone.localdate()
    _rows, fresh = _shares(today=today, recount=True)
    _shares(today=today, historic=True, recount=True)  # the same view by the former provinces
    return len(fresh)


def _shares(*, today: dt.date, historic: bool = False, recount: bool = False) -> tuple[dict, dict]:
    """Every province's rows (and those elsewhere), and which of them were counted now (and cached)."""
    provinces = [row["pk"] for row in province_choices()]
    versions = province_statistics_versions([*provinces, ELSEWHERE])
    if versions is None:  # the cache is down: count the country
        return _country(today=today, provinces=provinces, historic=historic), {}
    name = "historic-share" if historic else "share"
    keys = {pk: f"{CACHE_PREFIX}:{versions[pk]}:{today:%Y%m%d}:{name}:{pk}" for pk in [*provinces, ELSEWHERE]}
    try:
        found = {} if recount else cache.get_many(list(keys.values()))
    except Exception:  # noqa: BLE001 — a cache outage must not take the pages down
        logger.warning("cache unavailable", exc_info=True)
        found = {}
    shares = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in shares]
    if ELSEWHERE in missing or len(missing) > RECOUNT_AT_MOST:
        fresh = _country(today=today, provinces=provinces, historic=historic)
    else:
        fresh = {pk: _province(pk, today=today, historic=historic) for pk in missing}
    shares |= fresh
    if fresh:
        try:
            cache.set_many({keys[pk]: rows for pk, rows in fresh.items()}, CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("cache unavailable", exc_info=True)
            return shares, {}
    return shares, fresh


def merge(shares) -> dict[str, list[dict]]:
    """The rows of several scopes that do not overlap, put together table by table."""
    merged: dict[str, list[dict]] = {}
    for rows in shares:
        for table, table_rows in rows.items():
            merged.setdefault(table, []).extend(table_rows)
    return merged


def _whole_country() -> Scope:
    """Every record: what a national officer's scope holds (their `for_user` is everything)."""
    return Scope(
        certificates=Certificate.objects.all(),
        results=CouncilResult.objects.all(),
        historic=HistoricEvaluation.objects.all(),
        registrations=Registration.objects.all(),
        producers=Producer.objects.all(),
    )


def _province(province_id: int, *, today: dt.date, historic: bool) -> dict[str, list[dict]]:
    """One province's rows (the records whose commune lies in it), as the national view counts them."""
    scope = narrowed(_whole_country(), province_id=province_id)
    return tally(scope, today=today, unit=UNITS[historic], pipeline_statuses=PIPELINE_STATUSES)


def _country(*, today: dt.date, provinces: list[int], historic: bool) -> dict[int, dict[str, list[dict]]]:
    """Every province's rows (and those elsewhere) from one count of the whole country grouped by province."""
    unit = UNITS[historic]
    rows = tally(_whole_country(), today=today, unit=unit, pipeline_statuses=PIPELINE_STATUSES, by_province=True)
    known = set(provinces)
    shares: dict[int, dict[str, list[dict]]] = {pk: {table: [] for table in rows} for pk in [*provinces, ELSEWHERE]}
    for table, table_rows in rows.items():
        for row in table_rows:
            province = row.pop("p")
            shares[province if province in known else ELSEWHERE][table].append(row)
    return shares
