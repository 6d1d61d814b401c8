"""Versions of cached reads. A cached read keys its entries with the version of what it depends on; the services
that change those records bump the version (after their transaction commits), so every cached entry is out of date
at once, on every web machine sharing the cache. The lower apps call the bumps here, in ocop; they never import
the portal or the dashboard that read them.

- The public version: what the public sees (certificates, decisions, certified products and their producers).
- The statistics version: the programme's figures (the dashboards): everything public, and registrations, producers,
  past evaluations and plans. A public bump is also a statistics bump."""

import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

PUBLIC_VERSION_KEY = "ocop:public-version"
STATISTICS_VERSION_KEY = "ocop:statistics-version"


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
    """The current statistics version, or None when the cache cannot be reached."""
    return _version(STATISTICS_VERSION_KEY)


def _bump(*keys: str) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # the key was evicted: any new number invalidates the old entries
            cache.set(key, time.time_ns() // 1000, timeout=None)
        except Exception:  # noqa: BLE001
            logger.warning("could not invalidate the cache %s", key, exc_info=True)


def public_cache_bump() -> None:
    """Mark every cached public page (and every cached figure) stale once the current transaction commits (at
    once outside one)."""
    transaction.on_commit(lambda: _bump(PUBLIC_VERSION_KEY, STATISTICS_VERSION_KEY))


def statistics_cache_bump() -> None:
    """Mark every cached programme figure stale once the current transaction commits: a registration moved, a
    producer, a past evaluation or a plan recorded or changed."""
    transaction.on_commit(lambda: _bump(STATISTICS_VERSION_KEY))


def cached_read(
    name: str, params: Any, build: Callable[[], Any], *, version: int | None, prefix: str, seconds: int
) -> Any:
    """`build()` cached under `version` (public_version() or statistics_version()) and today's date (figures that
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
