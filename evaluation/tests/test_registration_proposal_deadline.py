"""D26 Điều 5.1: a round evaluates the dossiers the commune proposed before its proposals deadline. The walk of the
demo found a dossier forwarded to the province after that day received, scored and decided in the round as if in
time. The commune's proposal (forwarding) is now refused after the deadline, unless its organiser extended it (within
the calendar, round_update); the dossier goes back to the producer for a later round
(services.round_calendar.round_proposal_refusal)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport, EvaluationRound, Registration
from evaluation.services.rounds import round_update
from evaluation.services.transitions import registration_forward, registration_return
from evaluation.tests.factories import province_round, registration_in
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
LATE = "đã hết hạn nhận đề nghị ngày 30/10/2026"


def _proposed_by_the_commune(registration):
    """Mẫu 03 as the commune writes it to propose the dossier: nothing else stops the forwarding."""
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
    return registration


def test_it_refuses_to_propose_a_dossier_after_its_rounds_proposals_deadline(cast):
    # The factory's round 2/2026 took proposals until 30/10/2026; today is 02/12/2026.
    registration = _proposed_by_the_commune(registration_in(cast, status=S.SUBMITTED))
    with pytest.raises(ValidationError, match=LATE) as refused:
        registration_forward(registration=registration, by=cast.commune_officer)
    assert "Trả lại hồ sơ để chủ thể chọn đợt sau" in refused.value.messages[0]
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED
    assert not AuditEvent.objects.filter(action="registration.forward").exists()


def test_the_page_refuses_it_before_asking_to_confirm(cast, login):
    registration = _proposed_by_the_commune(registration_in(cast, status=S.SUBMITTED))
    url = reverse("evaluation:registration_forward", args=[registration.pk])
    response = login(cast.commune_officer).post(url, {"confirmed": "1"}, follow=True)
    assert 'data-testid="confirm-step"' not in response.content.decode()
    assert LATE in " ".join(str(m) for m in response.context["messages"])
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED


def test_it_is_proposed_until_the_deadline_its_organiser_extended(cast):
    evaluation_round = province_round(cast.province)
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(proposals_due=dt.date(2026, 10, 15))
    evaluation_round.refresh_from_db()
    with time_machine.travel(dt.datetime(2026, 10, 20, 9, 0, tzinfo=VN)):
        registration = _proposed_by_the_commune(registration_in(cast, status=S.SUBMITTED))
        with pytest.raises(ValidationError, match="đã hết hạn nhận đề nghị ngày 15/10/2026"):
            registration_forward(registration=registration, by=cast.commune_officer)
        round_update(
            evaluation_round=evaluation_round, by=cast.province_officer, data={"proposals_due": dt.date(2026, 10, 30)}
        )
        registration.refresh_from_db()
        assert registration_forward(registration=registration, by=cast.commune_officer).status == S.FORWARDED


def test_a_dossier_proposed_in_time_and_returned_by_the_province_comes_back_after_the_deadline(cast):
    """Its proposal was in time; the province's completeness check sent it back to be completed (Điều 7.3a), which
    the round allows until it is done (completion_due_check): forwarding it again is that same proposal."""
    proposed_on = dt.datetime(2026, 10, 20, 9, 0, tzinfo=VN)
    registration = registration_in(cast, status=S.FORWARDED, forwarded_at=proposed_on)
    registration_return(registration=registration, by=cast.province_officer, reason="Thiếu nhãn")
    Registration.objects.filter(pk=registration.pk).update(status=S.SUBMITTED)  # completed and submitted again
    registration = _proposed_by_the_commune(Registration.objects.get(pk=registration.pk))
    assert registration_forward(registration=registration, by=cast.commune_officer).status == S.FORWARDED


def test_a_round_still_taking_proposals_takes_it(cast):
    next_round = province_round(cast.province, year=2027, number=1)  # proposals until 30/04/2027
    registration = _proposed_by_the_commune(registration_in(cast, status=S.SUBMITTED, round=next_round))
    assert registration_forward(registration=registration, by=cast.commune_officer).status == S.FORWARDED


def test_the_central_council_scores_in_a_round_only_what_the_province_proposed_by_its_deadline(cast):
    """Điều 5.2: the ministry's round 1 takes the provinces' proposals before 30/7; a letter of 02/12/2026 is for its
    round 2 (proposals before 30/01/2027)."""
    from evaluation.choices import Level
    from evaluation.models import Council, CouncilSession
    from evaluation.services.councils import session_add_registration
    from evaluation.tests.factories import criteria_version, forwarded_to_central

    s = forwarded_to_central(cast)  # the province's letter is dated today, 02/12/2026
    council = Council.objects.create(level=Level.CENTRAL, unit=None, name="Hội đồng cấp trung ương")

    def session_of(number, proposals_due, done_by):
        evaluation_round = EvaluationRound.objects.create(
            level=Level.CENTRAL,
            year=2026,
            number=number,
            proposals_due=proposals_due,
            done_by=done_by,
            criteria_version=criteria_version(),
            status="evaluating",
        )
        return CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 2), round=evaluation_round)

    first = session_of(1, dt.date(2026, 7, 30), dt.date(2026, 9, 30))
    with pytest.raises(ValidationError, match="Tỉnh đề nghị hồ sơ này ngày 02/12/2026, sau hạn nhận đề nghị"):
        session_add_registration(session=first, registration=s.registration, by=cast.central_officer)
    assert not first.items.exists()
    second = session_of(2, dt.date(2027, 1, 30), dt.date(2027, 3, 30))
    assert session_add_registration(session=second, registration=s.registration, by=cast.central_officer)
