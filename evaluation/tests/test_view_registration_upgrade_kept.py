"""The page of a stuck scored upgrade (its star not above the live certificate's, Điều 7.5): the province's OCOP office
is offered "Kết luận không đạt nâng hạng, gửi thông báo" and, once it gives the written notice's number and date, the dossier is "Không đạt" and the
producer is told (Điều 7.3g). Everyone else: 403, or 404 outside the scope."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration

from .factories import notice_form
from .test_registration_upgrade_kept import stuck

pytestmark = pytest.mark.django_db


def _url(registration):
    return reverse("evaluation:registration_upgrade_not_achieved", args=[registration.pk])


def test_the_office_is_offered_it_confirms_it_and_lands_on_the_dossier(cast, login):
    registration, _result, _certificate = stuck(cast)
    client = login(cast.province_officer)
    detail = reverse("evaluation:registration_detail", args=[registration.pk])
    page = client.get(detail).content.decode()
    assert 'data-testid="upgrade-kept"' in page and _url(registration) in page
    asked = client.get(_url(registration))
    assert asked.status_code == 200 and "giữ giấy chứng nhận" in asked.content.decode()
    assert 'name="number"' in asked.content.decode()
    refused = client.post(_url(registration), {**notice_form(), "number": "12 TB"})
    assert refused.status_code == 200 and Registration.objects.get(pk=registration.pk).status == S.SCORED
    response = client.post(_url(registration), notice_form(), follow=True)
    assert response.redirect_chain[-1][0] == detail
    assert "Đã kết luận không đạt nâng hạng và gửi thông báo kết quả." in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == S.NOT_RECOGNISED


@pytest.mark.parametrize("who", ["producer_owner", "commune_officer", "viewer", "central_officer"])
def test_the_others_who_see_the_dossier_get_a_403(cast, login, who):
    """The ministry's office sees the dossier, but the province's council took the result: the province tells it."""
    registration, _result, _certificate = stuck(cast)
    client = login(getattr(cast, who))
    assert client.post(_url(registration), notice_form()).status_code == 403
    assert Registration.objects.get(pk=registration.pk).status == S.SCORED


@pytest.mark.parametrize("who", ["outsider", "advisory_member"])
def test_those_who_do_not_see_the_dossier_get_a_404(cast, login, who):
    """Another province's officer; the advisory team, which reads dossiers only under review."""
    registration, _result, _certificate = stuck(cast)
    assert login(getattr(cast, who)).post(_url(registration), notice_form()).status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == S.SCORED


def test_put_is_405_and_a_missing_dossier_404(cast, login):
    registration, _result, _certificate = stuck(cast)
    client = login(cast.province_officer)
    assert client.put(_url(registration)).status_code == 405
    assert client.post(reverse("evaluation:registration_upgrade_not_achieved", args=[999999])).status_code == 404
