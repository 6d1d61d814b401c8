"""axe-core on every main page of every demo role, on a desktop (1366 px) and a phone (390 px): no serious or
critical violation (issue 12 item 16). The conftest runs axe on each page loaded; this test makes sure each
role's home page, every page of its menu, its notifications and the password page are among them. With
OCOP_SCREENSHOTS=1 it keeps a full-page screenshot of each (test-results/axe/) for a person to look at."""

import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each demo role with about how many seconds its walk takes on a quiet machine (the offices' menus are the longest).
ROLES = {
    "htx.taihoan": 5,
    "canbo.conminh": 10,
    "ocop.thainguyen": 15,
    "totuvan.thainguyen": 4,
    "hoidong.chutich": 3,
    "hoidong.thuky": 3,
    "hoidong.tv1": 3,
    "hoidong.tv3": 3,
    "xem.thainguyen": 14,
    "ocop.ninhbinh": 13,
    "ocop.trunguong": 16,
    "quantri": 16,
}
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "axe"
SCREENSHOTS = os.environ.get("OCOP_SCREENSHOTS") == "1"


# One test per role, so that the two pytest-xdist workers share the walk; the demo data is seeded once per run and
# each test gets a fresh copy of it (the `demo_data` fixture, conftest.py at the root). Each page is loaded once, at
# the desktop width (axe runs on the load, conftest), then the window is narrowed to a phone's and axe runs again on
# the same document as it lays out there: the CSS's media queries apply on a resize as on a load, and no script of
# ours reads the width when a page loads. Loading every page a second time at the phone width doubled the walk.
@pytest.mark.parametrize("username", [pytest.param(name, marks=pytest.mark.slow(s)) for name, s in ROLES.items()])
def test_every_main_page_of_every_demo_role_passes_axe(browser, live_server, sign_in, demo_data, username):
    from ocop.models import User

    if SCREENSHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = sign_in(context.new_page(), User.objects.get(username=username))
    watch = page._ocop_axe
    visited = []

    def visit(path):
        response = page.goto(f"{live_server.url}{path}")  # axe runs on it at the desktop width (conftest)
        assert response.status < 500, (username, path)
        visited.append(path)
        screenshot(path, "desktop")
        page.set_viewport_size(PHONE)
        watch.check(fresh=True)  # the same document at the phone width
        screenshot(path, "phone")
        page.set_viewport_size(DESKTOP)

    def screenshot(path, width):
        if SCREENSHOTS:
            name = f"{width}-{username}-{path.strip('/').replace('/', '_') or 'home'}.png"
            page.screenshot(path=str(SHOTS / name), full_page=True)

    visit("/")
    links = page.get_by_test_id("main-menu").locator("a[href]:not([href='#'])")
    paths = [*links.evaluate_all("els => els.map(a => a.getAttribute('href'))"), "/notifications/"]
    for path in dict.fromkeys([*paths, "/accounts/password/change/"]):
        if path not in visited:
            visit(path)
    assert len(visited) >= 3
    assert watch.widths == {DESKTOP["width"], PHONE["width"]} and len(watch.checked) >= 2 * len(visited)
    context.close()
