"""An officer's session ends after OFFICER_IDLE_MINUTES without a request, and typing a long form sends none: an
officer who spent longer than that on a producer's record (or Mẫu 03) pressed save, was sent to the sign-in page,
and lost what they had typed. The page now keeps the session open while the person works on it, and, should it
have ended all the same, says so instead of sending the form, which is sent once they have signed in again.

The browser's clock (Playwright's) and the server's (time_machine) are moved forward together."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from ocop.testing import PINNED_NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _edit_page(page, live_server, cast, sign_in):
    page.clock.install()
    sign_in(page, cast.commune_officer)
    page.goto(f"{live_server.url}{reverse('products:producer_update', args=[cast.producer.pk])}")
    return page


def _minutes_later(page, minutes: int, since: dt.datetime) -> dt.datetime:
    """Both clocks `minutes` on: the server's by a new travel from `since`, the browser's by fast-forwarding."""
    later = since + dt.timedelta(minutes=minutes)
    page.clock.fast_forward(minutes * 60 * 1000)
    return later


def test_typing_for_longer_than_the_idle_time_keeps_the_session_open(page, live_server, cast, sign_in):
    page = _edit_page(page, live_server, cast, sign_in)
    address = page.get_by_label("Địa chỉ")
    now = PINNED_NOW
    for _ in range(3):  # 3 × 20 minutes of typing: longer than the 30 idle minutes, never 30 without a word
        now = _minutes_later(page, 20, now)
        with time_machine.travel(now, tick=True):
            # The first key after 20 quiet minutes asks the server (which keeps the session open): wait for that
            # answer inside this travel. ("networkidle" had already been reached, so it waited for nothing, and on a
            # busy machine the answer came after the clock had moved on.)
            with page.expect_response(lambda r: r.url.endswith(reverse("session_check"))):
                address.press_sequentially("Thôn Nà Đon ", delay=0)
    with time_machine.travel(now, tick=True):
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url(f"{live_server.url}{reverse('products:producer_detail', args=[cast.producer.pk])}")
    cast.producer.refresh_from_db()
    assert "Thôn Nà Đon Thôn Nà Đon Thôn Nà Đon" in cast.producer.address


def test_a_form_sent_after_the_session_ended_stays_on_the_page_until_the_officer_signs_in_again(
    page, live_server, cast, sign_in
):
    assert settings.OFFICER_IDLE_MINUTES == 30
    page = _edit_page(page, live_server, cast, sign_in)
    page.get_by_label("Địa chỉ").fill("Thôn Nà Đon, xã Côn Minh")
    later = _minutes_later(page, 31, PINNED_NOW)
    with time_machine.travel(later, tick=True):
        page.get_by_role("button", name="Lưu").click()
        notice = page.locator("[data-session-ended]")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("Phiên làm việc đã kết thúc sau 30 phút không hoạt động")
        assert page.url.endswith(reverse("products:producer_update", args=[cast.producer.pk]))
        expect(page.get_by_label("Địa chỉ")).to_have_value("Thôn Nà Đon, xã Côn Minh")  # nothing lost
        cast.producer.refresh_from_db()
        assert cast.producer.address != "Thôn Nà Đon, xã Côn Minh"

        sign_in(page, cast.commune_officer)  # as the link in the notice does, in another tab
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url(f"{live_server.url}{reverse('products:producer_detail', args=[cast.producer.pk])}")
    cast.producer.refresh_from_db()
    assert cast.producer.address == "Thôn Nà Đon, xã Côn Minh"


def test_a_step_confirmed_before_the_session_check_is_not_asked_again(page, live_server, cast, sign_in):
    """A button that asks "are you sure?" asked a second time when the page held its form for the session check."""
    from evaluation.tests.factories import make_council

    council = make_council(cast)
    page.clock.install()
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}{reverse('evaluation:council_detail', args=[council.pk])}")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    later = _minutes_later(page, settings.OFFICER_IDLE_MINUTES - 1, PINNED_NOW)  # in the last minute: checked first
    buttons = page.get_by_role("button", name="Thôi tham gia")
    expect(buttons).to_have_count(2)  # the chair's and the member's
    with time_machine.travel(later, tick=True):
        buttons.first.click()
        expect(buttons).to_have_count(1)
    assert len(asked) == 1, asked
    assert council.members.filter(active=False).count() == 1
