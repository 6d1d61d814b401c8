import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test stores its photos and evidence under its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://ocop.example.vn"
