"""A producer could submit a draft into a round past its proposals deadline (Điều 5.1 of D26): the registration form
refused to file a new dossier into it (services.checks.round_filing_refusal), but the submission checked only the
round's status. The commune may not propose (forward) a dossier after that day (round_calendar.round_proposal_refusal),
so the dossier was stuck at the commune. The submission now refuses it with the filing's reason, and the dossier
page's main button leads to choosing another round. A dossier the commune already proposed in the round and the
province returned comes back as before; a re-evaluation is bound by its certificate's window, not by a round."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import RegistrationKind
from evaluation.choices import RegistrationStatus as S
from evaluation.models import EvaluationRound, Registration
from evaluation.services.checks import round_filing_refusal, round_submission_refusal, submission_state
from evaluation.services.transitions import registration_return, registration_submit
from evaluation.tests.factories import complete_dossier, registration_in, round_taking_proposals

pytestmark = pytest.mark.django_db

LATE = "đã hết hạn nhận đề nghị ngày 30/10/2026"


def _complete_draft(cast):
    """Complete, in the factory's round 2/2026: open, proposals until 30/10/2026; today is 02/12/2026."""
    registration = registration_in(cast)
    complete_dossier(registration, cast.producer_owner)
    return registration


def test_it_refuses_to_submit_a_draft_into_a_round_past_its_proposals_deadline(cast, private_media):
    registration = _complete_draft(cast)
    with pytest.raises(ValidationError, match=LATE) as refused:
        registration_submit(registration=registration, by=cast.producer_owner)
    # The filing's reason, word for word: one rule.
    assert refused.value.messages == [round_filing_refusal(registration.round)]
    assert Registration.objects.get(pk=registration.pk).status == S.DRAFT
    (blocker,) = submission_state(registration).blockers
    assert blocker.remedy == "edit_round"


def test_the_page_leads_to_another_round_which_then_takes_it(cast, login, private_media):
    registration = _complete_draft(cast)
    client = login(cast.producer_owner)
    response = client.get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert response.context["main_action"] == "edit_round"
    assert response.context["submit_blockers"] == [round_filing_refusal(registration.round)]
    # The round form offers the round still taking proposals, and says the dossier's own is past its deadline.
    later = round_taking_proposals(cast)
    edit = reverse("evaluation:registration_edit", args=[registration.pk])
    page = client.get(edit).content.decode()
    assert f'<option value="{later.pk}">Đợt 1/2027 — hạn đề nghị 30/04/2027</option>' in page
    assert "Đợt 2/2026 — đã hết hạn đề nghị 30/10/2026" in page
    assert client.post(edit, {"round": later.pk}).status_code == 302
    registration.refresh_from_db()
    assert submission_state(registration).blockers == []
    assert registration_submit(registration=registration, by=cast.producer_owner).status == S.SUBMITTED


def test_a_dossier_the_commune_returned_before_proposing_it_waits_for_the_round_to_be_extended(cast, private_media):
    """Submitted in time, returned by the commune, completed after the deadline: the commune could not propose it in
    that round any more, unless the province extended it."""
    registration = registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu nhãn.")
    EvaluationRound.objects.filter(pk=registration.round_id).update(proposals_due=dt.date(2026, 12, 1))
    registration.refresh_from_db()
    with pytest.raises(ValidationError, match="đã hết hạn nhận đề nghị ngày 01/12/2026"):
        registration_submit(registration=registration, by=cast.producer_owner)
    EvaluationRound.objects.filter(pk=registration.round_id).update(proposals_due=dt.date(2026, 12, 2))  # extended
    registration.refresh_from_db()
    assert registration_submit(registration=registration, by=cast.producer_owner).status == S.SUBMITTED


def test_a_dossier_the_province_returned_comes_back_after_the_deadline(cast, private_media):
    """The commune proposed it in time (Điều 5.1); the province's completeness check returned it (Điều 7.3a): it is
    that same proposal, which the commune forwards again (round_proposal_refusal)."""
    registration = _complete_draft(cast)
    now = timezone.now()
    Registration.objects.filter(pk=registration.pk).update(
        status=S.FORWARDED, submitted_at=now, first_submitted_at=now, forwarded_at=now
    )
    registration.refresh_from_db()
    registration_return(registration=registration, by=cast.province_officer, reason="Thiếu phiếu kiểm nghiệm.")
    registration.refresh_from_db()
    assert registration_submit(registration=registration, by=cast.producer_owner).status == S.SUBMITTED


def test_a_reevaluation_is_not_bound_by_its_rounds_deadline(cast):
    registration = registration_in(cast, kind=RegistrationKind.REEVALUATION)
    assert registration.round.proposals_due < timezone.localdate()
    assert round_submission_refusal(registration) is None


def test_the_commune_is_told_the_same_deadline_of_a_dossier_submitted_in_time(cast, login):
    """Submitted before the deadline and not proposed by it: the officer reads the same day and article, and that the
    producer chooses a later round after the return, as the producer is told."""
    registration = registration_in(cast, status=S.SUBMITTED)
    response = login(cast.commune_officer).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    (refusal,) = [m for m in response.context["forward_blockers"] if LATE in m]
    assert "Điều 5 Quyết định 26/2026/QĐ-TTg" in refusal and "chọn đợt sau" in refusal
    assert "Điều 5 Quyết định 26/2026/QĐ-TTg" in round_filing_refusal(registration.round)
