"""Irreversible acts on a dossier and a session ask first (issue 12 item 14): the POST from the action's button
shows what will happen and changes nothing; only the POST from the confirmation page acts."""

import pytest
from django.urls import reverse

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport, Registration
from evaluation.tests.factories import complete_dossier, registration_in, round_taking_proposals

from .factories import setup_scoring

pytestmark = pytest.mark.django_db


def _status(registration):
    return Registration.objects.get(pk=registration.pk).status


def _commune_report(registration):
    CommuneReport.objects.create(
        registration=registration,
        dossier_complete=True,
        local_raw_material="a",
        local_labour="b",
        idea_origin="c",
        local_identity="d",
        proposal=CommuneProposal.FORWARD,
        name_consistent=True,
        samples_received=5,
        letter_number="125/UBND-NN",
        letter_date="2026-12-02",
    )


def test_it_asks_before_submitting_a_dossier_then_submits(cast, login, private_media):
    registration = registration_in(cast, status=S.DRAFT, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    client = login(cast.producer_owner)
    url = reverse("evaluation:registration_submit", args=[registration.pk])
    page = client.post(url)
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm-step"' in body
    assert "15 ngày làm việc" in body and registration.product.name in body
    assert 'name="confirmed" value="1"' in body
    assert _status(registration) == S.DRAFT
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert _status(registration) == S.SUBMITTED


def test_it_asks_before_forwarding_a_dossier_then_forwards(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    _commune_report(registration)
    client = login(cast.commune_officer)
    url = reverse("evaluation:registration_forward", args=[registration.pk])
    page = client.post(url)
    assert page.status_code == 200 and "Mẫu 03" in page.content.decode()
    assert _status(registration) == S.SUBMITTED
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    assert _status(registration) == S.FORWARDED


@pytest.mark.parametrize(
    "name,status,who,after",
    [
        ("registration_reject", S.SUBMITTED, "commune_officer", S.REJECTED),
        ("registration_reject", S.ADVISORY_REVIEW, "province_officer", S.REJECTED),
    ],
)
def test_it_shows_the_reason_asks_then_acts(cast, login, name, status, who, after):
    registration = registration_in(cast, status=status)
    client = login(getattr(cast, who))
    url = reverse(f"evaluation:{name}", args=[registration.pk])
    page = client.post(url, {"reason": 'Nhãn không đúng & thiếu "Mẫu 02"'})
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm-step"' in body
    assert "Nhãn không đúng &amp; thiếu &quot;Mẫu 02&quot;" in body  # shown, and carried in a hidden field
    assert 'type="hidden" name="reason"' in body
    assert _status(registration) == status
    back = client.post(url, {"reason": "Nhãn không đúng", "back": "1"})
    assert back.status_code == 200 and back.context["form"]["reason"].value() == "Nhãn không đúng"
    assert 'data-testid="confirm-step"' not in back.content.decode()
    assert _status(registration) == status
    assert client.post(url, {"reason": "Nhãn không đúng", "confirmed": "1"}).status_code == 302
    assert _status(registration) == after


def test_a_refused_reason_stays_on_the_form_without_a_confirmation_step(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED)
    url = reverse("evaluation:registration_reject", args=[registration.pk])
    page = login(cast.commune_officer).post(url, {"reason": "  "})
    assert page.status_code == 200 and page.context["form"].errors["reason"]
    assert 'data-testid="confirm-step"' not in page.content.decode()


@pytest.mark.parametrize("who,code", [("viewer", 403), ("outsider", 404), ("other_producer", 404)])
def test_the_confirmation_page_is_refused_to_whoever_may_not_act(cast, login, private_media, who, code):
    registration = registration_in(cast, status=S.DRAFT)
    complete_dossier(registration, cast.producer_owner)
    response = login(getattr(cast, who)).post(reverse("evaluation:registration_submit", args=[registration.pk]))
    assert response.status_code == code
    assert _status(registration) == S.DRAFT


def test_anonymous_is_sent_to_login(cast, client):
    registration = registration_in(cast, status=S.SUBMITTED)
    response = client.post(reverse("evaluation:registration_forward", args=[registration.pk]), {"confirmed": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _status(registration) == S.SUBMITTED


def test_it_asks_before_closing_a_session_then_closes(cast, login):
    s = setup_scoring(cast)
    client = login(cast.council_chair)
    url = reverse("evaluation:session_close", args=[s.session.pk])
    page = client.post(url)
    body = page.content.decode()
    assert page.status_code == 200 and "không sửa được nữa" in body
    assert "1 sản phẩm chưa có kết quả" in body
    s.session.refresh_from_db()
    assert s.session.status != "closed"
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    s.session.refresh_from_db()
    assert s.session.status == "closed"
