"""The page that fills in what a recorded decision lacks of its submission (tờ trình) and signer: the officers who
record old decisions, on one they can see; a read-only user 403, an outsider 404; only the empty fields offered;
each refusal beside its field with what was typed kept."""

from datetime import date

import pytest
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.tests.factories import DecisionFactory, historic_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(cast):
    return historic_certificate(cast, submission_number="12/TTr-SNN", submission_date=date(2024, 4, 20)).decision


def url(decision):
    return reverse("certificates:decision_papers_complete", args=[decision.pk])


@pytest.mark.parametrize("role", ["province_officer", "central_officer"])
def test_the_officers_who_record_old_decisions_complete_it(login, cast, decision, role):
    client = login(getattr(cast, role))
    detail = client.get(reverse("certificates:decision_detail", args=[decision.pk])).content.decode()
    assert 'data-testid="decision-complete-papers"' in detail
    page = client.get(url(decision))
    assert page.status_code == 200
    form = page.context["form"]
    assert set(form.fields) == {"signer_title", "signer_name"}  # the submission is recorded: not offered
    response = client.post(
        url(decision), {"signer_title": "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "signer_name": "Hoàng Văn Minh"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "certificates:decision_detail", args=[decision.pk]
    )
    decision.refresh_from_db()
    assert decision.signer_name == "Hoàng Văn Minh" and decision.submission_number == "12/TTr-SNN"
    detail = client.get(response["Location"]).content.decode()
    assert 'data-testid="decision-complete-papers"' not in detail
    assert client.get(url(decision)).status_code == 302  # nothing left to complete


def test_a_refusal_shows_beside_its_field_and_keeps_what_was_typed(login, cast, decision):
    response = login(cast.province_officer).post(url(decision), {"signer_title": "KT.", "signer_name": "Hoàng Văn 2"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"signer_title", "signer_name"}
    assert form["signer_title"].value() == "KT."
    decision.refresh_from_db()
    assert decision.signer_title == ""


def test_nothing_typed_is_refused_on_the_form(login, cast, decision):
    response = login(cast.province_officer).post(url(decision), {"signer_title": "", "signer_name": ""})
    assert response.status_code == 200 and "còn thiếu" in response.content.decode()


def test_a_read_only_user_gets_403(login, cast, decision):
    assert login(cast.viewer).get(url(decision)).status_code == 403
    assert login(cast.viewer).post(url(decision), {"signer_title": "CHỦ TỊCH"}).status_code == 403


@pytest.mark.parametrize("role", ["outsider", "producer_owner", "commune_officer"])
def test_others_get_404(login, cast, decision, role):
    assert login(getattr(cast, role)).get(url(decision)).status_code == 404


def test_a_decision_issued_on_the_system_is_403(login, cast):
    issued = DecisionFactory(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)
    assert login(cast.province_officer).get(url(issued)).status_code == 403


def test_a_missing_id_is_404(login, cast):
    missing = reverse("certificates:decision_papers_complete", args=[999999])
    assert login(cast.province_officer).get(missing).status_code == 404


def test_anonymous_is_sent_to_login(client, decision):
    response = client.get(url(decision))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_pages_pass_the_html_checker(login, cast, decision):
    from tests.markup.checker import nu_errors

    client = login(cast.province_officer)
    pages = {
        url(decision): client.get(url(decision)).content.decode(),
        url(decision) + "#refused": client.post(url(decision), {"signer_title": "KT."}).content.decode(),
        "detail": client.get(reverse("certificates:decision_detail", args=[decision.pk])).content.decode(),
    }
    assert nu_errors(pages) == []
