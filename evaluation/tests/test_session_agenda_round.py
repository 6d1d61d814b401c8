"""D26 Điều 5.1: a province round evaluates the dossiers the commune proposed before its proposals deadline. A
session of a round took any dossier ready for the council, one filed (and proposed) for a later round too, so round
2/2026's council scored a dossier of round 1/2027 in 2026. Now a session of a province round takes its own round's
dossiers, and an earlier round's not yet scored (proposed in time for this one too), never a later round's nor
another province's; a re-evaluation is bound by no round (Điều 7.6). The agenda's choices leave the refused out.
(The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import Level, RegistrationKind, RegistrationStatus
from evaluation.forms.councils import AgendaAddForm
from evaluation.models import CouncilSession, EvaluationRound, Registration
from evaluation.services.councils import session_add_registration
from evaluation.services.round_calendar import round_agenda_refusal

from .factories import make_council, province_round, registration_in

pytestmark = pytest.mark.django_db

READY = RegistrationStatus.READY_FOR_COUNCIL


def _session_of(cast, evaluation_round):
    return CouncilSession.objects.create(council=make_council(cast), date=dt.date(2026, 12, 2), round=evaluation_round)


def test_a_session_of_a_round_refuses_a_dossier_of_a_later_round(cast):
    session = _session_of(cast, province_round(cast.province, year=2026, number=2))  # proposals until 30/10/2026
    later = registration_in(cast, status=READY, round=province_round(cast.province, year=2027, number=1))
    with pytest.raises(ValidationError) as refused:
        session_add_registration(session=session, registration=later, by=cast.province_officer)
    message = " ".join(refused.value.messages)
    assert "Hồ sơ thuộc đợt “Đợt 1/2027” (nhận đề nghị đến 30/04/2027), sau đợt “Đợt 2/2026”" in message
    assert "đề nghị đến 30/10/2026 (Điều 5 Quyết định 26/2026/QĐ-TTg)" in message
    assert not session.items.exists()
    form = AgendaAddForm(user=cast.province_officer, council=session.council, session=session)
    assert later not in form.fields["registration"].queryset


def test_it_takes_its_own_rounds_dossier_and_an_earlier_rounds_not_yet_scored(cast):
    this_round = province_round(cast.province, year=2027, number=1)
    session = _session_of(cast, this_round)
    own = registration_in(cast, status=READY, round=this_round, name="Trà xanh")
    earlier = registration_in(cast, status=READY, name="Gạo tám")  # round 2/2026, not scored then
    form = AgendaAddForm(user=cast.province_officer, council=session.council, session=session)
    assert {own, earlier} <= set(form.fields["registration"].queryset)
    for registration in (own, earlier):
        assert session_add_registration(session=session, registration=registration, by=cast.province_officer)
    assert session.items.count() == 2


def test_a_reevaluation_is_bound_by_no_round():
    this_round = EvaluationRound(pk=1, level=Level.PROVINCE, unit_id=1, proposals_due=dt.date(2026, 10, 30))
    later = EvaluationRound(pk=2, level=Level.PROVINCE, unit_id=1, proposals_due=dt.date(2027, 4, 30))
    registration = Registration(kind=RegistrationKind.REEVALUATION, round=later)
    assert round_agenda_refusal(registration, this_round) is None
    registration.kind = RegistrationKind.FIRST
    assert "sau đợt" in str(round_agenda_refusal(registration, this_round))


def test_a_session_of_a_round_refuses_another_provinces_round(cast):
    foreign = EvaluationRound.objects.create(
        level=Level.PROVINCE,
        unit=cast.other_province,
        year=2026,
        number=2,
        title="Đợt 2/2026 tỉnh khác",
        proposals_due=dt.date(2026, 10, 30),
        done_by=dt.date(2026, 12, 30),
        criteria_version=province_round(cast.province).criteria_version,
    )
    session = _session_of(cast, province_round(cast.province, year=2026, number=2))
    registration = registration_in(cast, status=READY, round=foreign)
    with pytest.raises(ValidationError, match="của cấp hoặc địa bàn khác"):
        session_add_registration(session=session, registration=registration, by=cast.province_officer)
    form = AgendaAddForm(user=cast.province_officer, council=session.council, session=session)
    assert registration not in form.fields["registration"].queryset
