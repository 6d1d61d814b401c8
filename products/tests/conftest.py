# The cast, login and offline fixtures come from ocop.testing (pytest_plugins in the root conftest).
import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploads, thumbnails and import files go to a temporary folder, never the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
