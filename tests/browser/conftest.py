"""Browser tests: Playwright driving Debian's chromium against pytest-django's live_server.

Playwright's own browser download cannot work offline, so we launch /usr/bin/chromium. A missing
browser is a failure, never a skip.
"""

import os
import time
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Error as PlaywrightError

# live_server runs in a thread; Playwright's sync API runs an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "reduced_motion": "reduce"}


@pytest.fixture(scope="session", autouse=True)
def _static_files_cached():
    """The live server's static files may be kept by the browser for an hour, as the production server's
    (WhiteNoise) are for a year: Django's test handler sends none, so chromium asked again for each of a page's
    ~17 style sheets, scripts and fonts on every page it loaded, each answered by Python in the test's process.
    The response is dated by the real clock, which chromium keeps: dated on the pinned day (ocop.testing), a file
    would already be older than an hour when it arrived and be asked for again on every page."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.utils.http import http_date

    serve = StaticFilesHandler.serve

    def serve_cached(self, request):
        response = serve(self, request)
        response["Cache-Control"] = "max-age=3600"
        response["Date"] = http_date(_real_time())
        return response

    StaticFilesHandler.serve = serve_cached
    yield
    StaticFilesHandler.serve = serve


def _real_time() -> float:
    """The machine's clock, also while the test's clock is pinned (time_machine)."""
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.time.time()
    return time.time()


@pytest.fixture
def login_page(live_server):
    """login_page(page, user) signs `user` in through the real login form and returns the page."""

    def _login(page, user, password="ocop-test-pass"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, user) gives the page's browser context a session of `user` directly, as the login form would
    (Django's own login(), its signal and audit row included): no login page to load and check. For tests about what
    a user does once signed in; the form itself is driven by login_page (test_login_smoke, test_demo_roles)."""

    def _sign_in(page, user):
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        return page

    return _sign_in


# --- Accessibility: axe-core runs on every page a browser test visits -------------------------------------------
# axe-core is a test tool, vendored from npm (`npm pack axe-core@4.14.1`, MPL-2.0, see static/vendor/VERSIONS.md).
AXE_JS = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_SOURCE = AXE_JS.read_text(encoding="utf-8")
# Where axe-core is missing (a document loaded before the context's init script, see _watched_context), the load
# event's check and the test's explicit one often ask for it together: the first to ask injects it (650 kB to send
# and compile), the other waits for it instead of injecting a second copy.
AXE_CLAIM = """() => {
  if (window.__ocopAxeClaimed || typeof window.axe !== "undefined") return false;
  window.__ocopAxeClaimed = true;
  return true;
}"""
# The gate fails on serious and critical findings only, so axe runs only the rules that can report one: of the rules
# axe runs by default (neither disabled nor experimental: `axe.getRules()`), those whose own impact or one of whose
# checks' impacts is serious or critical (64 of the 90 in axe-core 4.14.1). The others (landmarks, heading order,
# region…) report moderate or minor findings, which the gate never counted. A run takes about 40 % less: 19 s instead
# of 34 s for 66 pages of four demo roles at both widths, with the same serious and critical findings page by page.
# The impacts are read from axe's rule and check metadata (`axe._audit`, the vendored version's); were that to change
# shape, the list would come out empty and every check fails instead of passing.
AXE_GATE_RULES = """() => {
  const blocking = impact => impact === "serious" || impact === "critical";
  const byDefault = new Set(axe.getRules().filter(rule => rule.enabled).map(rule => rule.ruleId));
  const checkImpacts = rule => [...rule.any, ...rule.all, ...rule.none].map(
    check => (axe._audit.checks[check.id] || {}).impact);
  const rules = axe._audit.rules.filter(rule => byDefault.has(rule.id)
    && [rule.impact, ...checkImpacts(rule)].some(blocking));
  if (!rules.length) throw new Error("axe-core: no rule can report a serious or critical finding");
  return rules.map(rule => rule.id);
}"""
AXE_RUN = """async (fresh) => {
  // A file opened on its own (a photo) is shown in a page the browser makes itself, not the site's markup.
  if (!document.contentType.startsWith("text/html")) return [];
  const gateRules = GATE_RULES;
  for (let waited = 0; typeof window.axe === "undefined"; waited += 10) {
    if (waited > 30000) throw new Error("axe-core was not injected");
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  // One run per document: a load event and an explicit check may ask for the same document together.
  // `fresh` runs again on the document as it is now (after the test's clicks and typing).
  if (fresh && window.__ocopAxe) { try { await window.__ocopAxe; } catch (e) {} window.__ocopAxe = null; }
  window.__ocopAxe = window.__ocopAxe
    || axe.run(document, {resultTypes: ["violations"], runOnly: {type: "rule", values: gateRules()}});
  const result = await window.__ocopAxe;
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + (n.failureSummary || ""))}));
}""".replace("GATE_RULES", AXE_GATE_RULES)


