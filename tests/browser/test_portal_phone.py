"""A visitor on a 390-pixel phone: landing page → search without accents → product page → its certificate's
verification page → back to the product page. Nothing scrolls sideways; nothing comes from outside hosts."""

import re

import pytest
from django.core.cache import cache

from ocop.text import fold
from products.tests.factories import ProductFactory, product_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, locale="vi-VN")
    yield context.new_page()
    context.close()


def _no_sideways_scroll(page, label):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{label} is {width}px wide"


def _navigation_is_one_row(page):
    """The public navigation takes one row (it used to wrap onto three on a phone); what does not fit scrolls
    inside the row."""
    tops = (
        page.get_by_test_id("portal-nav")
        .get_by_role("link")
        .evaluate_all("links => links.map(a => Math.round(a.getBoundingClientRect().top))")
    )
    assert len(tops) == 6 and len(set(tops)) == 1, tops


def _placeholder_fits(box) -> bool:
    """The placeholder's text, in the box's own font, is no wider than the box's room for text."""
    return box.evaluate(
        """el => {
          const css = getComputedStyle(el), ctx = document.createElement("canvas").getContext("2d");
          ctx.font = css.font;
          const room = el.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight);
          return ctx.measureText(el.placeholder).width <= room;
        }"""
    )


def test_a_visitor_goes_from_the_landing_page_to_a_product_and_its_verification(phone, live_server, cast):
    from certificates.tests.factories import CertificateFactory

    cache.clear()
    name = "Miến dong Tài Hoan loại đặc biệt"
    product = ProductFactory(
        producer=cast.producer, product_set=product_set(7), name=name, search_text=fold(f"{name} HTX Tài Hoan")
    )
    other = "Mật ong rừng"
    ProductFactory(producer=cast.producer, product_set=product_set(7), name=other, search_text=fold(other))
    certificate = CertificateFactory(product=product, star=4)
    outside = []
    phone.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)

    phone.goto(f"{live_server.url}/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Sản phẩm OCOP Việt Nam"
    _no_sideways_scroll(phone, "landing")
    _navigation_is_one_row(phone)
    search = phone.get_by_role("searchbox", name="Tìm sản phẩm OCOP")
    assert _placeholder_fits(search), search.get_attribute("placeholder")
    search.fill("mien dong")
    phone.get_by_role("button", name="Tìm").click()
    phone.wait_for_url("**/san-pham/?q=mien+dong")
    cards = phone.get_by_test_id("product-card")
    assert cards.count() == 1
    _no_sideways_scroll(phone, "catalogue")
    cards.first.get_by_role("link", name=name).click()
    phone.wait_for_url(f"**/san-pham/{product.pk}-mien-dong-tai-hoan-loai-dac-biet/")
    assert phone.get_by_test_id("product-name").inner_text() == name
    assert certificate.number in phone.content()
    _no_sideways_scroll(phone, "product page")

    phone.get_by_test_id("verify-link").click()
    phone.wait_for_url(f"**/v/{certificate.verify_token}/")
    assert phone.get_by_test_id("verify-product").inner_text() == name
    phone.get_by_test_id("verify-product-page").click()
    phone.wait_for_url(f"**/san-pham/{product.pk}-mien-dong-tai-hoan-loai-dac-biet/")
    assert outside == []


def test_a_visitor_goes_from_the_landing_page_through_the_map_to_a_product(phone, live_server, cast):
    """The choropleth works without JavaScript: a province on the map opens the catalogue filtered to it; the
    province's page shows its outline and its communes' table, each commune opening its own filtered list."""
    from certificates.tests.factories import CertificateFactory
    from ocop.testing import make_unit
    from products.models import Producer

    cache.clear()
    thai_nguyen = make_unit(level="province", code="19", name="Tỉnh Thái Nguyên")
    con_minh = make_unit(level="commune", code="05500", name="Xã Côn Minh", parent=thai_nguyen)
    producer = Producer.objects.create(kind="coop", name="HTX Tài Hoan", commune=con_minh, search_text="htx tai hoan")
    name = "Miến dong Tài Hoan"
    product = ProductFactory(producer=producer, product_set=product_set(7), name=name, search_text=fold(name))
    CertificateFactory(product=product, star=4)
    elsewhere = ProductFactory(
        producer=cast.producer, product_set=product_set(7), name="Mật ong", search_text="mat ong"
    )
    CertificateFactory(product=elsewhere, star=3)
    outside = []
    phone.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)

    phone.goto(f"{live_server.url}/")
    phone.get_by_role("link", name="Bản đồ 34 tỉnh, thành phố").click()
    phone.wait_for_url("**/ban-do/")
    _no_sideways_scroll(phone, "map")
    assert phone.locator("[data-testid=province-map] path").count() == 34
    province = phone.get_by_role("link", name="Tỉnh Thái Nguyên: 1 sản phẩm")
    assert province.get_attribute("data-count") == "1"
    province.click()
    phone.wait_for_url(f"**/san-pham/?province={thai_nguyen.pk}")
    cards = phone.get_by_test_id("product-card")
    assert cards.count() == 1
    cards.first.get_by_role("link", name=name).click()
    phone.wait_for_url(f"**/san-pham/{product.pk}-mien-dong-tai-hoan/")
    assert phone.get_by_test_id("product-name").inner_text() == name

    phone.goto(f"{live_server.url}/ban-do/")
    phone.get_by_role("link", name="Tỉnh Thái Nguyên theo xã, phường").click()
    phone.wait_for_url(f"**/ban-do/{thai_nguyen.pk}/")
    _no_sideways_scroll(phone, "province map")
    assert phone.get_by_test_id("province-outline").is_visible()
    phone.get_by_test_id("commune-table").get_by_role("link", name="Xã Côn Minh").click()
    phone.wait_for_url(f"**/san-pham/?province={thai_nguyen.pk}&commune={con_minh.pk}")
    assert phone.get_by_test_id("product-card").count() == 1
    assert outside == []


def test_the_catalogue_shows_its_first_result_on_a_phones_first_screen(browser, live_server, cast):
    """Six filters used to fill a 390-pixel screen: the search box stays, the others fold into a <details> that
    opens without JavaScript; on a desktop they are all shown at once."""
    from certificates.tests.factories import CertificateFactory

    cache.clear()
    for name in ("Mật ong rừng", "Miến dong", "Chè Shan tuyết"):
        CertificateFactory(product=ProductFactory(producer=cast.producer, product_set=product_set(7), name=name))
    context = browser.new_context(viewport=PHONE, has_touch=True, locale="vi-VN")
    phone = context.new_page()
    phone.goto(f"{live_server.url}/san-pham/")
    first = phone.get_by_test_id("product-card").first.bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"], first
    star = phone.get_by_label("Hạng sao")
    assert not star.is_visible()
    phone.get_by_text("Bộ lọc khác").click()
    star.select_option("4")
    phone.get_by_role("button", name="Lọc", exact=True).click()
    phone.wait_for_url(re.compile(r"/san-pham/\?.*star=4"))
    assert phone.get_by_test_id("more-filters").inner_text().strip() == "Bộ lọc khác 1"
    _no_sideways_scroll(phone, "catalogue")
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    desktop = context.new_page()
    desktop.goto(f"{live_server.url}/san-pham/")
    assert desktop.get_by_label("Hạng sao").is_visible()
    assert not desktop.get_by_text("Bộ lọc khác").is_visible()
    context.close()
