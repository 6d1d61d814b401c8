"""A paper dossier of a producer without an account waits for its commune whenever it is the producer's turn: the
commune types in for the producer what the province asked (D26 Điều 7.1, 7.3a). The province's return told the
commune's officers (a notice), but their home page counted only the dossiers waiting for their check: the returned
paper dossier was nowhere among what needs the commune, and the notice, once read, was its only trace."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.selectors import home_panels
from evaluation.choices import RegistrationStatus as S
from evaluation.services.transitions import registration_return
from evaluation.tests.factories import paper_registration_in, registration_in
from ocop.models import Notification

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def _listed(client, url: str) -> set[int]:
    return {registration.pk for registration in client.get(url).context["page"].object_list}


def test_a_paper_dossier_the_province_returned_is_counted_on_the_communes_home(cast, login):
    paper = paper_registration_in(cast, status=S.FORWARDED)
    registration_in(cast, status=S.RETURNED)  # its producer has an account: its own turn, not the commune's
    registration_return(registration=paper, by=cast.province_officer, reason="Thiếu phiếu kiểm nghiệm.")
    assert Notification.objects.filter(user=cast.commune_officer).exists()  # told, as before
    panel = home_panels(user=cast.commune_officer)["registrations_paper"]
    assert panel["count"] == 1
    client = login(cast.commune_officer)
    assert _listed(client, panel["url"]) == {paper.pk}
    page = client.get(HOME).content.decode()
    assert 'data-testid="panel-registrations_paper"' in page and panel["url"].replace("&", "&amp;") in page


def test_every_paper_dossier_in_the_producers_turn_is_counted_and_only_those(cast, login):
    counted = {
        paper_registration_in(cast, status=S.DRAFT).pk,
        paper_registration_in(cast, status=S.SUPPLEMENT_REQUESTED).pk,
        paper_registration_in(cast, status=S.RETURNED).pk,
    }
    paper_registration_in(cast, status=S.SUBMITTED)  # the commune's check: counted as waiting for it already
    registration_in(cast, status=S.DRAFT)
    panels = home_panels(user=cast.commune_officer)
    assert panels["registrations_paper"]["count"] == 3
    assert panels["registrations_waiting"]["count"] == 1
    assert _listed(login(cast.commune_officer), panels["registrations_paper"]["url"]) == counted


def test_another_communes_officer_does_not_count_them(cast):
    paper_registration_in(cast, status=S.RETURNED)
    assert home_panels(user=cast.other_commune_officer)["registrations_paper"]["count"] == 0


def test_only_the_commune_gets_the_count(cast):
    paper_registration_in(cast, status=S.RETURNED)
    for user in (cast.producer_owner, cast.province_officer):
        assert "registrations_paper" not in home_panels(user=user)


def test_the_count_costs_no_query_of_its_own(cast, django_assert_num_queries):
    """Read in the aggregate of the other dossier counts: the commune's panels cost what they cost before."""
    registration_in(cast, status=S.SUBMITTED)
    home_panels(user=cast.commune_officer)  # warm what is read once (the content types, the cached counts)
    with CaptureQueriesContext(connection) as one:
        home_panels(user=cast.commune_officer)
    for status in (S.DRAFT, S.RETURNED, S.SUPPLEMENT_REQUESTED):
        paper_registration_in(cast, status=status)
    with django_assert_num_queries(len(one.captured_queries)):
        home_panels(user=cast.commune_officer)
    assert len(one.captured_queries) <= 3
