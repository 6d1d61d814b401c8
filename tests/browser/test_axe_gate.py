"""The accessibility gate itself: axe-core (injected by the conftest) finds a serious violation on a page, and
every page a test loads is checked, including pages of contexts the test opens itself."""

import pytest

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAINT = """() => { const p = document.createElement('p'); p.id = 'faint'; p.textContent = 'Chữ mờ';
  p.style.color = '#d0d0d0'; document.querySelector('main').appendChild(p); }"""


def test_it_finds_a_serious_violation_and_checks_every_page_loaded(page, live_server, axe_watch):
    page.goto(f"{live_server.url}/accounts/login/")
    assert set(axe_watch.checked) == {f"{live_server.url}/accounts/login/"} and not axe_watch.failures
    page.evaluate(FAINT)
    assert [v["id"] for v in axe_violations(page, fresh=True)] == ["color-contrast"]
    page.evaluate("() => document.getElementById('faint').remove()")  # leave the page clean for the gate


def test_pages_of_a_context_the_test_opens_are_watched(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/v/khong-co/")
    assert page._ocop_axe.checked
    context.close()


def test_a_page_that_would_go_unwatched_is_refused(browser):
    """browser.new_page makes its context past the conftest's wrapper: no axe, no reduced motion. It is refused."""
    with pytest.raises(AssertionError, match="new_context"):
        browser.new_page(viewport={"width": 390, "height": 844})


def test_a_violation_that_only_a_phone_width_shows_is_found_after_narrowing_the_window(page, live_server, axe_watch):
    """The accessibility walk loads each page once and checks it again after narrowing the window to a phone's:
    a style that applies only on a narrow screen must count."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(FAINT)
    page.evaluate(
        """() => { const sheet = [...document.styleSheets].find(s => s.href && s.href.includes('/static/'));
        sheet.insertRule('@media (max-width: 500px) { #faint { color: #d0d0d0 !important } }', sheet.cssRules.length);
        document.getElementById('faint').style.color = '#212529'; }"""
    )
    assert axe_violations(page, fresh=True) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert [v["id"] for v in axe_violations(page, fresh=True)] == ["color-contrast"]
    page.evaluate("() => document.getElementById('faint').remove()")  # leave the page clean for the gate


BROKEN = """() => { const main = document.querySelector('main');
  main.insertAdjacentHTML('beforeend', '<img src="/static/none.png"><h5>Nhảy cấp</h5><input type="text">'
    + '<a href="#x"></a><button type="button"></button><ul><div>ngoài danh sách</div></ul>'
    + '<div role="banner">thừa</div><p id="faint">Chữ mờ</p>');
  document.getElementById('faint').style.color = '#d0d0d0'; }"""
FULL_RUN = """() => axe.run(document, {resultTypes: ["violations"]}).then(result => result.violations
  .filter(v => v.impact === "serious" || v.impact === "critical").map(v => v.id).sort())"""


def test_the_gate_runs_the_rules_that_can_fail_it_and_finds_what_a_full_run_finds(page, live_server):
    """axe runs only the rules that can report a serious or critical finding (conftest): on a page broken in ways of
    every impact, it reports the serious and critical findings a run of every rule reports."""
    from .conftest import AXE_GATE_RULES

    page.goto(f"{live_server.url}/accounts/login/")
    rules = page.evaluate(AXE_GATE_RULES)
    assert {"color-contrast", "image-alt", "label", "link-name", "button-name", "list"} <= set(rules)
    assert not {"region", "heading-order", "landmark-unique"} & set(rules)  # moderate findings at most
    assert not {"color-contrast-enhanced", "p-as-heading"} & set(rules)  # not run by default (AAA, experimental)
    page.evaluate(BROKEN)
    expected = page.evaluate(FULL_RUN)
    assert {"color-contrast", "image-alt", "label", "link-name", "button-name", "list"} <= set(expected)
    assert sorted(v["id"] for v in axe_violations(page, fresh=True)) == expected
    page.reload()  # leave the page clean for the gate
