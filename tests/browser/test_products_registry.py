"""A commune officer keeps the registry in a real browser: creates a producer and a product, finds the
product by typing without accents, and exports the list to Excel."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ocop.models import AdministrativeUnitSuccession
from ocop.testing import make_unit
from products.models import Producer
from products.tests.factories import product_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_creates_a_producer_and_product_then_finds_and_exports_it(page, live_server, cast, sign_in):
    product_set(7)  # live_server empties the taxonomy of the data migration: create the set we need
    sign_in(page, cast.commune_officer)

    page.goto(f"{live_server.url}/producers/new/")
    page.get_by_role("combobox", name="Loại hình").select_option("coop")
    page.get_by_role("textbox", name="Tên chủ thể").fill("HTX Miến dong Côn Minh")
    page.get_by_role("textbox", name="Mã số doanh nghiệp / mã số thuế").fill("0100109107")  # wrong check digit first
    page.get_by_role("combobox", name="Xã, phường (hiện nay)").select_option(label="Xã Hoà An")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("sai chữ số kiểm tra")).to_be_visible()  # is_visible() would not wait for the answer
    assert (
        page.get_by_role("textbox", name="Tên chủ thể").input_value() == "HTX Miến dong Côn Minh"
    )  # kept what was typed
    page.get_by_role("textbox", name="Mã số doanh nghiệp / mã số thuế").fill("0100109106")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("heading", name="HTX Miến dong Côn Minh").wait_for()

    page.get_by_role("link", name="Thêm sản phẩm").click()
    page.get_by_role("textbox", name="Tên sản phẩm").fill("Miến dong Côn Minh")
    page.get_by_role("combobox", name="Bộ sản phẩm").select_option(index=1)
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("heading", name="Miến dong Côn Minh").wait_for()
    code = page.get_by_test_id("product-code").inner_text()
    assert code.startswith("90-90001-1-")

    page.goto(f"{live_server.url}/products/")
    page.get_by_role("searchbox").fill("mien dong con minh")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/products/?q=mien+dong+con+minh*")
    assert page.get_by_role("link", name="Miến dong Côn Minh").is_visible()

    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:  # the download has no .xlsx suffix: pass a file object
        rows = list(load_workbook(handle).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][2] == "Miến dong Côn Minh" and rows[1][9] == code


def test_a_national_officer_picks_the_province_then_the_commune_then_the_old_commune(page, live_server, cast, sign_in):
    """static/js/cascade.js: thousands of communes become the few of the chosen province, and the old
    communes those merged into the chosen commune."""
    district = make_unit(level="district", code="800", name="Huyện Na Rì", era="historic")
    old = make_unit(level="commune", code="80001", name="Xã Côn Minh (cũ)", parent=district, era="historic")
    AdministrativeUnitSuccession.objects.create(old=old, new=cast.far_commune)
    sign_in(page, cast.central_officer)
    page.goto(f"{live_server.url}/producers/new/")
    commune = page.get_by_role("combobox", name="Xã, phường (hiện nay)")
    historic = page.get_by_role("combobox", name="Xã (trước 01/07/2025)")
    assert commune.locator("option").all_inner_texts() == ["— Chọn tỉnh, thành phố trước —"]
    page.get_by_role("combobox", name="Tỉnh, thành phố").select_option(label="Tỉnh Khác")
    expect(commune.locator("option")).to_have_count(2)  # (a string predicate would need eval, refused by the CSP)
    assert commune.locator("option").all_inner_texts()[1:] == ["Xã Xa Xôi"]
    commune.select_option(label="Xã Xa Xôi")
    expect(historic.locator("option")).to_have_count(2)
    historic.select_option(label="Xã Côn Minh (cũ)")
    page.get_by_role("combobox", name="Loại hình").select_option("coop")
    page.get_by_role("textbox", name="Tên chủ thể").fill("HTX Xa Xôi")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("heading", name="HTX Xa Xôi").wait_for()
    producer = Producer.objects.get(name="HTX Xa Xôi")
    assert (producer.commune, producer.historic_commune) == (cast.far_commune, old)
