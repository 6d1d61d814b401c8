# The cast, login and offline fixtures come from ocop.testing (pytest_plugins in the root conftest).
# Area fixtures shared by several test modules are re-exported here.
from evaluation.tests.factories import pdf_layout_skipped, private_media  # noqa: F401
