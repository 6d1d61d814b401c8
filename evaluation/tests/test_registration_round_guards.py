"""The round of a dossier: chosen only while the dossier is the producer's to edit (a supplement request opens
the items asked, never the round), and a dossier cannot be submitted into a round that no longer takes them, nor
into one past its proposals deadline."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.choices import RoundStatus
from evaluation.models import Registration
from evaluation.services.dossier import registration_update
from evaluation.services.transitions import registration_submit
from evaluation.tests.factories import complete_dossier, province_round, registration_in

pytestmark = pytest.mark.django_db


def test_the_round_cannot_change_during_a_supplement_request(cast, login):
    registration = registration_in(cast, status=S.SUPPLEMENT_REQUESTED)
    other = province_round(cast.province, number=1)
    with pytest.raises(ValidationError, match="không đổi đợt đánh giá"):
        registration_update(registration=registration, by=cast.producer_owner, evaluation_round=other)
    response = login(cast.producer_owner).post(
        reverse("evaluation:registration_edit", args=[registration.pk]), {"round": other.pk}
    )
    assert response.status_code == 200 and "không đổi đợt đánh giá" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).round_id != other.pk


def test_the_round_of_a_returned_dossier_can_change(cast):
    registration = registration_in(cast, status=S.RETURNED)
    other = province_round(cast.province, number=1)
    assert registration_update(registration=registration, by=cast.producer_owner, evaluation_round=other).round == other


def test_it_refuses_to_submit_into_a_round_that_no_longer_takes_dossiers(cast, private_media):
    registration = registration_in(cast)
    complete_dossier(registration, cast.producer_owner)
    registration.round.status = RoundStatus.EVALUATING
    registration.round.save()
    with pytest.raises(ValidationError, match="không còn nhận hồ sơ"):
        registration_submit(registration=registration, by=cast.producer_owner)
    assert Registration.objects.get(pk=registration.pk).status == S.DRAFT


def test_a_draft_is_not_submitted_into_an_open_round_past_its_proposals_deadline(cast, private_media):
    """Past its deadline a round shows "Hết hạn nhận hồ sơ": while its organiser keeps it open it took a dossier
    submitted into it, which the commune could then not propose (Điều 5.1) and which stayed stuck there. It is now
    refused as a new filing is (test_registration_submit_round_deadline.py), until the province extends the round."""
    registration = registration_in(cast)  # the factory's round: open, proposals until 30/10/2026, today 02/12/2026
    assert registration.round.proposals_closed and registration.round.status_today == "Hết hạn nhận hồ sơ"
    complete_dossier(registration, cast.producer_owner)
    with pytest.raises(ValidationError, match="đã hết hạn nhận đề nghị ngày 30/10/2026"):
        registration_submit(registration=registration, by=cast.producer_owner)
    assert Registration.objects.get(pk=registration.pk).status == S.DRAFT
