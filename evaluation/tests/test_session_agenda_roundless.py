"""A council session may have no round (the field is optional: a re-evaluation's written opinions, Điều 7.6, run by
no round; historic sessions have none). Such a session was bound by no round rule: session_add_registration skipped
round_agenda_refusal when the session had no round, so it took a first evaluation of any round, a later round's
(1/2027 scored in 2026, against Điều 5.1) or another province's round's too; and session_restore_check looked at
neither the round nor the council's area, so restoring a cancelled session brought back whatever its agenda held, a
dossier of another province too. Now one rule (councils.agenda_refusal) answers both: a session of no round takes
only dossiers of its council's area, in the status the council waits for, and none filed for a round (the message
says to pick the round first); the restore leaves out, with that reason, what the rule refuses. (The clock is pinned
to 02/12/2026.)"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import Level, RegistrationKind, RegistrationStatus, SessionStatus
from evaluation.forms.councils import AgendaAddForm
from evaluation.models import AgendaItem, CouncilSession, EvaluationRound, Registration
from evaluation.services.councils import session_add_registration
from evaluation.services.session_schedule import session_cancel, session_restore, session_restore_check
from ocop.models import AuditEvent, Notification
from products.tests.factories import make_product

from .factories import (
    RegistrationFactory,
    make_council,
    make_registration,
    make_scorecard,
    province_round,
    registration_in,
)

pytestmark = pytest.mark.django_db

READY = RegistrationStatus.READY_FOR_COUNCIL
PICK_THE_ROUND = "phiên họp chưa chọn đợt đánh giá"


def _roundless_session(cast, **fields):
    return CouncilSession.objects.create(council=make_council(cast), date=dt.date(2026, 12, 10), **fields)


def _foreign_round(cast):
    return EvaluationRound.objects.create(
        level=Level.PROVINCE,
        unit=cast.other_province,
        year=2026,
        number=2,
        title="Đợt 2/2026 tỉnh khác",
        proposals_due=dt.date(2026, 10, 30),
        done_by=dt.date(2026, 12, 30),
        criteria_version=province_round(cast.province).criteria_version,
    )


def _refusal(session, registration, cast) -> str:
    with pytest.raises(ValidationError) as refused:
        session_add_registration(session=session, registration=registration, by=cast.province_officer)
    return " ".join(refused.value.messages)


def test_a_session_of_no_round_refuses_a_dossier_of_another_provinces_round(cast):
    session = _roundless_session(cast)
    registration = registration_in(cast, status=READY, round=_foreign_round(cast), name="Chè Shan tuyết")
    message = _refusal(session, registration, cast)
    assert "Hồ sơ thuộc đợt “Đợt 2/2026 tỉnh khác” nhưng phiên họp chưa chọn đợt đánh giá" in message
    assert "Hãy chọn đợt đánh giá trước" in message
    assert not session.items.exists()
    form = AgendaAddForm(user=cast.province_officer, council=session.council, session=session)
    assert registration not in form.fields["registration"].queryset


def test_a_session_of_no_round_refuses_a_dossier_of_a_later_round(cast):
    """Round 1/2027 takes proposals until 30/04/2027: a session of no round in December 2026 scored it ahead of its
    round, the very thing a session of round 2/2026 refuses (test_session_agenda_round)."""
    session = _roundless_session(cast)
    later = registration_in(cast, status=READY, round=province_round(cast.province, year=2027, number=1))
    message = _refusal(session, later, cast)
    assert "Hồ sơ thuộc đợt “Đợt 1/2027”" in message and PICK_THE_ROUND in message
    assert not session.items.exists()


def test_a_session_of_no_round_refuses_a_dossier_of_another_province(cast):
    session = _roundless_session(cast)
    card = make_scorecard()
    foreign = RegistrationFactory(
        product=make_product(cast.other_producer_org, "Chè Shan tuyết", number=1),
        commune=cast.far_commune,
        criteria_version=card.version,
        scorecard=card,
        status=READY,
    )
    assert _refusal(session, foreign, cast) == "Hồ sơ không thuộc địa bàn của Hội đồng."
    assert not session.items.exists()


def test_a_session_of_no_round_still_takes_its_provinces_dossiers_that_no_round_binds(cast):
    session = _roundless_session(cast)
    own = make_registration(cast, make_scorecard(), name="Mật ong hoa nhãn")  # filed with no round
    assert own.round_id is None
    reevaluation = registration_in(
        cast, status=READY, kind=RegistrationKind.REEVALUATION, name="Trà xanh"
    )  # filed in round 2/2026, but a re-evaluation is bound by no round (Điều 7.6)
    form = AgendaAddForm(user=cast.province_officer, council=session.council, session=session)
    assert {own, reevaluation} <= set(form.fields["registration"].queryset)
    assert str(form.fields["registration"].help_text).startswith("Phiên họp chưa chọn đợt đánh giá: chỉ nhận hồ sơ")
    for registration in (own, reevaluation):
        assert session_add_registration(session=session, registration=registration, by=cast.province_officer)
    assert list(session.items.order_by("order").values_list("registration", flat=True)) == [own.pk, reevaluation.pk]


def test_a_session_of_its_round_still_takes_the_rounds_dossier(cast):
    this_round = province_round(cast.province, year=2026, number=2)
    session = _roundless_session(cast, round=this_round)
    registration = registration_in(cast, status=READY, round=this_round, name="Gạo tám")
    assert session_add_registration(session=session, registration=registration, by=cast.province_officer)


def _cancelled(session, cast):
    session_cancel(session=session, by=cast.province_officer, reason="Trùng lịch")
    session.refresh_from_db()
    return session


def _written_before_the_rule(session, registration, order):
    """An agenda item as an agenda written before the rule holds it (historic data, the admin's import)."""
    return AgendaItem.objects.create(session=session, registration=registration, order=order)


def test_restoring_a_session_of_no_round_leaves_out_a_dossier_of_another_province(cast):
    session = _roundless_session(cast)
    card = make_scorecard()
    honey = make_registration(cast, card, name="Mật ong hoa nhãn")
    session_add_registration(session=session, registration=honey, by=cast.province_officer)
    foreign = RegistrationFactory(
        product=make_product(cast.other_producer_org, "Chè Shan tuyết", number=1),
        commune=cast.far_commune,
        criteria_version=card.version,
        scorecard=card,
        status=READY,
    )
    _written_before_the_rule(session, foreign, order=2)
    session = _cancelled(session, cast)

    check = session_restore_check(session)
    assert check.refusal is None
    assert [(lo.item.registration, str(lo.reason)) for lo in check.left_out] == [
        (foreign, "không đưa vào phiên họp này được: Hồ sơ không thuộc địa bàn của Hội đồng.")
    ]
    with pytest.raises(ValidationError, match="Chương trình phiên họp vừa thay đổi"):
        session_restore(session=session, by=cast.province_officer)  # the officer was shown it would be left out
    session_restore(session=session, by=cast.province_officer, leave_out={foreign.pk})
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert list(session.items.values_list("registration", flat=True)) == [honey.pk]
    assert not AgendaItem.objects.filter(registration=foreign).exists()
    event = AuditEvent.objects.get(action="council_session.restore")
    assert event.changes["left_out"] == [
        {
            "registration": foreign.pk,
            "product": "Chè Shan tuyết",
            "reason": "không đưa vào phiên họp này được: Hồ sơ không thuộc địa bàn của Hội đồng.",
        }
    ]
    notice = Notification.objects.get(user=cast.council_member, message__contains="khôi phục").message
    assert "Không còn trong chương trình: “Chè Shan tuyết”, không đưa vào phiên họp này được" in notice


def test_restoring_a_session_of_no_round_with_only_dossiers_it_may_not_take_is_refused(cast):
    session = _roundless_session(cast)
    rice = registration_in(cast, status=READY, round=_foreign_round(cast), name="Gạo tám")
    _written_before_the_rule(session, rice, order=1)
    session = _cancelled(session, cast)
    refusal = session_restore_check(session).refusal
    assert refusal.startswith("Không khôi phục được: các hồ sơ trong chương trình đã được đưa vào phiên họp khác")
    assert "“Gạo tám”: không đưa vào phiên họp này được: Hồ sơ thuộc đợt “Đợt 2/2026 tỉnh khác”" in refusal
    with pytest.raises(ValidationError, match="Không khôi phục được"):
        session_restore(session=session, by=cast.province_officer, leave_out={rice.pk})
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert list(session.items.values_list("registration", flat=True)) == [rice.pk]


def test_a_central_session_of_no_round_still_takes_a_dossier_of_a_provinces_round(cast):
    """At the ministry a dossier's own round is its province's; the ministry's rounds may not be kept in the app
    ("Bộ chưa xếp đợt"), so its session of no round takes what the province sent it."""
    from .factories import central_session, forwarded_to_central

    s = forwarded_to_central(cast)
    s.registration.round = province_round(cast.province)
    s.registration.save(update_fields=["round"])
    item, _members = central_session(cast, s)
    assert item.session.round_id is None and item.registration == s.registration


def test_restoring_a_session_of_a_round_leaves_out_a_dossier_moved_to_a_later_round(cast):
    """The same rule on a restore of a round's session: a dossier returned and filed again for a later round while
    the session was cancelled no longer belongs to its round."""
    this_round = province_round(cast.province, year=2026, number=2)
    session = _roundless_session(cast, round=this_round)
    honey, tea = (registration_in(cast, status=READY, round=this_round, name=n) for n in ("Mật ong", "Trà xanh"))
    for registration in (honey, tea):
        session_add_registration(session=session, registration=registration, by=cast.province_officer)
    session = _cancelled(session, cast)
    Registration.objects.filter(pk=tea.pk).update(round=province_round(cast.province, year=2027, number=1))
    (left,) = session_restore_check(session).left_out
    assert left.item.registration == tea
    assert str(left.reason).startswith("không đưa vào phiên họp này được: Hồ sơ thuộc đợt “Đợt 1/2027”")
    session_restore(session=session, by=cast.province_officer, leave_out={tea.pk})
    assert list(session.items.values_list("registration", flat=True)) == [honey.pk]


def test_the_session_form_says_when_the_round_may_be_left_empty(cast):
    from evaluation.forms.councils import SessionForm

    province = SessionForm(council=make_council(cast)).fields["round"].help_text
    assert str(province).startswith("Hồ sơ đăng ký lần đầu, nâng hạng của một đợt chỉ được đưa vào phiên họp của đợt")
    assert not SessionForm(council=make_council(cast, level=Level.CENTRAL)).fields["round"].help_text
