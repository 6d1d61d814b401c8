import pytest

pytest_plugins = ["ocop.testing"]


def pytest_configure(config):
    # The English UI needs its compiled catalogue; compiling is quick and skipped when up to date.
    import django

    django.setup()
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
