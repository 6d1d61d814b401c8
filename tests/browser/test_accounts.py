"""A province's OCOP officer gives a new commune officer an account and later closes it, on a phone: the menu, the
form (its error next to the field, what was typed kept), the confirmation before closing (static/js/ui.js
`data-confirm`); axe runs on every page loaded (conftest)."""

import re

import pytest
from playwright.sync_api import expect

from ocop.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_creates_a_commune_officers_account_and_closes_it(browser, live_server, cast, sign_in):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = sign_in(context.new_page(), cast.province_officer)
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Mở menu").click()
    expect(page.locator("#mainNav")).to_have_class(re.compile(r"\bshow\b"))
    manage = page.get_by_role("button", name="Quản lý")
    manage.click()
    expect(manage).to_have_attribute("aria-expanded", "true")
    with page.expect_navigation():
        page.get_by_role("link", name="Tài khoản").click()
    assert page.locator("[data-testid=account-row]").count() >= 5
    with page.expect_navigation():
        page.get_by_test_id("account-create").click()

    page.get_by_label("Họ và tên").fill("Lò Thị Mai")
    page.get_by_label("E-mail").fill("mai@example.test")
    page.get_by_label("Vai trò").select_option(label="Cán bộ xã")
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo tài khoản và gửi thư mời").click()
    assert "Cán bộ xã cần có xã, phường phụ trách." in page.locator("#id_commune_error").inner_text()
    assert page.get_by_label("Họ và tên").input_value() == "Lò Thị Mai"
    page.get_by_label("Xã, phường phụ trách").select_option(label="Xã Hoà An")
    with page.expect_navigation():
        page.get_by_role("button", name="Tạo tài khoản và gửi thư mời").click()
    account = User.objects.get(email="mai@example.test")
    assert (account.role, account.unit) == ("commune_officer", cast.commune)
    assert "Chưa đặt mật khẩu" in page.get_by_test_id("account-status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"

    page.once("dialog", lambda dialog: dialog.dismiss())  # a second thought: nothing is sent
    page.get_by_test_id("account-close").click()
    assert User.objects.get(pk=account.pk).is_active
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_test_id("account-close").click()
    assert not User.objects.get(pk=account.pk).is_active
    assert "Đã khoá" in page.get_by_test_id("account-status").inner_text()


def test_an_officer_ticks_the_dormant_accounts_and_closes_them_at_once(browser, live_server, cast, sign_in):
    from datetime import timedelta

    from django.utils import timezone

    dormant = ["viewer", "advisory_member"]
    User.objects.filter(username__in=dormant).update(last_login=timezone.now() - timedelta(days=200))
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = sign_in(context.new_page(), cast.province_officer)
    page.goto(f"{live_server.url}/tai-khoan/?state=dormant")
    assert page.locator("[data-testid=account-row]").count() == 2
    page.get_by_label("Chọn tất cả tài khoản trên trang này").check()
    expect(page.get_by_role("checkbox", name="Chọn để khoá Viewer")).to_be_checked()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Khoá các tài khoản đã chọn").click()
    assert "Đã khoá 2 tài khoản." in page.locator("main").inner_text()
    assert page.url.endswith("/tai-khoan/?state=dormant")
    assert not User.objects.filter(username__in=dormant, is_active=True).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
