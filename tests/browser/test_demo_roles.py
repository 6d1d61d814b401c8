"""Each demo account signs in through the real login form and sees its role's menu."""

import pytest

from devtools.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.slow(10), pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVERYONE = {"Tổng quan", "Bộ tiêu chí"}
OFFICE = EVERYONE | {"Chủ thể", "Sản phẩm", "Hồ sơ đăng ký", "Giấy chứng nhận", "Sắp hết hạn"}
OFFICE |= {"Thống kê", "Kế hoạch", "Báo cáo"}  # the programme's figures (the "Quản lý" dropdown)
SUPERVISION = {"Kiểm tra, giám sát"}  # D26 Điều 9: offices, viewer, commune, advisory team; producers see theirs
OFFICE |= SUPERVISION
PROVINCE = OFFICE | {"Đợt đánh giá", "Hội đồng", "Quyết định"}
EXPECTED_MENU = {
    "quantri": PROVINCE | {"Chấm điểm", "Khoá đăng nhập", "Tài khoản"},
    "ocop.trunguong": PROVINCE | {"Chấm điểm", "Khoá đăng nhập", "Tài khoản"},
    "ocop.thainguyen": PROVINCE | {"Chấm điểm", "Khoá đăng nhập", "Tài khoản"},
    "kiemtra.thainguyen": PROVINCE | {"Chấm điểm", "Khoá đăng nhập", "Tài khoản"},
    "xem.thainguyen": PROVINCE,
    "canbo.conminh": OFFICE,
    "totuvan.thainguyen": EVERYONE | {"Hồ sơ đăng ký"} | SUPERVISION,
    "hoidong.chutich": EVERYONE | {"Chấm điểm"},
    "hoidong.tv1": EVERYONE | {"Chấm điểm"},
    "htx.taihoan": EVERYONE | {"Sản phẩm", "Hồ sơ đăng ký", "Giấy chứng nhận"} | SUPERVISION,
}


def test_it_shows_each_demo_role_its_own_menu(page, live_server, login_page, demo_data):
    """On a laptop's 1366 px the bar is one row for every role (a province officer's wrapped to a second)."""
    from ocop.models import User

    page.set_viewport_size({"width": 1366, "height": 768})
    for username, expected in EXPECTED_MENU.items():
        page.context.clear_cookies()
        login_page(page, User.objects.get(username=username), password=DEMO_PASSWORD)
        menu = page.get_by_test_id("main-menu").locator("a.nav-link:not(.dropdown-toggle), a.dropdown-item")
        labels = {text.strip() for text in menu.all_text_contents()}
        assert labels == expected, username
        bar = page.locator("nav.navbar-ocop").bounding_box()
        assert bar["height"] < 70, f"{username}: the menu bar wraps ({bar['height']} px)"
