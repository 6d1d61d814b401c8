"""What the screen shows stays legible: a product name with a long run of letters and no space (a code, a name typed
without spaces) wraps instead of widening the page past the screen, and stars drawn on a button stand out from it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_decision_drafts_product_list_stays_within_the_screen(page, live_server, cast, sign_in, width):
    from certificates.tests.factories import result_for

    result_for(cast.producer, name=("MiếndongTàiHoan" * 20)[:250])
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/decisions/new/")
    assert page.locator("input[name=results]").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_stars_on_a_sessions_result_button_stand_out_from_it(page, live_server, cast, sign_in):
    """The session page's green "Kết quả: ★★★★ (84,00)" button drew its stars in the dark gold meant for the page's
    grey: 1.1:1 against the green, the star count all but invisible (WCAG 1.4.11 asks 3:1 for such a graphic)."""
    from evaluation.tests.factories import setup_scoring, submit

    s = setup_scoring(cast)
    for member, c2 in ((s.member, 5), (s.others[0], 4), (s.chair, 3)):
        submit(s.item, member, s.card, c1=15, c2=c2)
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/sessions/{s.session.pk}/")
    link = page.get_by_test_id("result-link")
    star, background = link.evaluate(
        "a => [getComputedStyle(a.querySelector('.stars')).color, getComputedStyle(a).backgroundColor]"
    )
    lighter, darker = sorted((_luminance(star), _luminance(background)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 3


def test_each_result_button_on_a_session_page_says_its_outcome_legibly(page, live_server, cast, sign_in):
    """Every result was the same green button, a 20-point dossier looking recognised: each outcome now has its own
    style, its words and an icon, its text legible on its colour (WCAG 1.4.3: 4.5:1; axe checks the page too)."""
    from evaluation.tests.factories import setup_scoring, submit

    s = setup_scoring(cast, items=3)
    for item, marks in zip(
        s.items, ({"c1": 15, "c2": 4}, {"c2": 5}, {"a1": 0, "b1": 0, "c1": 0, "c2": 0}), strict=True
    ):
        for member in s.members:
            submit(item, member, s.card, **marks)
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/sessions/{s.session.pk}/")
    seen = {}
    for link in page.get_by_test_id("result-link").all():
        outcome, text, color, background = link.evaluate(
            "a => [a.dataset.outcome, a.innerText, getComputedStyle(a).color, getComputedStyle(a).backgroundColor]"
        )
        lighter, darker = sorted((_luminance(color), _luminance(background)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, (outcome, color, background)
        seen[outcome] = (background, text.split("·")[0].strip())
    assert set(seen) == {"recognised", "pending", "not_recognised"}
    assert len({background for background, _text in seen.values()}) == 3  # three colours
    assert seen["not_recognised"][1] == "Không đủ điều kiện công nhận"
