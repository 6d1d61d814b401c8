"""The dossier checklist on a 390-pixel phone: long file names wrap inside their cell, so the document's name
keeps a readable width instead of being squeezed to a word per line."""

import pytest

from evaluation.tests.factories import complete_dossier, private_media, registration_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_the_checklist_keeps_document_names_readable_on_a_phone(browser, live_server, cast, sign_in, private_media):  # noqa: F811
    registration = registration_in(cast)
    complete_dossier(registration, cast.producer_owner)
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    sign_in(page, cast.producer_owner)
    page.goto(f"{live_server.url}/registrations/{registration.pk}/documents/")
    labels = page.locator("[data-testid=checklist] tbody td:first-child")
    assert labels.count() > 3
    narrowest = min(labels.nth(i).bounding_box()["width"] for i in range(labels.count()))
    assert narrowest >= 130, f"document names squeezed to {narrowest}px"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
