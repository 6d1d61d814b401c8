# The cast, login and offline fixtures come from ocop.testing (pytest_plugins in the root conftest).
import pytest
from django.core.cache import cache

from products.models import LegacyCategory, ProductSet
from products.taxonomy import SETS, taxonomy_load

from .factories import ApiCaller


@pytest.fixture(autouse=True)
def _fresh(db, settings, tmp_path):
    """Reference data (a transactional test may have flushed it), an empty cache (public pages, throttle
    counters) and a private MEDIA_ROOT for each test. The taxonomy is loaded again only when it is missing: a
    flush empties every table and each other test's changes are rolled back, so two counts tell, where loading it
    whatever the state (idempotent) took some 280 queries per test."""
    if ProductSet.objects.count() != len(SETS) or not LegacyCategory.objects.exists():
        taxonomy_load()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://ocop.example.vn"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(client, cast):
    """api.as_(scope) → a caller signed with a new client's token: scope one of "province_read",
    "province_write", "national_read", "national_write", "other_province_read", or None (no token)."""
    return ApiCaller(client, cast)
