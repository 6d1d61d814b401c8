# The cast, login and offline fixtures come from ocop.testing (pytest_plugins in the root conftest).
