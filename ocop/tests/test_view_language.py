import pytest


@pytest.mark.django_db
def test_it_speaks_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập hệ thống OCOP" in html


@pytest.mark.django_db
def test_it_switches_to_english_when_the_user_chooses_it(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Sign in to OCOP" in html


@pytest.mark.django_db
def test_it_keeps_dates_as_day_month_year(client, cast, login):
    from django.template import Context, Template

    rendered = Template('{% load l10n %}{{ d|date:"SHORT_DATE_FORMAT" }}').render(
        Context({"d": __import__("datetime").date(2026, 3, 4)})
    )
    assert rendered == "04/03/2026"
