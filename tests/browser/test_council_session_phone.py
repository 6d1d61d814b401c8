"""The council session page on a phone (390 px): its action buttons (minutes, export, reschedule, cancel, close) and
the "no opinion" buttons beside each draft of a written session read on one line each, wrapping as whole buttons;
they were squeezed into one row, each button's words broken into a tall block."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ONE_LINE = 40  # px: a small button on one line is about 31 px high, on two about 52


@pytest.mark.slow(10)
def test_the_session_page_s_buttons_keep_to_one_line_on_a_phone(browser, live_server, cast, sign_in):
    from evaluation.tests.factories import save_draft
    from evaluation.tests.test_council_written_silent import _written

    card, council, item = _written(cast)  # a written session past its deadline
    for member in council.members.all()[:3]:
        save_draft(item, member, card)
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = sign_in(context.new_page(), cast.province_officer)
    page.goto(f"{live_server.url}/sessions/{item.session_id}/")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    buttons = page.locator("[data-testid=session-actions] .btn, [data-testid=no-opinion] button")
    assert buttons.count() >= 7  # five actions, three drafts
    for button in buttons.all():
        box = button.bounding_box()
        assert box["height"] < ONE_LINE and box["x"] + box["width"] <= PHONE["width"], (button.inner_text(), box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
