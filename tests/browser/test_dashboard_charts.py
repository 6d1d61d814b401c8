"""The statistics in the browser (issue 14): charts drawn by the vendored Chart.js under the CSP, a click on a bar
opens the certificates behind it, a click on a table cell does the same, at desktop and phone widths; axe-core
checks every page visited (conftest)."""

from datetime import date

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def build(cast):
    from certificates.tests.factories import CertificateFactory, ProductFactory

    for star in (3, 3, 3, 4, 4, 5):
        CertificateFactory(product=ProductFactory(producer=cast.producer), star=star, issued_on=date(2025, 3, 10))


def bar_point(page, testid: str, index: int) -> dict:
    """Where the chart drew bar `index` of its first dataset, in page coordinates."""
    canvas = page.get_by_test_id(testid)
    expect(canvas).to_have_attribute("data-chart-ready", "1", timeout=10000)
    box = canvas.bounding_box()
    point = canvas.evaluate(
        "(c, i) => { const el = c.chart.getDatasetMeta(0).data[i]; const p = el.getCenterPoint();"
        " return {x: p.x, y: (el.y + el.base) / 2}; }",
        index,
    )
    return {"x": box["x"] + point["x"], "y": box["y"] + point["y"]}


@pytest.mark.parametrize("width", [1366, 390])
def test_a_click_on_a_bar_opens_the_certificates_behind_it(page, live_server, cast, login_page, width):
    build(cast)
    page.set_viewport_size({"width": width, "height": 900})
    login_page(page, cast.province_officer)
    page.goto(f"{live_server.url}/thong-ke/")
    expect(page.get_by_test_id("by-star")).to_contain_text("3 ★")
    page.get_by_test_id("by-star-chart").scroll_into_view_if_needed()
    point = bar_point(page, "by-star-chart", 1)  # the 4★ bar
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/certificates/**star=4**")
    assert "status=live" in page.url
    expect(page.locator("table tbody tr")).to_have_count(2)


def test_a_click_on_a_table_cell_opens_the_same_list(page, live_server, cast, login_page):
    build(cast)
    login_page(page, cast.province_officer)
    page.goto(f"{live_server.url}/thong-ke/")
    page.get_by_test_id("by-star").get_by_role("link", name="3", exact=True).click()
    page.wait_for_url("**star=3**")
    expect(page.locator("table tbody tr")).to_have_count(3)
