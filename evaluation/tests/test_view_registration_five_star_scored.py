"""The page of a 5★ product's re-evaluation a provincial council scored (Điều 6.3b, 7.6e): the province's OCOP office
is offered "Gửi Bộ đánh giá lại" and, with its report and the province's letter, the dossier goes to the ministry.
Everyone else: 403, or 404 outside the scope."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration

from .test_registration_five_star_scored import stuck

pytestmark = pytest.mark.django_db

VALID = {
    "report_number": "85/BC-SNNMT",
    "report_date": "02/12/2026",
    "letter_number": "2150/UBND-KT",
    "letter_date": "02/12/2026",
}


def _url(registration):
    return reverse("evaluation:registration_forward_central", args=[registration.pk])


def test_the_office_is_offered_it_and_sends_the_dossier_to_the_ministry(cast, login, private_media):
    registration, _result = stuck(cast)
    client = login(cast.province_officer)
    detail = reverse("evaluation:registration_detail", args=[registration.pk])
    page = client.get(detail).content.decode()
    assert 'data-testid="forward-central"' in page and _url(registration) in page
    assert 'data-testid="forward-central-scored"' in page
    assert client.get(_url(registration)).status_code == 200
    response = client.post(_url(registration), VALID)
    assert response.status_code == 302 and response.url == detail
    assert Registration.objects.get(pk=registration.pk).status == S.FORWARDED_TO_CENTRAL


@pytest.mark.parametrize("who", ["producer_owner", "commune_officer", "viewer", "central_officer"])
def test_the_others_who_see_the_dossier_get_a_403(cast, login, who):
    registration, _result = stuck(cast)
    client = login(getattr(cast, who))
    assert client.post(_url(registration), VALID).status_code == 403
    assert Registration.objects.get(pk=registration.pk).status == S.SCORED


@pytest.mark.parametrize("who", ["outsider", "advisory_member"])
def test_those_who_do_not_see_the_dossier_get_a_404(cast, login, who):
    registration, _result = stuck(cast)
    assert login(getattr(cast, who)).post(_url(registration), VALID).status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == S.SCORED
