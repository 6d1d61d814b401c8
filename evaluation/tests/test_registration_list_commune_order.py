"""A commune officer's registration list puts first what waits for the commune: the dossiers it is to check, and the
paper dossiers it completes for their producer, who has no account (selectors.dossier.waiting_for_commune_q). These
came last, among the dossiers waiting for someone else, however long they had waited."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.tests.factories import paper_registration_in, registration_in

pytestmark = pytest.mark.django_db

URL = reverse("evaluation:registration_list")


def _listed(client, **query) -> list[int]:
    return [registration.pk for registration in client.get(URL, query).context["page"].object_list]


def test_the_paper_dossiers_waiting_for_the_commune_come_first_with_those_to_check(cast, login):
    returned = paper_registration_in(cast, status=S.RETURNED)
    supplement = paper_registration_in(cast, status=S.SUPPLEMENT_REQUESTED)
    to_check = registration_in(cast, status=S.SUBMITTED)
    forwarded_paper = paper_registration_in(cast, status=S.FORWARDED)  # the province's turn now
    producers_draft = registration_in(cast, status=S.DRAFT)  # its producer has an account: its own turn
    forwarded = registration_in(cast, status=S.FORWARDED)
    listed = _listed(login(cast.commune_officer))
    # what the commune is to check, by its deadline, then what it completes for a producer, newest first
    assert listed[:3] == [to_check.pk, supplement.pk, returned.pk]
    assert set(listed[3:]) == {forwarded_paper.pk, producers_draft.pk, forwarded.pk}


def test_another_side_keeps_its_own_turn_first(cast, login):
    paper = paper_registration_in(cast, status=S.RETURNED)
    forwarded = registration_in(cast, status=S.FORWARDED)
    listed = _listed(login(cast.province_officer))
    assert listed[0] == forwarded.pk and paper.pk in listed[1:]


def test_the_order_costs_no_query(cast, login):
    client = login(cast.commune_officer)
    paper_registration_in(cast, status=S.RETURNED)
    registration_in(cast, status=S.SUBMITTED)
    client.get(URL)  # warm what is read once
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for status in (S.DRAFT, S.RETURNED, S.SUPPLEMENT_REQUESTED) * 3:
        paper_registration_in(cast, status=status)
    with CaptureQueriesContext(connection) as many:
        assert len(_listed(client)) == 11
    assert len(many.captured_queries) == len(one.captured_queries) <= 12
