"""Pages run under the Content-Security-Policy without a single violation, and what used to be inline code still
works from the static files: the language switch submits itself, a confirmation is asked before an irreversible
step and declining it submits nothing."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def test_pages_load_with_no_policy_violation_and_the_language_switch_works(page, live_server, cast, login_page):
    violations = _watch(page)
    login_page(page, cast.commune_officer)
    for path in ("/", "/products/", "/producers/"):
        page.goto(f"{live_server.url}{path}")
    page.get_by_test_id("user-menu").click()
    with page.expect_navigation():
        page.locator("#language-select").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []


def test_a_declined_confirmation_submits_nothing(page, live_server, cast, login_page):
    from evaluation.models import CouncilSession
    from evaluation.tests.factories import setup_scoring

    s = setup_scoring(cast)
    before = CouncilSession.objects.get(pk=s.session.pk).status
    violations = _watch(page)
    login_page(page, cast.province_officer)
    page.goto(f"{live_server.url}/sessions/{s.session.pk}/")
    button = page.locator("button[data-confirm]").first
    if button.count() == 0:
        pytest.fail("the session page has no confirmable button")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    button.click()
    page.wait_for_timeout(300)
    assert asked and "?" in asked[0]
    assert CouncilSession.objects.get(pk=s.session.pk).status == before
    assert violations == []
