import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_through_the_form_and_shows_the_home_page(page, live_server, cast, login_page):
    login_page(page, cast.province_officer)
    assert page.get_by_role("heading", name="Xin chào").is_visible()
