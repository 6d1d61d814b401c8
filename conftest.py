import os

import pytest

pytest_plugins = ["ocop.testing"]


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if settings.IS_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
