# The cast, login and offline fixtures come from ocop.testing (pytest_plugins in the root conftest).
import pytest
from django.core.cache import cache

from products.models import LegacyCategory, ProductSet
from products.taxonomy import SETS, taxonomy_load


@pytest.fixture(autouse=True)
def _taxonomy(db):
    """The sectors and product sets come from a data migration, which a transactional test that ran before on the
    same worker flushes; the migration's own loader puts them back (idempotent) when they are missing: one count
    instead of some 280 queries per test."""
    if ProductSet.objects.count() != len(SETS) or not LegacyCategory.objects.exists():
        taxonomy_load()


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    """Each test starts with an empty cache (public pages and rate-limit counters) and its own MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://ocop.example.vn"
    cache.clear()
    yield
    cache.clear()
