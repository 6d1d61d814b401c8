import pytest

pytest_plugins = ["ocop.testing"]


def pytest_configure(config):
    # The English UI needs its compiled catalogue; compiling is quick and skipped when up to date.
    import django

    django.setup()
    import os

    from django.conf import settings

    # pytest-xdist workers share one Redis server: each worker's cache (cached public pages, rate counters) gets a
    # database of its own, since a test's cache.clear() empties the whole database (FLUSHDB), whatever the prefix.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") and worker[2:].isdigit():
        from urllib.parse import urlsplit, urlunsplit

        for cache in settings.CACHES.values():
            if "redis" in cache["BACKEND"].lower():
                parts = urlsplit(cache["LOCATION"])
                cache["LOCATION"] = urlunsplit(parts._replace(path=f"/{10 + int(worker[2:])}"))
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
