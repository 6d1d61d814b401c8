"""Versions of cached reads. A cached read keys its entries with the version of what it depends on; the services
that change those records bump the version (after their transaction commits), so every cached entry is out of date
at once, on every web machine sharing the cache. The lower apps call the bumps here, in ocop; they never import
the portal or the dashboard that read them.

- The public version: what the public sees (certificates, decisions, certified products and their producers).
- The statistics versions: the programme's figures (the dashboards): everything public, and registrations, producers,
  past evaluations and plans. A public bump is also a statistics bump. There is one version per province (the
  figures of a province, of its communes, and the province's share of the national figures) and a national one.
  A change names the units it touched (its communes or provinces): their provinces' versions and the national one
  move, every other province's figures stay warm. A change that names no unit, or a unit in no province of today
  (a record still on a former district), moves "everywhere", a part of every province's version.

The cache itself is Redis (ResilientRedisCache): when Redis does not answer, every page still works from the
database, as every task still waits in the outbox."""

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache for a site that keeps working when Redis does not answer: a read is a miss, a write does
    nothing, and the server that failed is not asked again for RETRY_AFTER seconds (a page makes several cache
    calls; none waits on a dead server more than once). `add` answers True, as if stored: its callers throttle an act
    with it (an autosave's audit row), which then happens rather than being skipped. `incr` raises ValueError, as for
    a missing key. /healthz reports the outage ("degraded"); only Redis errors are caught, a programming error is
    not."""

    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _guarded(self, method: str, fallback: Callable[[], Any], *args) -> Any:
        """RedisCache's `method` with `args`, or `fallback()` while Redis is known down or when it fails now."""
        from redis.exceptions import RedisError

        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return getattr(super(), method)(*args)
        except RedisError:
            self._down_until = time.monotonic() + self.RETRY_AFTER
            logger.warning("Redis unavailable: the cache is skipped for %s s", self.RETRY_AFTER, exc_info=True)
            return fallback()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", lambda: True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded("get", lambda: default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded("set", lambda: None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded("delete", lambda: False, key, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")

        return self._guarded("incr", missing, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set_many", list, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._guarded("delete_many", lambda: None, keys, version)

    def clear(self):
        return self._guarded("clear", lambda: False)


PUBLIC_VERSION_KEY = "ocop:public-version"
STATISTICS_VERSION_KEY = "ocop:statistics-version"  # the national figures: moved by every change
STATISTICS_EVERYWHERE_KEY = "ocop:statistics-version:everywhere"  # part of every province's version
REFERENCE_VERSION_KEY = "ocop:reference-version"  # the reference lists: units, sectors, groups, product sets


def _province_key(province_id: int) -> str:
    return f"ocop:statistics-version:province:{province_id}"


def _version(key: str) -> int | None:
    try:
        version = cache.get(key)
        if version is None:
            cache.add(key, 1, timeout=None)
            version = cache.get(key, 1)
        return int(version)
    except Exception:  # noqa: BLE001 — a cache outage must not take the pages down
        logger.warning("cache unavailable", exc_info=True)
        return None


def public_version() -> int | None:
    """The current public version, or None when the cache cannot be reached (the caller then reads the database)."""
    return _version(PUBLIC_VERSION_KEY)


def statistics_version() -> int | None:
    """The current national statistics version, or None when the cache cannot be reached."""
    return _version(STATISTICS_VERSION_KEY)


def province_statistics_versions(province_ids) -> dict[int, str] | None:
    """The current version of each province's figures ("<everywhere>.<province>"), read in one round trip; None
    when the cache cannot be reached."""
    keys = {pk: _province_key(pk) for pk in province_ids}
    try:
        found = cache.get_many([STATISTICS_EVERYWHERE_KEY, *keys.values()])
        missing = [key for key in (STATISTICS_EVERYWHERE_KEY, *keys.values()) if key not in found]
        for key in missing:  # first use (or evicted): any start works, a bump moves it on
            cache.add(key, 1, timeout=None)
        if missing:
            found |= cache.get_many(missing)
        everywhere = int(found.get(STATISTICS_EVERYWHERE_KEY, 1))
        return {pk: f"{everywhere}.{int(found.get(key, 1))}" for pk, key in keys.items()}
    except Exception:  # noqa: BLE001 — a cache outage must not take the pages down
        logger.warning("cache unavailable", exc_info=True)
        return None


def province_statistics_version(province_id: int) -> str | None:
    """The current version of one province's figures, or None when the cache cannot be reached."""
    versions = province_statistics_versions([province_id])
    return None if versions is None else versions[province_id]


def reference_version() -> int | None:
    """The current version of the reference lists the filter forms offer (ocop.filters), or None when the cache
    cannot be reached."""
    return _version(REFERENCE_VERSION_KEY)


def reference_cache_bump() -> None:
    """Mark every web machine's lists of reference records stale once the current transaction commits."""
    transaction.on_commit(lambda: _bump(REFERENCE_VERSION_KEY))


def figures_version(*, user, province_id: int | None = None, commune_id: int | None = None) -> int | str | None:
    """The statistics version a view's figures are cached under: its province's when the view lies within one
    province (a province or commune officer's, a national officer's narrowed to a province), else the national
    one (the whole country; a national officer's view of one commune, to spare a query for its province)."""
    if user.is_national:
        return province_statistics_version(province_id) if province_id else statistics_version()
    province = user.province_id
    return province_statistics_version(province) if province else statistics_version()


def _bump(*keys: str) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # the key was evicted: any new number invalidates the old entries
            cache.set(key, time.time_ns() // 1000, timeout=None)
        except Exception:  # noqa: BLE001
            logger.warning("could not invalidate the cache %s", key, exc_info=True)


def public_cache_bump(*, units: Iterable[int | None] | None = None) -> None:
    """Mark every cached public page stale once the current transaction commits (at once outside one), and the
    figures of `units`' provinces (statistics_cache_bump)."""
    unit_ids = None if units is None else list(units)
    transaction.on_commit(lambda: _bump(PUBLIC_VERSION_KEY, *_statistics_keys(unit_ids)))


def statistics_cache_bump(*, units: Iterable[int | None] | None = None) -> None:
    """Mark cached programme figures stale once the current transaction commits: a registration moved, a producer,
    a past evaluation or a plan recorded or changed. `units`: the ids of the communes or provinces whose records
    changed (both of them when a record moved); their provinces' figures and the national ones go stale. None, or
    a unit in no province of today: every province's."""
    unit_ids = None if units is None else list(units)
    transaction.on_commit(lambda: _bump(*_statistics_keys(unit_ids)))


def _statistics_keys(unit_ids: list[int | None] | None) -> list[str]:
    provinces = _provinces_of(unit_ids)
    if provinces is None:
        return [STATISTICS_VERSION_KEY, STATISTICS_EVERYWHERE_KEY]
    return [STATISTICS_VERSION_KEY, *(_province_key(pk) for pk in sorted(provinces))]


def _provinces_of(unit_ids: list[int | None] | None) -> set[int] | None:
    """Today's provinces of the units (a current province, or a unit whose parent is one); None when one of them
    is unknown or in no province of today (a former district's commune)."""
    if unit_ids is None or None in unit_ids:
        return None
    from .choices import UnitEra, UnitLevel
    from .models import AdministrativeUnit  # the models import this module's neighbours: read at bump time

    wanted = set(unit_ids)
    try:
        rows = list(
            AdministrativeUnit.objects.filter(pk__in=wanted).values_list(
                "pk", "level", "era", "parent_id", "parent__level", "parent__era"
            )
        )
    except Exception:  # noqa: BLE001 — the bump must happen even when the lookup cannot
        logger.warning("could not find the provinces of %s", wanted, exc_info=True)
        return None
    if len(rows) != len(wanted):
        return None
    provinces = set()
    current_province = (UnitLevel.PROVINCE, UnitEra.CURRENT)
    for pk, level, era, parent_id, parent_level, parent_era in rows:
        if (level, era) == current_province:
            provinces.add(pk)
        elif (parent_level, parent_era) == current_province:
            provinces.add(parent_id)
        else:
            return None
    return provinces


def cached_read(
    name: str, params: Any, build: Callable[[], Any], *, version: int | None, prefix: str, seconds: int
) -> Any:
    """`build()` cached under `version` (public_version(), statistics_version() or a province's version) and today's date (figures that
    move at midnight need no bump); straight from the database when the cache is down (version None)."""
    if version is None:
        return build()
    digest = hashlib.sha1(json.dumps(params, sort_keys=True, default=str).encode(), usedforsecurity=False)
    key = f"{prefix}:{version}:{timezone.localdate():%Y%m%d}:{name}:{digest.hexdigest()}"
    try:
        hit = cache.get(key)
    except Exception:  # noqa: BLE001 — a cache outage must not take the pages down
        logger.warning("cache unavailable", exc_info=True)
        return build()
    if hit is not None:
        return hit
    value = build()
    try:
        cache.set(key, value, seconds)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable", exc_info=True)
    return value
