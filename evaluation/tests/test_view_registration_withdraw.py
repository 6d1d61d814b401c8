"""The "Rút hồ sơ" button and page (D26 Điều 7.1: withdrawing is the producer's act): a commune officer who typed a
paper dossier in for a producer without an account is offered it until the commune forwards the dossier, and
refused (403) from then on; a producer with its own account withdraws its dossier itself."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.tests.factories import paper_registration_in, registration_in

pytestmark = pytest.mark.django_db


def _status(registration):
    return Registration.objects.get(pk=registration.pk).status


def _offered(client, registration) -> bool:
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert page.status_code == 200
    return reverse("evaluation:registration_withdraw", args=[registration.pk]) in page.content.decode()


@pytest.mark.parametrize("status", [S.FORWARDED, S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED])
def test_the_commune_is_neither_offered_nor_allowed_to_withdraw_a_forwarded_dossier(cast, login, status):
    registration = paper_registration_in(cast, status=status)
    client = login(cast.commune_officer)
    assert not _offered(client, registration)
    url = reverse("evaluation:registration_withdraw", args=[registration.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Chủ thể có đơn xin rút"}).status_code == 403
    assert _status(registration) == status


def test_the_commune_withdraws_a_paper_dossier_it_is_checking(cast, login):
    registration = paper_registration_in(cast, status=S.SUBMITTED)
    client = login(cast.commune_officer)
    assert _offered(client, registration)
    url = reverse("evaluation:registration_withdraw", args=[registration.pk])
    response = client.post(url, {"reason": "Chủ thể có đơn xin rút"}, follow=True)
    assert response.redirect_chain == [(reverse("evaluation:registration_detail", args=[registration.pk]), 302)]
    assert "Đã rút hồ sơ." in response.content.decode()
    assert _status(registration) == S.WITHDRAWN


def test_an_officer_does_not_withdraw_for_a_producer_with_its_own_account(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, entered_by_officer=True, created_by=cast.commune_officer)
    client = login(cast.commune_officer)
    assert not _offered(client, registration)
    url = reverse("evaluation:registration_withdraw", args=[registration.pk])
    assert client.post(url, {"reason": "Chủ thể xin rút"}).status_code == 403
    assert _status(registration) == S.SUBMITTED
    assert _offered(login(cast.producer_owner), registration)
