"""An act that takes the dossier out of its actor's sight never lands them on a 404 (views.pages.registration_redirect):
the advisory team reads dossiers only while they are under the province's review (Điều 7.3), so a dossier returned to
the producer sends it to the registration list, with the act's message, instead of the dossier's page it can no
longer open. Returning a forwarded dossier is the province's OCOP office's (Điều 7.3a): the advisory team, which
once did it and landed on the list, is refused it (test_registration_province_intake.py)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.tests.factories import registration_in
from evaluation.views.pages import registration_redirect

pytestmark = pytest.mark.django_db


def test_a_dossier_out_of_the_actors_sight_sends_it_to_the_list(cast):
    request = RequestFactory().post("/")
    request.user = cast.advisory_member
    returned = registration_in(cast, status=S.RETURNED)  # back with the producer: no longer the team's to read
    assert registration_redirect(request, returned).url == reverse("evaluation:registration_list")
    reviewed = registration_in(cast, status=S.ADVISORY_REVIEW)
    assert registration_redirect(request, reviewed).url == reverse("evaluation:registration_detail", args=[reviewed.pk])


def test_an_officer_who_still_sees_the_dossier_lands_on_it(cast, login):
    registration = registration_in(cast, status=S.FORWARDED)
    client = login(cast.province_officer)
    url = reverse("evaluation:registration_return", args=[registration.pk])
    response = client.post(url, {"reason": "Thiếu phiếu kiểm nghiệm"}, follow=True)
    detail = reverse("evaluation:registration_detail", args=[registration.pk])
    assert response.status_code == 200 and response.redirect_chain == [(detail, 302)]
    assert "Đã trả lại hồ sơ." in response.content.decode()
