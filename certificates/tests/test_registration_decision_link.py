"""A dossier awaiting its recognition decision offers, on its page, the draft of that decision to the officer whose
draft page takes its result (certificates answers evaluation.hooks.registration_actions): the province's OCOP
officers for a provincial 3–4★ result, the ministry's for a central 5★ one; nobody else, and only while the dossier
awaits the decision. The link opens the draft with the dossier's result ticked; once a draft holds it, the link leads
to that draft."""

import re

import pytest
from django.urls import reverse

from certificates.services.decisions import decision_create
from evaluation.choices import Level
from evaluation.choices import RegistrationStatus as S

from .factories import checker_for, issued_decision, result_for

pytestmark = pytest.mark.django_db

DRAFT = 'data-testid="decision-draft"'
PENDING = 'data-testid="decision-pending"'


def _page(client, registration):
    return client.get(reverse("evaluation:registration_detail", args=[registration.pk]))


def _link(html: str, testid: str) -> str:
    match = re.search(rf'<a class="[^"]*" href="([^"]+)" data-testid="{testid}"', html)
    assert match, testid
    return match.group(1).replace("&amp;", "&")


def test_it_offers_the_province_officers_the_draft_with_the_dossiers_result_ticked(cast, login):
    result = result_for(cast.producer, star=4)
    other = result_for(cast.producer, star=3)  # another result the province may recognise: not ticked
    registration = result.registration
    assert registration.status == S.SCORED
    for officer in (cast.province_officer, checker_for(cast.province_officer)):
        client = login(officer)
        response = _page(client, registration)
        assert response.status_code == 200
        html = response.content.decode()
        assert DRAFT in html and "Lập dự thảo quyết định công nhận" in html, officer
        url = _link(html, "decision-draft")
        assert url == f"{reverse('certificates:decision_create')}?result={result.pk}"
        draft_page = client.get(url).content.decode()
        assert re.search(rf'<input[^>]* name="results" value="{result.pk}"[^>]* checked', draft_page)
        assert f'name="results" value="{other.pk}"' in draft_page
        assert not re.search(rf'<input[^>]* name="results" value="{other.pk}"[^>]* checked', draft_page)


@pytest.mark.parametrize(
    "role", ["producer_owner", "commune_officer", "advisory_member", "council_member", "viewer", "central_officer"]
)
def test_nobody_else_is_offered_the_provinces_decision(cast, login, role):
    registration = result_for(cast.producer, star=4).registration
    response = _page(login(getattr(cast, role)), registration)
    if response.status_code == 200:  # those who may read the dossier see no link to the decision
        html = response.content.decode()
        assert DRAFT not in html and PENDING not in html and "dự thảo quyết định" not in html.lower()
    else:
        assert response.status_code == 404


def test_an_officer_of_another_province_cannot_open_the_dossier(cast, login):
    registration = result_for(cast.producer, star=4).registration
    assert _page(login(cast.outsider), registration).status_code == 404


def test_the_ministry_is_offered_its_five_star_decision_and_the_province_is_not(cast, login):
    result = result_for(cast.producer, star=5, level=Level.CENTRAL)
    registration = result.registration
    type(registration).objects.filter(pk=registration.pk).update(status=S.FORWARDED_TO_CENTRAL)
    registration.refresh_from_db()
    html = _page(login(cast.central_officer), registration).content.decode()
    assert _link(html, "decision-draft") == f"{reverse('certificates:decision_create')}?result={result.pk}"
    assert DRAFT not in _page(login(cast.province_officer), registration).content.decode()


def test_no_link_once_the_dossier_no_longer_awaits_a_decision(cast, login):
    result = result_for(cast.producer, star=4)
    issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    registration = result.registration
    registration.refresh_from_db()
    assert registration.status == S.DECIDED
    html = _page(login(cast.province_officer), registration).content.decode()
    assert DRAFT not in html and PENDING not in html
    # Nor for a dossier not yet scored (the council has not evaluated it).
    unscored = result_for(cast.producer, star=4).registration
    type(unscored).objects.filter(pk=unscored.pk).update(status=S.READY_FOR_COUNCIL)
    html = _page(login(cast.province_officer), unscored).content.decode()
    assert DRAFT not in html and PENDING not in html


def test_once_a_draft_holds_the_result_the_link_opens_that_draft(cast, login):
    result = result_for(cast.producer, star=4)
    decision = decision_create(
        by=cast.province_officer,
        issuer_level="province",
        issuer_unit=cast.province,
        results=[result],
        signer_name="",
        signer_title="",
    )
    html = _page(login(checker_for(cast.province_officer)), result.registration).content.decode()
    assert DRAFT not in html
    assert _link(html, "decision-pending") == reverse("certificates:decision_detail", args=[decision.pk])
    viewer = _page(login(cast.viewer), result.registration).content.decode()
    assert PENDING not in viewer and DRAFT not in viewer