def axe_violations(page, *, fresh: bool = False) -> list[dict]:
    """Serious and critical axe-core violations of the page (axe is injected if missing)."""
    if page.evaluate(AXE_CLAIM):
        page.evaluate(AXE_SOURCE)  # evaluate, not a <script>: the CSP stays untouched
    return page.evaluate(AXE_RUN, fresh)


def _axe_format(url: str, violations: list[dict]) -> str:
    lines = [f"{url}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"      {node}" for node in v["nodes"])
    return "\n".join(lines)


class AxeWatch:
    """Checks every document a page loads; failures are gathered and reported when the test ends."""

    def __init__(self, page):
        self.page = page
        self.failures: dict[str, list[dict]] = {}
        self.checked: list[str] = []
        self.widths: set[int] = set()  # the window widths the checks ran at
        page.on("load", self._on_load)
        # Deterministic checks after every explicit navigation or wait; the load event covers clicks besides.
        for name in ("goto", "reload", "go_back", "wait_for_url", "wait_for_load_state"):
            setattr(page, name, self._checking(getattr(page, name)))

    def _checking(self, method):
        def wrapper(*args, **kwargs):
            result = method(*args, **kwargs)
            self.check_quietly()
            return result

        return wrapper

    def check(self, *, fresh: bool = False) -> None:
        url = self.page.url
        if not url.startswith("http"):
            return
        violations = axe_violations(self.page, fresh=fresh)
        width = (self.page.viewport_size or {}).get("width")
        self.checked.append(url)
        self.widths.add(width)
        if violations:
            self.failures.setdefault(f"{url.split('?')[0]} ({width} px)", violations)

    def check_quietly(self, *, fresh: bool = False) -> None:
        try:
            self.check(fresh=fresh)
        except PlaywrightError:
            # The page navigated on before axe finished (a redirect, the test's next click): the next document
            # is checked in its turn.
            pass

    def _on_load(self, _page) -> None:
        self.check_quietly()

    def report(self) -> str:
        return "\n".join(_axe_format(url, v) for url, v in self.failures.items())


_WATCHES: list[AxeWatch] = []


def _watch(page) -> None:
    if not hasattr(page, "_ocop_axe"):
        page._ocop_axe = AxeWatch(page)
        _WATCHES.append(page._ocop_axe)


def _watched_context(context):
    """Every page of the context is checked; the pages still open are checked once more before it closes."""
    # Every document the context loads is checked, so axe-core comes with each from the start (an init script runs
    # outside the page's CSP): that costs the browser less than sending and evaluating it after the load.
    context.add_init_script(script=AXE_SOURCE)
    context.on("page", _watch)
    new_page, close = context.new_page, context.close

    def watched_new_page(*args, **kwargs):
        page = new_page(*args, **kwargs)
        _watch(page)
        return page

    def checked_close(*args, **kwargs):
        for page in context.pages:
            if hasattr(page, "_ocop_axe") and not page.is_closed():
                page._ocop_axe.check_quietly(fresh=True)  # the page as the test left it, after its last clicks
        return close(*args, **kwargs)

    context.new_page, context.close = watched_new_page, checked_close
    return context


@pytest.fixture(scope="session")
def browser(browser):
    """Every context a test opens (pytest-playwright's page, or browser.new_context) runs axe on its pages."""
    new_context = browser.new_context
    # Reduced motion turns Bootstrap's 0.15 s colour transitions off: axe measured a just-clicked button halfway
    # between its two colours (contrast 2.81) when the test's last check fell inside the transition.
    browser.new_context = lambda *args, **kwargs: _watched_context(
        new_context(*args, **{"reduced_motion": "reduce", **kwargs})
    )
    browser.new_page = _unwatched_page
    return browser


def _unwatched_page(*args, **kwargs):
    """Playwright's browser.new_page makes its context inside the library, past the wrapper above: its pages would
    go unchecked by axe and keep their animations (a click on a phone's menu landing mid-animation lost the
    dropdown it opened). Refused loudly instead."""
    raise AssertionError("open pages with browser.new_context(...).new_page(): axe and reduced motion apply there")


@pytest.fixture(autouse=True)
def _axe_gate():
    """Fails the test when any page it visited had a serious or critical axe-core violation."""
    _WATCHES.clear()
    yield
    failing = [watch for watch in _WATCHES if watch.failures]
    _WATCHES.clear()
    if failing:
        report = "\n".join(watch.report() for watch in failing)
        pytest.fail("axe-core: serious or critical accessibility violations\n" + report, pytrace=False)


@pytest.fixture
def axe_watch(page):
    return page._ocop_axe
