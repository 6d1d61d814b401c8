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


def test_a_photo_opened_on_its_own_is_shown_as_the_browser_shows_an_image(
    page, live_server, cast, sign_in, django_capture_on_commit_callbacks
):
    """A thumbnail's "full size" link opens the stored photo by itself, in a page the browser makes, which styles
    itself inline (the photo centred on a dark ground, fitted to the window): the site's policy blocked that, so
    the photo sat in the top corner of a white page and the console logged three violations."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from products.services import product_add_photo
    from products.tests.factories import ProductFactory

    out = io.BytesIO()
    Image.new("RGB", (600, 400), (200, 120, 40)).save(out, format="PNG")
    product = ProductFactory(producer=cast.producer)
    with django_capture_on_commit_callbacks(execute=True):
        photo = product_add_photo(
            product=product, by=cast.producer_owner, upload=SimpleUploadedFile("anh.png", out.getvalue())
        )
    violations = _watch(sign_in(page, cast.producer_owner))
    page.goto(f"{live_server.url}/products/photos/{photo.pk}/")
    box = page.locator("img").bounding_box()
    assert box["width"] == 600 and box["x"] == (page.viewport_size["width"] - 600) / 2  # centred
    assert violations == []
