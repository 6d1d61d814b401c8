"""A product name with a long run of letters and no space (a code, a name typed without spaces) wraps on screen: the
list of products a decision may recognise widened the page past the screen."""

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
