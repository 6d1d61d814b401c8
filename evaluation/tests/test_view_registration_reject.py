"""The refusal and elimination buttons of a dossier under the province (D26 Điều 7.3): the province's OCOP office
refuses an ineligible dossier; the advisory team (Tổ tư vấn) is offered neither "Từ chối" nor "Loại hồ sơ" and is
refused both, since it reports to the council's chair (Điều 7.3c) and a knock-out is the council's finding."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.tests.factories import registration_in
from ocop.models import Notification

pytestmark = pytest.mark.django_db


def _status(registration):
    return Registration.objects.get(pk=registration.pk).status


@pytest.mark.parametrize("status", [S.FORWARDED, S.ADVISORY_REVIEW])
def test_it_offers_the_advisory_team_neither_to_refuse_nor_to_eliminate(cast, login, status):
    registration = registration_in(cast, status=status)
    page = login(cast.advisory_member).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("evaluation:registration_reject", args=[registration.pk]) not in body
    assert f"/registrations/{registration.pk}/eliminate/" not in body


@pytest.mark.parametrize("status", [S.FORWARDED, S.ADVISORY_REVIEW])
def test_it_refuses_the_advisory_teams_rejection_with_a_403_and_keeps_the_dossier(cast, login, status):
    registration = registration_in(cast, status=status)
    client = login(cast.advisory_member)
    url = reverse("evaluation:registration_reject", args=[registration.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Hồ sơ giả mạo", "confirmed": "1"}).status_code == 403
    assert _status(registration) == status
    assert not Notification.objects.filter(user=cast.producer_owner).exists()


@pytest.mark.parametrize("who", ["advisory_member", "province_officer"])
def test_no_page_eliminates_a_dossier_under_review(cast, login, who):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    client = login(getattr(cast, who))
    url = f"/registrations/{registration.pk}/eliminate/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Hồ sơ giả mạo", "confirmed": "1"}).status_code == 404
    assert _status(registration) == S.ADVISORY_REVIEW


def test_the_provinces_office_refuses_an_ineligible_dossier_and_lands_on_it(cast, login):
    registration = registration_in(cast, status=S.FORWARDED)
    client = login(cast.province_officer)
    detail = reverse("evaluation:registration_detail", args=[registration.pk])
    assert reverse("evaluation:registration_reject", args=[registration.pk]) in client.get(detail).content.decode()
    url = reverse("evaluation:registration_reject", args=[registration.pk])
    response = client.post(url, {"reason": "Chủ thể không thuộc đối tượng OCOP", "confirmed": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == detail and response.status_code == 200
    assert "Đã từ chối hồ sơ." in response.content.decode()
    assert _status(registration) == S.REJECTED
