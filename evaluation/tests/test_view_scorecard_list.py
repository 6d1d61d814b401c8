"""evaluation:scorecard_list — criteria are public law: every signed-in user, producers included."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.tests.factories import criteria_version, small_scorecard

URL = reverse("evaluation:scorecard_list")


@pytest.mark.parametrize(
    "role",
    [
        "producer_owner",
        "commune_officer",
        "province_officer",
        "council_member",
        "advisory_member",
        "central_officer",
        "viewer",
        "outsider",
        "admin",
    ],
)
def test_it_lists_the_scorecards_for_every_signed_in_role(cast, login, role):
    card = small_scorecard()
    response = login(getattr(cast, role)).get(URL)
    assert response.status_code == 200
    assert card.title in response.content.decode()
    assert reverse("evaluation:scorecard_detail", args=[card.pk]) in response.content.decode()


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_refuses_post(cast, login):
    assert login(cast.viewer).post(URL).status_code == 405


def test_it_shows_the_chosen_version_only(cast, login):
    new = small_scorecard()
    old = small_scorecard(legal_basis="148/2023")
    old.title = "Cấu trúc 148"
    old.save()
    client = login(cast.producer_owner)

    default = client.get(URL).content.decode()
    chosen = client.get(URL, {"version": "148/2023"}).content.decode()

    assert new.title in default and "Cấu trúc 148" not in default
    assert "Cấu trúc 148" in chosen


def test_it_keeps_a_constant_number_of_queries(cast, login, django_assert_num_queries):
    client = login(cast.viewer)
    small_scorecard()
    client.get(URL)  # warm the session/user caches
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for _ in range(9):
        small_scorecard()
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count("bi-file-earmark-pdf") == 10
    assert criteria_version().scorecards.count() == 10
