"""The session question the pages ask while an officer types (static/js/ui.js; tests/browser/test_session_idle.py
drives it in chromium): 204 while signed in, 401 once the session has ended, and asking it keeps an officer's
session from ending as idle."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from ocop.testing import PINNED_NOW

pytestmark = pytest.mark.django_db

URL = reverse("session_check")


def test_it_answers_204_while_signed_in_and_401_otherwise(client, login, cast):
    assert client.get(URL).status_code == 401
    response = login(cast.commune_officer).get(URL)
    assert response.status_code == 204 and "no-cache" in response["Cache-Control"]


def test_asking_keeps_an_officer_working_on_a_page_signed_in(login, cast):
    client = login(cast.commune_officer)
    client.get(reverse("home"))
    for minutes in (20, 40, 60):  # never 30 minutes without a request
        with time_machine.travel(PINNED_NOW + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(URL).status_code == 204
    with time_machine.travel(PINNED_NOW + dt.timedelta(minutes=60 + settings.OFFICER_IDLE_MINUTES + 1), tick=False):
        assert client.get(URL).status_code == 401  # idle for longer than allowed: the session has ended
        assert (
            client.get(reverse("home")).status_code == 200
            and "/accounts/login/" in client.get(reverse("notification_list")).url
        )


@pytest.mark.parametrize("who", ["commune_officer", "province_officer", "council_member", "viewer"])
def test_an_officers_pages_watch_the_session(login, cast, who):
    page = login(getattr(cast, who)).get(reverse("notification_list")).content.decode()
    assert f'data-session-url="{URL}" data-idle-seconds="{settings.OFFICER_IDLE_MINUTES * 60}"' in page
    assert "data-session-ended" in page


def test_a_producers_pages_and_the_public_ones_do_not(client, login, cast):
    assert "data-session-url" not in client.get(reverse("login")).content.decode()
    assert "data-session-url" not in login(cast.producer_owner).get(reverse("notification_list")).content.decode()
