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


@pytest.mark.parametrize(
    "language,summary,other",
    [("vi", "Danh sách chủ thể", "List producers"), ("en", "List producers", "Danh sách chủ thể")],
)
def test_the_docs_page_shows_the_operations_in_the_sites_language(page, live_server, language, summary, other):
    """Vietnamese by default, English after the site's language switch (its cookie), whatever the browser's own
    Accept-Language: the page asks for the schema in its own language."""
    page.set_default_navigation_timeout(120_000)
    page.context.set_extra_http_headers({"Accept-Language": "en-US,en;q=0.9"})
    if language == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-summary", timeout=20000)  # the operations are listed
    assert page.locator("html").get_attribute("lang") == language
    descriptions = page.locator(".opblock-summary-description").all_inner_texts()
    assert summary in descriptions and other not in descriptions
