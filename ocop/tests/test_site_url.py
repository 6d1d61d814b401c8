"""Issue 12 item 12: the address printed in QR codes and links.

In development (DEBUG on, SITE_URL unset) the address comes from the request, so a demo served on another
port prints a QR that works there; in production (DEBUG=0) the app refuses to start without SITE_URL.
"""

import secrets

from django.test import RequestFactory

from ocop.site import site_url
from ocop.tests.test_settings import run_manage


def test_it_refuses_to_start_in_production_without_site_url():
    result = run_manage(
        "check",
        env_extra={"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "ocop.example.vn"},
    )
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_it_rejects_a_site_url_that_is_not_an_absolute_http_address():
    result = run_manage(
        "check",
        env_extra={
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "ocop.example.vn",
            "SITE_URL": "ocop.example.vn",
        },
    )
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_the_configured_site_url_wins_over_the_request(settings):
    settings.SITE_URL = "https://ocop.example.vn"
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8765")
    assert site_url(request) == "https://ocop.example.vn"
    assert site_url() == "https://ocop.example.vn"


def test_without_site_url_development_takes_the_address_from_the_request(settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8765")
    assert site_url(request) == "http://127.0.0.1:8765"


def test_the_middleware_gives_the_request_address_to_work_done_while_serving_it(settings):
    """Work done while a request is served (a decision issued, its certificates rendered in-process on
    commit) prints the address the browser used; afterwards the development default applies again."""
    from django.http import HttpResponse

    from ocop.site import RequestSiteMiddleware

    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    seen = {}

    def view(request):
        seen["inside"] = site_url()
        return HttpResponse()

    RequestSiteMiddleware(view)(RequestFactory().get("/", HTTP_HOST="127.0.0.1:8765"))
    assert seen["inside"] == "http://127.0.0.1:8765"
    assert site_url() == "http://127.0.0.1:8000"
