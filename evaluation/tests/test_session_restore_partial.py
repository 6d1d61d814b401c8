"""A cancelled session one of whose dossiers went on another session, or moved on (withdrawn, a result), could not
be restored at all: the officer had to create a new session and put every other dossier on it again. Now it is
restored without those dossiers: they leave its agenda (their draft sheets with them), the others come back in
order, the audit row names what was left out and why, and the members' notice gives the agenda as restored. The
officer confirms the list they were shown; a different list is refused. When none would come back it is still
refused. (The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import RegistrationStatus, SessionStatus
from evaluation.models import AgendaItem, CouncilSession, Registration, ScoreSheet
from evaluation.services.councils import session_add_registration
from evaluation.services.session_schedule import session_cancel, session_restore, session_restore_check
from ocop.models import AuditEvent, Notification

from .factories import declare_and_open, make_council, make_registration, make_scorecard, member_of

pytestmark = pytest.mark.django_db

REASON = "Chủ tịch Hội đồng đi công tác đột xuất"


def _cancelled_with(cast, *names):
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10), location="UBND tỉnh")
    card = make_scorecard()
    registrations = [make_registration(cast, card, name=name) for name in names]
    for registration in registrations:
        session_add_registration(session=session, registration=registration, by=cast.province_officer)
    session_cancel(session=session, by=cast.province_officer, reason=REASON)
    session.refresh_from_db()
    return session, registrations


def _elsewhere(session, registration, cast):
    other = CouncilSession.objects.create(council=session.council, date=dt.date(2026, 12, 20))
    session_add_registration(session=other, registration=registration, by=cast.province_officer)
    return other


def test_it_restores_the_session_without_the_dossier_that_went_on_another_session(cast):
    session, (honey, tea, rice) = _cancelled_with(cast, "Mật ong hoa nhãn", "Trà xanh", "Gạo tám")
    other = _elsewhere(session, tea, cast)
    check = session_restore_check(session)
    assert check.refusal is None
    assert [(lo.item.registration, str(lo.reason)) for lo in check.left_out] == [
        (tea, "đã được đưa vào phiên họp ngày 20/12/2026")
    ]

    session_restore(session=session, by=cast.council_chair, leave_out={tea.pk})
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED and session.cancel_reason == ""
    # The others come back, numbered again in their order; the one left out stays on its new session only.
    assert list(session.items.order_by("order").values_list("registration", "order")) == [(honey.pk, 1), (rice.pk, 2)]
    assert list(AgendaItem.objects.filter(registration=tea).values_list("session", flat=True)) == [other.pk]
    event = AuditEvent.objects.get(action="council_session.restore")
    assert event.changes["status"] == ["cancelled", "planned"]
    assert event.changes["left_out"] == [
        {"registration": tea.pk, "product": "Trà xanh", "reason": "đã được đưa vào phiên họp ngày 20/12/2026"}
    ]
    notice = Notification.objects.get(user=cast.council_member, message__contains="khôi phục").message
    assert "Chương trình phiên họp: 1. Mật ong hoa nhãn; 2. Gạo tám." in notice
    assert "Không còn trong chương trình: “Trà xanh”, đã được đưa vào phiên họp ngày 20/12/2026." in notice


def test_a_dossier_no_longer_waiting_is_left_out_with_its_status(cast):
    session, (honey, tea) = _cancelled_with(cast, "Mật ong hoa nhãn", "Trà xanh")
    Registration.objects.filter(pk=tea.pk).update(status=RegistrationStatus.WITHDRAWN)
    (left,) = session_restore_check(session).left_out
    assert left.item.registration == tea and str(left.reason).startswith("không còn chờ Hội đồng chấm điểm")
    session_restore(session=session, by=cast.province_officer, leave_out={tea.pk})
    assert list(session.items.values_list("registration", flat=True)) == [honey.pk]


def test_the_draft_sheets_of_a_dossier_left_out_go_with_it_the_others_stay(cast):
    session, (honey, tea) = _cancelled_with(cast, "Mật ong hoa nhãn", "Trà xanh")
    member = member_of(session.council, cast.council_member)
    CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.PLANNED)  # drafts opened before the call
    kept, dropped = (AgendaItem.objects.get(session=session, registration=r) for r in (honey, tea))
    declare_and_open(kept, member)
    declare_and_open(dropped, member)
    CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)
    session.refresh_from_db()
    _elsewhere(session, tea, cast)
    session_restore(session=session, by=cast.province_officer, leave_out={tea.pk})
    assert list(ScoreSheet.objects.values_list("item", flat=True)) == [kept.pk]


def test_a_list_other_than_the_one_left_out_now_is_refused_and_nothing_changes(cast):
    session, (_honey, tea) = _cancelled_with(cast, "Mật ong hoa nhãn", "Trà xanh")
    _elsewhere(session, tea, cast)
    for seen in ((), {tea.pk + 1000}):  # the page showed none (the dossier moved since), or another one
        with pytest.raises(ValidationError, match="vừa thay đổi"):
            session_restore(session=session, by=cast.province_officer, leave_out=seen)
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.items.count() == 2
    assert not AuditEvent.objects.filter(action="council_session.restore").exists()
    assert not Notification.objects.filter(user=cast.council_member, message__contains="khôi phục").exists()


def test_it_still_refuses_when_no_dossier_would_come_back(cast):
    session, (honey, tea) = _cancelled_with(cast, "Mật ong hoa nhãn", "Trà xanh")
    _elsewhere(session, honey, cast)
    Registration.objects.filter(pk=tea.pk).update(status=RegistrationStatus.WITHDRAWN)
    check = session_restore_check(session)
    assert "Mật ong hoa nhãn" in check.refusal and "Trà xanh" in check.refusal
    with pytest.raises(ValidationError, match="phiên họp khác"):
        session_restore(session=session, by=cast.province_officer, leave_out={honey.pk, tea.pk})
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.items.count() == 2
