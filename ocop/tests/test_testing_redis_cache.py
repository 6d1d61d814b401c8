"""The tests' Redis cache: each test process keeps to its own key prefix, and clear() deletes nothing else."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.mark.skipif("redis" not in settings.CACHES["default"]["BACKEND"].lower(), reason="needs REDIS_URL")
def test_clear_deletes_only_this_process_keys():
    client = cache._cache.get_client(None, write=True)
    foreign = f"someone-else:{os.getpid()}:key"
    client.set(foreign, b"1")
    try:
        cache.set("mine", 1)
        assert settings.CACHES["default"]["KEY_PREFIX"].startswith(f"test:{os.getpid()}:")
        cache.clear()
        assert cache.get("mine") is None
        assert client.get(foreign) == b"1"
    finally:
        client.delete(foreign)


def test_glob_escape_keeps_a_prefix_literal():
    from ocop.testing import glob_escape

    assert glob_escape("a*b?[c]\\") == "a\\*b\\?\\[c\\]\\\\"
