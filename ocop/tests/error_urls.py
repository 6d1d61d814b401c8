"""The site's URLs plus one view that fails, for the error-page tests (ocop/tests/test_view_error_pages.py)."""

from django.urls import path

from ocop.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
