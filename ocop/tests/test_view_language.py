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


@pytest.mark.django_db
def test_a_signed_in_users_choice_follows_them_to_another_browser(cast, client):
    """The choice is kept on the account: a browser that has made no choice of its own (a phone after the laptop)
    opens in it after signing in; a browser's own choice still wins there."""
    from django.test import Client

    from ocop.models import User

    client.force_login(cast.producer_owner)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    assert response.status_code == 302
    assert User.objects.get(pk=cast.producer_owner.pk).language == "en"

    phone = Client()
    assert '<html lang="vi">' in phone.get("/accounts/login/").content.decode()  # signed out: the site's default
    phone.force_login(cast.producer_owner)
    assert '<html lang="en">' in phone.get("/notifications/").content.decode()
    phone.cookies["django_language"] = "vi"  # this browser chose Vietnamese itself
    assert '<html lang="vi">' in phone.get("/notifications/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_or_a_signed_out_choice_changes_no_account(cast, client):
    from ocop.models import User

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # signed out: the browser's cookie only
    client.force_login(cast.producer_owner)
    client.cookies.pop("django_language", None)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert User.objects.get(pk=cast.producer_owner.pk).language == ""
