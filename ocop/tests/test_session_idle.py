"""Issue 11.11: officer sessions end after OFFICER_IDLE_MINUTES without a request, not after 14 days."""

import time

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PRIVATE = reverse("notification_list")  # any page that needs a signed-in user ("/" is public now)


def age_session(client, seconds):
    session = client.session
    session["last_seen"] = int(time.time()) - seconds
    session.save()


def test_an_idle_officer_is_signed_out_after_the_setting(cast, login, settings):
    settings.OFFICER_IDLE_MINUTES = 30
    c = login(cast.province_officer)
    assert c.get(PRIVATE).status_code == 200
    age_session(c, 31 * 60)
    response = c.get(PRIVATE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    page = c.get(response["Location"]).content.decode()
    assert "Phiên làm việc đã hết hạn" in page


def test_an_active_officer_stays_signed_in(cast, login, settings):
    settings.OFFICER_IDLE_MINUTES = 30
    c = login(cast.commune_officer)
    c.get(PRIVATE)
    age_session(c, 29 * 60)
    assert c.get(PRIVATE).status_code == 200
    assert c.session.get_expiry_age() == 30 * 60  # the session itself dies in the database too


def test_a_producer_keeps_the_long_session(cast, login, settings):
    settings.OFFICER_IDLE_MINUTES = 30
    c = login(cast.producer_owner)
    c.get(PRIVATE)
    age_session(c, 3 * 60 * 60)
    assert c.get(PRIVATE).status_code == 200


def test_the_setting_is_honoured(cast, login, settings):
    settings.OFFICER_IDLE_MINUTES = 5
    c = login(cast.viewer)
    c.get(PRIVATE)
    age_session(c, 6 * 60)
    assert c.get(PRIVATE).status_code == 302
