"""The home page panel for council members: dossiers still waiting for their sheet."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.services.councils import session_add_registration

from .factories import make_registration, setup_scoring, submit


def _panel_count(client):
    response = client.get(reverse("home"))
    return response.context["panels"]["sheets_to_submit"]["count"]


def test_it_counts_the_dossiers_a_member_still_has_to_score(cast, login):
    s = setup_scoring(cast, items=2)
    client = login(cast.council_member)
    assert _panel_count(client) == 2
    submit(s.items[0], s.member, s.card)
    assert _panel_count(client) == 1
    assert "sheets_to_submit" not in login(cast.province_officer).get(reverse("home")).context["panels"]


def test_it_counts_with_a_constant_number_of_queries(cast, login):
    s = setup_scoring(cast, items=1)
    client = login(cast.council_member)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for i in range(9):
        session_add_registration(
            session=s.session, by=cast.province_officer, registration=make_registration(cast, s.card, name=f"Thêm {i}")
        )
    with CaptureQueriesContext(connection) as ten:
        assert _panel_count(client) == 10
    assert len(one.captured_queries) == len(ten.captured_queries)
