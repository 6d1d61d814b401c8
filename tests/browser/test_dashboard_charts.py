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
def test_a_click_on_a_bar_opens_the_certificates_behind_it(page, live_server, cast, sign_in, width):
    build(cast)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/thong-ke/")
    expect(page.get_by_test_id("by-star")).to_contain_text("3 ★")
    page.get_by_test_id("by-star-chart").scroll_into_view_if_needed()
    point = bar_point(page, "by-star-chart", 1)  # the 4★ bar
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/certificates/**star=4**")
    assert "status=live" in page.url
    expect(page.locator("table tbody tr")).to_have_count(2)


def test_a_click_on_a_table_cell_opens_the_same_list(page, live_server, cast, sign_in):
    build(cast)
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/thong-ke/")
    page.get_by_test_id("by-star").get_by_role("link", name="3", exact=True).click()
    page.wait_for_url("**star=3**")
    expect(page.locator("table tbody tr")).to_have_count(3)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_programme_pages_pass_axe_at_desktop_and_phone_width(page, live_server, cast, sign_in, width):
    """axe-core (conftest) checks each page visited: the report, the past rounds, their forms, a plan's import."""
    from dashboard.choices import TargetMetric
    from dashboard.services import historic_evaluations_record, plan_create

    build(cast)
    plan = plan_create(
        by=cast.province_officer,
        fields={
            "unit": cast.province,
            "number": "58/KH-UBND",
            "signed_on": date(2024, 3, 18),
            "title": "Kế hoạch OCOP 2024",
            "period_start": date(2024, 1, 1),
            "period_end": date(2024, 12, 31),
        },
        targets=[{"metric": TargetMetric.NEW_RECOGNISED, "quantity": 17}],
    )
    from certificates.tests.factories import ProductFactory

    historic_evaluations_record(
        by=cast.province_officer,
        rows=[
            {
                "product": ProductFactory(producer=cast.producer),
                "evaluated_on": date(2019, 11, 20),
                "mean_score": 45,
                "star": 2,
                "level": "province",
                "unit": cast.province,
            }
        ],
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, cast.province_officer)
    for path, text in (
        ("/bao-cao/?period=year&year=2025", "Sản phẩm được công nhận trong kỳ"),
        ("/danh-gia-cu/", "không được công nhận"),
        ("/danh-gia-cu/them/", "Ghi nhận"),
        ("/danh-gia-cu/nhap/", "Tải tệp mẫu"),
        (f"/ke-hoach/{plan.pk}/", "Thêm chỉ tiêu từ Excel"),
        (f"/ke-hoach/{plan.pk}/nhap-chi-tieu/", "Tải tệp mẫu"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main, body").first).to_contain_text(text)
        page._ocop_axe.check()


def test_a_click_on_the_evaluated_bar_opens_the_products_evaluated_that_year(page, live_server, cast, sign_in):
    """The 'evaluated against recognised' chart: its 'evaluated' series opens the dashboard's list of the products
    evaluated that year, whose count is the bar's; the list and the commune's dashboard pass axe."""
    from decimal import Decimal

    from certificates.tests.factories import result_for

    result_for(cast.producer, star=4)
    result_for(cast.producer, star=3, mean_score=Decimal("45.00"), band_star=2, final_star=2)
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/thong-ke/")
    page.get_by_test_id("evaluated-chart").scroll_into_view_if_needed()
    point = bar_point(page, "evaluated-chart", 0)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/thong-ke/danh-sach/?figure=evaluated**")
    expect(page.get_by_test_id("figure-total")).to_contain_text("2 sản phẩm")
    expect(page.get_by_test_id("section-council").locator("tbody tr")).to_have_count(2)
    page._ocop_axe.check()
    page.goto(f"{live_server.url}/thong-ke/?commune={cast.commune.pk}")
    expect(page.get_by_test_id("dashboard-kind")).to_have_attribute("data-kind", "commune")
    expect(page.get_by_test_id("pipeline")).to_be_visible()
    page._ocop_axe.check()


@pytest.mark.parametrize("width", [390, 1366])
def test_a_long_status_fits_its_axis_and_the_tooltip_says_it_whole(page, live_server, cast, sign_in, width):
    """On a phone "Chờ UBND tỉnh phê duyệt, gửi Bộ" was cut at its start ("BND tỉnh phê duyệt…"): Chart.js gives a
    sideways chart's labels half its width and crops what is longer. Each label now fits (wrapped, or ended with
    "…"), and the bar's tooltip still says the whole status."""
    from certificates.tests.factories import ProductFactory, RegistrationFactory
    from evaluation.choices import RegistrationStatus

    RegistrationFactory(product=ProductFactory(producer=cast.producer), status=RegistrationStatus.PROVINCE_APPROVAL)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/thong-ke/")
    canvas = page.get_by_test_id("pipeline-chart")
    canvas.scroll_into_view_if_needed()
    expect(canvas).to_have_attribute("data-chart-ready", "1", timeout=10000)
    drawn = canvas.evaluate(
        """(c) => {
          const chart = c.chart, axis = chart.scales.y, ctx = chart.ctx;
          ctx.save();
          ctx.font = Chart.helpers.toFont(axis.options.ticks.font).string;
          const lines = axis.ticks.flatMap((t) => [].concat(t.label));
          const widest = Math.max(...lines.map((line) => ctx.measureText(line).width));
          ctx.restore();
          const index = chart.data.labels.indexOf("Chờ UBND tỉnh phê duyệt, gửi Bộ");
          const bar = chart.getDatasetMeta(0).data[index];
          chart.tooltip.setActiveElements([{datasetIndex: 0, index}], {x: bar.x, y: bar.y});
          chart.update();
          return {widest, room: axis.width - axis.options.ticks.padding, label: axis.ticks[index].label,
                  tooltip: chart.tooltip.title};
        }"""
    )
    assert drawn["widest"] <= drawn["room"], drawn
    assert drawn["tooltip"] == ["Chờ UBND tỉnh phê duyệt, gửi Bộ"]
    if width == 390:
        assert drawn["label"] != "Chờ UBND tỉnh phê duyệt, gửi Bộ"  # shortened or wrapped on a phone
    else:
        assert drawn["label"] == "Chờ UBND tỉnh phê duyệt, gửi Bộ"  # whole where there is room
