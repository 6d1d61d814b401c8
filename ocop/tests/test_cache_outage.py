"""Redis down: every page still works (the cache reads as empty, writes do nothing) and no one waits on it long, so
that /healthz can keep the web nodes in service while it reports "degraded" (ocop.cache.ResilientRedisCache)."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {"BACKEND": "ocop.cache.ResilientRedisCache", "LOCATION": DEAD_REDIS, "KEY_PREFIX": "outage"}
    }
    settings.REDIS_URL = DEAD_REDIS
    yield
    cache.close()


PAGES = {
    "province_officer": [
        "/",
        reverse("dashboard_statistics"),
        reverse("certificates:expiry_list"),
        reverse("evaluation:registration_list"),
        reverse("products:product_list"),
        reverse("products:producer_list"),
        reverse("certificates:certificate_list"),
    ],
    "commune_officer": ["/", reverse("evaluation:registration_list")],
    "producer_owner": ["/", reverse("certificates:certificate_list")],
}


@pytest.mark.parametrize("role", PAGES)
def test_the_pages_of_each_role_answer_with_redis_down(cast, client, redis_down, role):
    response = client.post(reverse("login"), {"username": getattr(cast, role).username, "password": cast.password})
    assert response.status_code == 302
    for path in PAGES[role]:
        assert client.get(path).status_code == 200, path


def test_the_public_pages_and_the_health_check_answer_with_redis_down(client, redis_down):
    for path in ("/", "/san-pham/", "/ban-do/"):
        assert client.get(path).status_code == 200, path
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "degraded"


def test_reads_are_misses_writes_do_nothing_and_a_dead_server_is_not_asked_again_at_once(redis_down):
    assert cache.get("key", "default") == "default" and cache.get_many(["a", "b"]) == {}
    cache.set("key", 1)
    assert cache.set_many({"a": 1}) == [] and not cache.has_key("key") and cache.delete("key") is False
    with pytest.raises(ValueError):
        cache.incr("counter")  # as for a missing key: callers already handle it
    started = time.monotonic()
    for _ in range(200):
        cache.get("key")
    assert time.monotonic() - started < 1  # no connection attempt each time while the server is known down
