"""A national officer picks a province, then the product: the registration form's product select is filled by
cascade.js from the province's options (ocop.forms.ProvinceFirstMixin), in a real browser, desktop and phone."""

import os

import pytest

from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_product_select_fills_once_a_province_is_chosen(browser, live_server, cast, sign_in, viewport):
    # Producers without an account: an officer files their dossiers (products.permissions.acts_for_producer).
    cast.producer.members.clear()
    cast.other_producer_org.members.clear()
    here = ProductFactory(producer=cast.producer, name="Miến dong Hoà An")
    ProductFactory(producer=cast.other_producer_org, name="Chè Xa Xôi")
    # One with an account files itself: its product is not offered to the officer.
    own = ProducerFactory(commune=cast.commune, name="HTX Có Tài Khoản")
    own.members.add(cast.other_producer)
    ProductFactory(producer=own, name="Gạo có tài khoản")
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    sign_in(page, cast.central_officer)
    page.goto(f"{live_server.url}/registrations/new/")
    product = page.locator("select[name=product]")
    assert product.locator("option").all_inner_texts() == ["— Chọn tỉnh, thành phố trước —"]
    page.locator("select[name=province]").select_option(str(cast.province.pk))
    product.locator("option", has_text="Miến dong Hoà An").wait_for(state="attached")
    labels = product.locator("option").all_inner_texts()
    assert "Miến dong Hoà An — HTX Tài Hoan" in labels and not any("Chè Xa Xôi" in label for label in labels)
    assert not any("Gạo có tài khoản" in label for label in labels)
    product.select_option(str(here.pk))
    if os.environ.get("OCOP_SCREENSHOTS") == "1":  # for a person to look at (README, "Tests")
        page.screenshot(path=f"test-results/province-first-{viewport['width']}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]
    context.close()
