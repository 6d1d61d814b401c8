"""The pages a visitor and a producer need most still work in a browser that runs none of the site's scripts (an old
phone, a script blocker, a script that failed to arrive on a poor connection): the catalogue's folded filters, and
the file inputs that ui.js dresses in the page's language and checks for size before sending.

Every request for a .js file is refused, which is a browser without JavaScript as far as the site can tell; the
browser's own engine stays on because the axe-core gate runs in it (see test_council_scoring)."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from evaluation.models.registrations import CHECKLIST
from evaluation.tests.factories import PDF_BYTES, private_media, registration_in  # noqa: F401
from ocop.text import fold
from products.tests.factories import ProductFactory, product_set
from supervision.models import SupervisionPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _without_scripts(browser, viewport):
    context = browser.new_context(locale="vi-VN", viewport=viewport, has_touch=viewport is PHONE)
    context.route("**/*.js", lambda route: route.abort())
    return context


def _no_site_script_ran(page) -> None:
    assert page.evaluate("typeof bootstrap") == "undefined"
    assert page.locator(".file-choose").count() == 0  # ui.js never dressed a file input


def test_the_catalogues_folded_filters_open_and_filter_without_scripts(browser, live_server, cast):
    from certificates.tests.factories import CertificateFactory

    cache.clear()
    for name, star in (("Miến dong Tài Hoan", 4), ("Mật ong rừng", 3)):
        product = ProductFactory(producer=cast.producer, product_set=product_set(7), name=name, search_text=fold(name))
        CertificateFactory(product=product, star=star)
    context = _without_scripts(browser, PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/san-pham/")
    _no_site_script_ran(page)
    expect(page.get_by_test_id("product-card")).to_have_count(2)
    star = page.get_by_label("Hạng sao")
    expect(star).to_be_hidden()  # folded on a phone …
    page.get_by_text("Bộ lọc khác").click()  # … and opened by a tap on its summary, the browser's own <details>
    expect(star).to_be_visible()
    star.select_option(label="4 sao")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**/san-pham/?*star=4*")
    expect(page.get_by_test_id("product-card")).to_have_count(1)
    expect(page.get_by_test_id("product-card")).to_contain_text("Miến dong Tài Hoan")
    expect(page.get_by_test_id("more-filters").locator("summary .badge")).to_have_text("1")  # one filter is folded
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()

    context = _without_scripts(browser, DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}/san-pham/")
    expect(page.get_by_label("Hạng sao")).to_be_visible()  # from a tablet's width up, nothing is folded
    expect(page.get_by_text("Bộ lọc khác")).to_be_hidden()
    context.close()


def test_a_file_over_the_limit_is_refused_by_the_server_beside_its_field_without_scripts(
    browser, live_server, cast, sign_in, settings, tmp_path
):
    """ui.js names a file over the limit before it is sent; without it the file travels, and the server refuses it
    next to its field, keeping what the officer typed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OCOP_MAX_UPLOAD_BYTES = 1024 * 1024
    large, small = tmp_path / "ke-hoach-scan.pdf", tmp_path / "ke-hoach.pdf"
    large.write_bytes(b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n")
    small.write_bytes(b"%PDF-1.4\n%%EOF\n")
    context = _without_scripts(browser, PHONE)
    page = sign_in(context.new_page(), cast.province_officer)
    page.goto(f"{live_server.url}/giam-sat/ke-hoach/them/")
    _no_site_script_ran(page)
    page.fill("input[name=number]", "30/KH-SNN")
    page.fill("input[name=signed_on]", "15/01/2026")
    page.fill("input[name=title]", "Kiểm tra sản phẩm OCOP")
    document = page.locator("input[type=file][name=document]")
    expect(document).to_be_visible()  # the browser's own input, not hidden behind a button that needs a script
    document.set_input_files(str(large))
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu kế hoạch").click()
    assert not SupervisionPlan.objects.exists()
    field = page.locator("input[type=file][name=document]")
    expect(page.locator("[id^=error_][id$=_document]")).to_contain_text("1 MB")  # crispy's message under the field
    expect(page.locator("input[name=number]")).to_have_value("30/KH-SNN")
    expect(page.locator("input[name=title]")).to_have_value("Kiểm tra sản phẩm OCOP")

    field.set_input_files(str(small))
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu kế hoạch").click()
    plan = SupervisionPlan.objects.get(number="30/KH-SNN")
    assert plan.document.name.endswith(".pdf")
    context.close()


def test_the_producer_uploads_the_dossier_without_scripts(
    browser,
    live_server,
    cast,
    sign_in,
    tmp_path,
    private_media,  # noqa: F811
):
    registration = registration_in(cast)
    context = _without_scripts(browser, PHONE)
    page = sign_in(context.new_page(), cast.producer_owner)
    page.goto(f"{live_server.url}/registrations/{registration.pk}/documents/")
    _no_site_script_ran(page)
    for kind in CHECKLIST[registration.kind]:
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(PDF_BYTES)
        page.locator(f"input[name=batch-file_{kind}]").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="Tải lên tất cả").click()
    expect(page.get_by_text(f"Đã tải lên {len(CHECKLIST[registration.kind])} tệp.")).to_be_visible()
    assert page.locator("[data-testid=checklist] .badge", has_text="Còn thiếu").count() == 0
    assert registration.documents.count() == len(CHECKLIST[registration.kind])
    context.close()
