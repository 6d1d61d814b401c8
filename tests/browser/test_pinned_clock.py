"""The browser tests run on the suite's pinned day (ocop.testing.PINNED_NOW) as every other test does: the live
server's pages and the test's own rows share that day, whatever day the suite runs. On the real clock a factory's
fixed dates age: CertificateFactory's certificates (decision of 05/08/2026) would leave the public catalogue on
05/08/2029 and the portal's tests with them."""

import pytest

from ocop.testing import PINNED_NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_live_server_shows_the_pinned_day(page, live_server, cast, sign_in):
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/certificates/expiry/")
    text = page.get_by_role("main").inner_text()
    assert f"Hôm nay {PINNED_NOW:%d/%m/%Y}." in text, text[text.find("Hôm nay") :][:20]


def test_a_second_page_takes_the_static_files_the_browser_keeps(page, live_server, cast, sign_in, monkeypatch):
    """The live server dates its static files by the real clock (conftest): dated on the pinned day they arrived
    older than their hour of freshness, and chromium asked for each of them again on every page."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/certificates/expiry/")
    served, serve = [], StaticFilesHandler.serve

    def counting(handler, request):
        served.append(request.path)
        return serve(handler, request)

    monkeypatch.setattr(StaticFilesHandler, "serve", counting)
    page.goto(f"{live_server.url}/certificates/expiry/?q=x")
    assert page.locator("link[rel=stylesheet]").count() > 3
    assert served == []
