"""The version of what the public sees. Public pages cache their data under a key that carries this number;
the services that change a certificate or a product bump it (after their transaction commits), so every cached
public page is out of date at once, on every web machine sharing the cache. The lower apps call the bump
here, in ocop; they never import the portal that reads it."""

import logging
import time

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

PUBLIC_VERSION_KEY = "ocop:public-version"


def public_version() -> int | None:
    """The current version, or None when the cache cannot be reached (the caller then reads the database)."""
    try:
        version = cache.get(PUBLIC_VERSION_KEY)
        if version is None:
            cache.add(PUBLIC_VERSION_KEY, 1, timeout=None)
            version = cache.get(PUBLIC_VERSION_KEY, 1)
        return int(version)
    except Exception:  # noqa: BLE001 — a cache outage must not take the public pages down
        logger.warning("public cache unavailable", exc_info=True)
        return None


def _bump() -> None:
    try:
        cache.incr(PUBLIC_VERSION_KEY)
    except ValueError:  # the key was evicted: any new number invalidates the old entries
        cache.set(PUBLIC_VERSION_KEY, time.time_ns() // 1000, timeout=None)
    except Exception:  # noqa: BLE001
        logger.warning("could not invalidate the public cache", exc_info=True)


def public_cache_bump() -> None:
    """Mark every cached public page stale once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)
