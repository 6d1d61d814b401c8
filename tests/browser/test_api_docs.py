"""The API documentation page: Swagger UI from the vendored sidecar files renders the live schema under the
site's Content-Security-Policy, with no request to another host."""

import os
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_the_docs_page_renders_the_schema_with_no_policy_violation(page, live_server, width, height):
    violations, hosts = [], set()
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: hosts.add(urlparse(r.url).netloc) if r.url.startswith("http") else None)
    page.set_default_navigation_timeout(120_000)  # a 1.5 MB bundle from the test server on a busy machine
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-tag", timeout=20000)
    assert page.locator(".opblock-tag").count() >= 5  # public, registry, registrations, certificates, …
    assert page.get_by_text("OCOP API").first.is_visible()
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=f"/tmp/api-docs-{width}.png", full_page=False)
    assert violations == []
    assert hosts == {urlparse(live_server.url).netloc}
