"""The dossier's actions on a 390-pixel phone: their card comes after Mẫu 01, Mẫu 02 and the documents, some 1,500
pixels down, so the top of the page links to it ("Thao tác"); the link moves the focus to the card's heading, and the
next Tab reaches its first button. On a desktop the card stays where it was, beside the details, with no link."""

import os

import pytest
from django.utils import timezone

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.tests.factories import (  # noqa: F401
    complete_dossier,
    private_media,
    registration_in,
    round_taking_proposals,
)
from evaluation.workflow import COMMUNE_CHECK_WORKING_DAYS
from ocop.workdays import add_working_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SHOTS = os.environ.get("OCOP_SHOTS")  # a folder to keep the screenshots in, to look at them


def _dossier(cast):
    """A submitted dossier with all its documents: the long page a commune officer checks."""
    registration = registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    now = timezone.now()
    Registration.objects.filter(pk=registration.pk).update(
        status=S.SUBMITTED,
        submitted_at=now,
        first_submitted_at=now,
        commune_due_on=add_working_days(timezone.localdate(), COMMUNE_CHECK_WORKING_DAYS),
    )
    return registration


def _open(browser, live_server, sign_in, user, registration, viewport):
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    sign_in(page, user)
    page.goto(f"{live_server.url}/registrations/{registration.pk}/")
    return context, page


def test_a_phone_reaches_the_actions_from_the_top(browser, live_server, cast, sign_in, private_media):  # noqa: F811
    registration = _dossier(cast)
    context, page = _open(browser, live_server, sign_in, cast.commune_officer, registration, PHONE)
    forward = page.get_by_role("button", name="Chuyển cấp tỉnh")
    # Where the walk found it: below the first screen (about 1,500 px down).
    assert forward.bounding_box()["y"] > PHONE["height"]
    link = page.get_by_role("link", name="Thao tác")
    assert link.is_visible() and link.bounding_box()["y"] + link.bounding_box()["height"] <= PHONE["height"]
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dossier-390-top.png")
        page.screenshot(path=f"{SHOTS}/dossier-390-full.png", full_page=True)
    link.click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'dossier-actions'")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > PHONE["height"]  # the page moved to the card
    box = forward.bounding_box()  # relative to the window
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], box
    # Forwarding waits for Mẫu 03: offered disabled, the reason beside it.
    assert forward.is_disabled() and forward.get_attribute("aria-describedby") == "forward-blockers"
    # From the heading, the next Tab is the card's first action: the focus order follows what is seen.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Lập Mẫu 03"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dossier-390-actions.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_a_desktop_keeps_the_actions_beside_the_details(browser, live_server, cast, sign_in, private_media):  # noqa: F811
    registration = _dossier(cast)
    context, page = _open(browser, live_server, sign_in, cast.commune_officer, registration, DESKTOP)
    assert not page.get_by_role("link", name="Thao tác").is_visible()
    heading = page.locator("#dossier-actions").bounding_box()
    details = page.get_by_text("Phiếu đăng ký (Mẫu 01)", exact=True).bounding_box()
    # The right-hand column, level with the details' first card, within the first screen.
    assert heading["x"] > details["x"] + details["width"] and abs(heading["y"] - details["y"]) < 20
    assert page.get_by_role("button", name="Chuyển cấp tỉnh").bounding_box()["y"] < DESKTOP["height"]
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dossier-1280.png")
    context.close()
