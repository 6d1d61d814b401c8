"""Rate limits: each integration client on its own counter; anonymous callers of the public endpoints by address.
Counters live in Django's cache (Redis in production, so every web process shares them)."""

import logging

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .permissions import client_of

logger = logging.getLogger(__name__)


class _SettingsRate:
    """The rate read from the settings at each request (DRF copies them into a class attribute at import, so a
    changed setting would otherwise be ignored until a restart)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    @property
    def cache_format(self):
        # Under the prefix of the site's other rate-limit counters (django-ratelimit's), which tests vary per test.
        return getattr(settings, "RATELIMIT_CACHE_PREFIX", "rl:") + "api:%(scope)s:%(ident)s"


class ClientRateThrottle(_SettingsRate, SimpleRateThrottle):
    scope = "client"

    def get_cache_key(self, request, view):
        client = client_of(request)
        if client is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client.pk}


class AnonymousRateThrottle(_SettingsRate, SimpleRateThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if client_of(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _tolerant(cls):
    """A throttle that lets the call through when the cache cannot be reached (the API stays up with Redis down;
    every call is let through, and so recorded in the audit trail)."""

    class Tolerant(cls):
        def allow_request(self, request, view):
            try:
                return super().allow_request(request, view)
            except Exception:  # noqa: BLE001 — a cache outage must not turn every call into a 500
                logger.warning("API throttle cache unavailable", exc_info=True)
                return True

    Tolerant.__name__ = Tolerant.__qualname__ = cls.__name__
    return Tolerant


ClientRateThrottle = _tolerant(ClientRateThrottle)
AnonymousRateThrottle = _tolerant(AnonymousRateThrottle)


def refusal_window_to_record(client) -> int | None:
    """The length in seconds of the client's throttle window when this refused call is the first of the window to
    be recorded, None when one already was (or the cache cannot tell). A refused call is the cheap answer the
    throttle exists for: a client flooding the API must not turn each refusal into an audit INSERT. One atomic
    `cache.add` per refusal, no database write."""
    throttle = ClientRateThrottle()
    if not throttle.rate:
        return None
    key = throttle.cache_format % {"scope": "client-refused", "ident": client.pk}
    try:
        return throttle.duration if throttle.cache.add(key, 1, throttle.duration) else None
    except Exception:  # noqa: BLE001 — no cache, no trace of the refusal (the refusal itself still stands)
        logger.warning("API throttle cache unavailable", exc_info=True)
        return None
