"""Printing a page (Ctrl+P) prints the record or the list, not the screen's controls: no menu, breadcrumbs, filter
form or buttons. The filters a list applies print as one line instead, and its rows and "Trang 1/2" print."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_filtered_list_prints_its_rows_and_the_filters_it_applies(page, live_server, cast, sign_in):
    from products.choices import ProducerKind
    from products.tests.factories import ProductFactory

    ProductFactory(producer=cast.producer, name="Miến dong Côn Minh")
    ProductFactory(producer=cast.producer, name="Mật ong rừng")
    kind = ProducerKind(cast.producer.kind)
    sign_in(page, cast.commune_officer)
    page.goto(f"{live_server.url}{reverse('products:product_list')}?q=mien&kind={kind.value}")
    line = page.locator(".print-filters")
    expect(line).to_be_hidden()  # on screen the form says it
    page.emulate_media(media="print")
    expect(line).to_have_text(f"Đã lọc theo: Tìm kiếm: mien · Loại hình chủ thể: {kind.label}")
    expect(page.get_by_role("cell", name="Miến dong Côn Minh")).to_be_visible()
    # The columns share a sheet of paper: the table's type is smaller than the screen's (16 px).
    assert page.locator("table").evaluate("el => getComputedStyle(el).fontSize") == "11.3333px"  # 8.5 pt
    expect(page.get_by_text("Mật ong rừng")).to_have_count(0)
    for hidden in (page.locator("nav.navbar-ocop"), page.get_by_role("search"), page.get_by_role("link", name="Thêm")):
        expect(hidden.first).to_be_hidden()


def test_a_dossier_prints_without_its_actions(page, live_server, cast, sign_in):
    from evaluation.tests.factories import RegistrationFactory

    registration = RegistrationFactory(product__producer=cast.producer)
    sign_in(page, cast.commune_officer)
    page.goto(f"{live_server.url}{reverse('evaluation:registration_detail', args=[registration.pk])}")
    actions = page.get_by_test_id("actions")
    expect(actions).to_be_visible()
    page.emulate_media(media="print")
    expect(actions).to_be_hidden()
    expect(page.get_by_role("heading", name=registration.product.name)).to_be_visible()
    expect(page.locator(".breadcrumb")).to_be_hidden()
    # Its status badge prints dark on white: browsers leave a badge's background out, and its text was white.
    badge = page.get_by_test_id("status").first
    assert badge.evaluate("el => getComputedStyle(el).color") == "rgb(33, 37, 41)"


def test_the_report_prints_the_period_it_shows_not_who_signs_its_pdf(page, live_server, cast, sign_in):
    # The report's PDF form (who signs it) is no filter: printed, the page said "Đã lọc theo: Chức vụ người ký: TM. ỦY
    # BAN NHÂN DÂN CHỦ TỊCH" under the period's line, and each required field's label kept its "*".
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}{reverse('dashboard_report')}?period=year&year=2026")
    expect(page.get_by_test_id("report-pdf-form")).to_be_visible()
    # On screen the signer's two inputs and the PDF button stand on one line: the capacity's help text (three lines)
    # had pushed its input up, out of line with the name's, and the button down beside the name's.
    tops = [
        round(page.locator(selector).bounding_box()["y"])
        for selector in ("#id_signer_title", "#id_signer_name", "[data-testid=report-pdf]")
    ]
    assert max(tops) - min(tops) <= 2, tops
    page.emulate_media(media="print")
    expect(page.locator(".print-filters")).to_have_text(["Đã lọc theo: Kỳ báo cáo: Cả năm · Năm: 2026"])
