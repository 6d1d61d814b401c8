"""A session is called off only with its reason (kept on the session, in its audit row and in the members' notice),
and one called off can be restored while its day has not passed, once however many times it is asked, and only while
its agenda's dossiers still wait for it. (The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import RegistrationStatus, SessionStatus
from evaluation.models import CouncilSession, Registration
from evaluation.services.councils import session_add_registration
from evaluation.services.session_schedule import session_cancel, session_restore, session_restore_refusal
from ocop.models import AuditEvent, Notification

from .factories import make_council, make_registration, make_scorecard, setup_scoring

pytestmark = pytest.mark.django_db

MEETS_ON = dt.date(2026, 12, 10)
REASON = "Chủ tịch Hội đồng đi công tác đột xuất"


def _planned(cast, *, day=MEETS_ON):
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=day, location="UBND tỉnh")
    registration = make_registration(cast, make_scorecard())
    session_add_registration(session=session, registration=registration, by=cast.province_officer)
    return session, registration


def _notices(user):
    return list(Notification.objects.filter(user=user).values_list("message", flat=True))


def test_it_refuses_a_cancellation_without_a_reason_beside_the_field(cast):
    session, _registration = _planned(cast)
    for blank in ("", "   \n "):
        with pytest.raises(ValidationError) as refused:
            session_cancel(session=session, by=cast.province_officer, reason=blank)
        assert "reason" in refused.value.message_dict
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert not AuditEvent.objects.filter(action="council_session.cancel").exists()
    assert _notices(cast.council_member) == []


def test_it_keeps_the_reason_on_the_session_in_the_audit_row_and_in_the_notice(cast):
    session, _registration = _planned(cast)
    session_cancel(session=session, by=cast.province_officer, reason=f"  {REASON}  ")
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == (SessionStatus.CANCELLED, REASON)
    assert AuditEvent.objects.get(action="council_session.cancel").changes["reason"] == REASON
    for user in (cast.council_chair, cast.council_member):
        assert any(REASON in n and "10/12/2026" in n for n in _notices(user))


def test_it_restores_a_cancelled_session_and_tells_its_members(cast):
    session, registration = _planned(cast)
    session_cancel(session=session, by=cast.province_officer, reason=REASON)
    restored = session_restore(session=session, by=cast.council_chair)
    session.refresh_from_db()
    assert restored.status == session.status == SessionStatus.PLANNED
    assert session.cancel_reason == ""
    event = AuditEvent.objects.get(action="council_session.restore")
    assert event.actor == cast.council_chair
    assert event.changes == {"status": ["cancelled", "planned"], "reason": [REASON, ""]}
    assert any("khôi phục" in n and "10/12/2026" in n for n in _notices(cast.council_member))
    # Its agenda holds the dossier again: nobody puts it on a second session meanwhile.
    other = CouncilSession.objects.create(council=session.council, date=dt.date(2026, 12, 20))
    with pytest.raises(ValidationError, match="chưa có kết quả"):
        session_add_registration(session=other, registration=registration, by=cast.province_officer)


def test_a_second_restore_double_click_or_colleague_is_refused_and_applies_nothing(cast):
    session, _registration = _planned(cast)
    session_cancel(session=session, by=cast.province_officer, reason=REASON)
    stale = CouncilSession.objects.get(pk=session.pk)  # the second tab still shows the session cancelled
    session_restore(session=session, by=cast.province_officer)
    with pytest.raises(ValidationError, match="không ở trạng thái đã hủy"):
        session_restore(session=stale, by=cast.council_chair)
    assert AuditEvent.objects.filter(action="council_session.restore").count() == 1
    assert sum("khôi phục" in n for n in _notices(cast.council_member)) == 1
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def test_a_session_whose_day_has_passed_is_not_restored_one_of_today_is(cast):
    past, _registration = _planned(cast, day=dt.date(2026, 12, 1))
    CouncilSession.objects.filter(pk=past.pk).update(status=SessionStatus.CANCELLED, cancel_reason=REASON)
    with pytest.raises(ValidationError, match="01/12/2026 đã qua"):
        session_restore(session=past, by=cast.province_officer)
    past.refresh_from_db()
    assert past.status == SessionStatus.CANCELLED
    today = CouncilSession.objects.create(
        council=past.council, date=dt.date(2026, 12, 2), status=SessionStatus.CANCELLED, cancel_reason=REASON
    )
    assert session_restore(session=today, by=cast.province_officer).status == SessionStatus.PLANNED


def test_a_session_whose_dossier_went_on_another_session_is_not_restored(cast):
    session, registration = _planned(cast)
    session_cancel(session=session, by=cast.province_officer, reason=REASON)
    other = CouncilSession.objects.create(council=session.council, date=dt.date(2026, 12, 20))
    session_add_registration(session=other, registration=registration, by=cast.province_officer)
    session.refresh_from_db()
    assert registration.product.name in session_restore_refusal(session)
    with pytest.raises(ValidationError, match="phiên họp khác"):
        session_restore(session=session, by=cast.province_officer)
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED


def test_a_session_whose_dossier_no_longer_waits_for_the_council_is_not_restored(cast):
    session, registration = _planned(cast)
    session_cancel(session=session, by=cast.province_officer, reason=REASON)
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.WITHDRAWN)
    session.refresh_from_db()
    with pytest.raises(ValidationError, match="không còn chờ Hội đồng"):
        session_restore(session=session, by=cast.province_officer)


def test_a_session_whose_roll_was_taken_is_restored_to_being_scored(cast):
    s = setup_scoring(cast)  # today's session, the roll taken: being scored, no sheet submitted
    session_cancel(session=s.session, by=cast.province_officer, reason=REASON)
    session_restore(session=s.session, by=cast.province_officer)
    s.session.refresh_from_db()
    assert s.session.status == SessionStatus.OPEN


def test_only_a_cancelled_session_is_restored(cast):
    session, _registration = _planned(cast)
    with pytest.raises(ValidationError, match="không ở trạng thái đã hủy"):
        session_restore(session=session, by=cast.province_officer)
    CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.CLOSED)
    session.refresh_from_db()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        session_restore(session=session, by=cast.province_officer)
    assert not AuditEvent.objects.filter(action="council_session.restore").exists()
