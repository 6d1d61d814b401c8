import pytest

pytest_plugins = ["ocop.testing"]


def pytest_configure(config):
    # The English UI needs its compiled catalogue; compiling is quick and skipped when up to date.
    import django

    django.setup()
    import os

    from django.conf import settings

    # Tests share one Redis server with other runs (other engineers, other pytest-xdist workers) and Redis has only
    # 16 databases, too few for one per worker per run. So the cache stays in REDIS_URL's database, every process
    # keeps its keys under a prefix of its own, and cache.clear() deletes only that prefix instead of FLUSHDB.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "") or "main"
    for cache in settings.CACHES.values():
        if "redis" in cache["BACKEND"].lower():
            cache["BACKEND"] = "ocop.testing.PrefixScopedRedisCache"
            cache["KEY_PREFIX"] = f"test:{os.getpid()}:{worker}"
    from ocop.i18n import compile_catalogs

    compile_catalogs()


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if settings.IS_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _forget_process_caches():
    """What outlives a test's rolled-back rows in this process: the scorecard structures each worker keeps, and the
    cache (the autosave's audit interval is counted there per sheet id, and ids repeat after a rollback)."""
    from django.core.cache import cache

    from evaluation.selectors.councils import forget_scorecard_structures

    forget_scorecard_structures()
    cache.clear()
    yield


def pytest_unconfigure(config):
    # Leave nothing of this process in the shared Redis database (the prefix is per process, see above).
    from django.conf import settings

    if any("redis" in cache["BACKEND"].lower() for cache in settings.CACHES.values()):
        from django.core.cache import caches

        for alias in settings.CACHES:
            caches[alias].clear()
