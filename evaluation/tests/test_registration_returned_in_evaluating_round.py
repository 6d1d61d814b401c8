"""A dossier the province returns for completion after the commune proposed it (Điều 7.3a: the provincial OCOP office
"thông báo và hướng dẫn UBND cấp xã, chủ thể OCOP hoàn thiện hồ sơ") comes back into the same round, even once the
round is being evaluated: the commune proposed it in time (Điều 5.1), and the officer may give the producer until the
day the round is to be done to complete it (completion_due_check). A dossier never proposed in the round is not taken
once the round is being evaluated, nor is any dossier once the round is closed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluation.choices import RegistrationStatus as S
from evaluation.choices import RoundStatus
from evaluation.models import EvaluationRound, Registration
from evaluation.services.transitions import registration_return, registration_submit
from evaluation.tests.factories import complete_dossier, registration_in
from evaluation.tests.test_registration_completion_due import in_days, round_open

pytestmark = pytest.mark.django_db


def returned_by_the_province(cast):
    """Proposed by the commune (forwarded with its Mẫu 03), then returned by the province's completeness check."""
    registration = registration_in(cast, round=round_open(cast))
    complete_dossier(registration, cast.producer_owner)
    now = timezone.now()
    Registration.objects.filter(pk=registration.pk).update(
        status=S.FORWARDED, submitted_at=now, first_submitted_at=now, forwarded_at=now
    )
    registration.refresh_from_db()
    registration_return(registration=registration, by=cast.province_officer, reason="Thiếu phiếu kiểm nghiệm.")
    registration.refresh_from_db()
    return registration


def round_moved_to(registration, status):
    EvaluationRound.objects.filter(pk=registration.round_id).update(status=status, proposals_due=in_days(-1))
    registration.refresh_from_db()


def test_a_dossier_the_province_returned_comes_back_while_its_round_is_evaluated(cast, private_media):
    registration = returned_by_the_province(cast)
    assert registration.status == S.RETURNED
    round_moved_to(registration, RoundStatus.EVALUATING)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED  # the commune checks it again and forwards it, in the same round


def test_a_closed_round_takes_it_back_no_more(cast, private_media):
    registration = returned_by_the_province(cast)
    round_moved_to(registration, RoundStatus.CLOSED)
    with pytest.raises(ValidationError, match="không còn nhận hồ sơ"):
        registration_submit(registration=registration, by=cast.producer_owner)


def test_a_dossier_the_commune_returned_before_proposing_it_is_not_taken_by_a_round_being_evaluated(
    cast, private_media
):
    registration = registration_in(cast, round=round_open(cast))
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu nhãn.")
    registration.refresh_from_db()
    round_moved_to(registration, RoundStatus.EVALUATING)
    with pytest.raises(ValidationError, match="không còn nhận hồ sơ"):
        registration_submit(registration=registration, by=cast.producer_owner)
