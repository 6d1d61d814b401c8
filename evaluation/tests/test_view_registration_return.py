"""An act that takes the dossier out of its actor's sight never lands them on a 404: the advisory team reads
dossiers only while they are under the province's review (Điều 7.3), so after returning one to the producer it is
sent to the registration list, with the act's success message, instead of the dossier's page it can no longer
open."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db


def test_the_advisory_team_lands_on_the_list_after_returning_a_dossier(cast, login):
    registration = registration_in(cast, status=S.FORWARDED)
    client = login(cast.advisory_member)
    url = reverse("evaluation:registration_return", args=[registration.pk])
    response = client.post(url, {"reason": "Thiếu phiếu kiểm nghiệm"}, follow=True)
    assert Registration.objects.get(pk=registration.pk).status == S.RETURNED
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("evaluation:registration_list"), 302)]
    assert "Đã trả lại hồ sơ." in response.content.decode()


def test_an_officer_who_still_sees_the_dossier_lands_on_it(cast, login):
    registration = registration_in(cast, status=S.FORWARDED)
    client = login(cast.province_officer)
    url = reverse("evaluation:registration_return", args=[registration.pk])
    response = client.post(url, {"reason": "Thiếu phiếu kiểm nghiệm"}, follow=True)
    detail = reverse("evaluation:registration_detail", args=[registration.pk])
    assert response.status_code == 200 and response.redirect_chain == [(detail, 302)]
    assert "Đã trả lại hồ sơ." in response.content.decode()
