"""A session that will not meet on its day is moved (day, place) or called off before it is held; closing was the
only way to free its agenda's dossiers, and it also locked the sheets of a meeting that never took place. The
council's members are told either way; each change leaves an audit row. (The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import SessionStatus
from evaluation.models import CouncilSession
from evaluation.services.councils import session_add_registration
from evaluation.services.session_schedule import session_cancel, session_reschedule
from ocop.edits import EditConflict
from ocop.models import AuditEvent, Notification

from .factories import declare_and_open, make_council, make_registration, make_scorecard, setup_scoring, submit

pytestmark = pytest.mark.django_db

MEETS_ON = dt.date(2026, 12, 10)


def _planned(cast, *, day=MEETS_ON):
    """A session of 10/12 with one dossier on its agenda, every member assigned, no roll taken."""
    card = make_scorecard()
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=day, location="UBND tỉnh")
    registration = make_registration(cast, card)
    item = session_add_registration(session=session, registration=registration, by=cast.province_officer)
    return session, item, registration, card


def _notices(user):
    return list(Notification.objects.filter(user=user).values_list("message", flat=True))


def test_a_planned_session_is_moved_and_its_members_told(cast):
    session, *_ = _planned(cast)
    seen = {"date": MEETS_ON, "location": "UBND tỉnh"}
    data = {"date": dt.date(2026, 12, 15), "location": "Sở NN&MT"}
    session_reschedule(session=session, by=cast.province_officer, data=data, seen=seen)
    session.refresh_from_db()
    assert (session.date, session.location) == (dt.date(2026, 12, 15), "Sở NN&MT")
    event = AuditEvent.objects.get(action="council_session.reschedule")
    assert event.changes["date"] == ["2026-12-10", "2026-12-15"]
    for user in (cast.council_chair, cast.council_member):
        assert any("15/12/2026" in n and "10/12/2026" in n for n in _notices(user))


def test_a_reschedule_over_someone_elses_keeps_theirs_or_is_refused_beside_the_field(cast):
    session, *_ = _planned(cast)
    seen = {"date": MEETS_ON, "location": "UBND tỉnh"}
    session_reschedule(session=session, by=cast.province_officer, data={"location": "Hội trường B"}, seen=seen)
    # The second page still showed 10/12 and "UBND tỉnh": its new date is written, the other's place kept.
    session_reschedule(
        session=session, by=cast.council_chair, data={"date": dt.date(2026, 12, 12), "location": "UBND tỉnh"}, seen=seen
    )
    session.refresh_from_db()
    assert (session.date, session.location) == (dt.date(2026, 12, 12), "Hội trường B")
    with pytest.raises(EditConflict) as refused:  # both changed the place: the later one is told, not silently lost
        session_reschedule(session=session, by=cast.council_chair, data={"location": "Phòng 3"}, seen=seen)
    assert "location" in refused.value.error_dict


def test_a_new_day_in_the_past_is_refused_beside_the_date(cast):
    session, *_ = _planned(cast)
    with pytest.raises(ValidationError) as refused:
        session_reschedule(session=session, by=cast.province_officer, data={"date": dt.date(2026, 11, 30)}, seen={})
    assert "02/12/2026" in refused.value.message_dict["date"][0]


def test_a_held_session_or_one_with_a_result_is_not_rescheduled(cast):
    s = setup_scoring(cast)  # the roll taken today: the meeting is being held
    with pytest.raises(ValidationError, match="đã diễn ra"):
        session_reschedule(session=s.session, by=cast.province_officer, data={"date": MEETS_ON}, seen={})
    for member in s.members:
        submit(s.item, member, s.card)
    CouncilSession.objects.filter(pk=s.session.pk).update(status=SessionStatus.PLANNED)
    with pytest.raises(ValidationError, match="kết quả"):
        session_reschedule(session=s.session, by=cast.province_officer, data={"date": MEETS_ON}, seen={})


def test_a_cancelled_session_frees_its_dossiers_for_another_session(cast):
    session, item, registration, _card = _planned(cast)
    declare_and_open(item, item.session.council.members.get(user=cast.council_member))  # a draft: no bar
    session_cancel(session=session, by=cast.province_officer, reason="Trùng lịch")
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert AuditEvent.objects.get(action="council_session.cancel").changes["items_freed"] == 1
    assert any("10/12/2026" in n and "hủy" in n for n in _notices(cast.council_chair))
    other = CouncilSession.objects.create(council=session.council, date=dt.date(2026, 12, 20))
    assert session_add_registration(session=other, registration=registration, by=cast.province_officer)
    with pytest.raises(ValidationError, match="bị hủy"):  # nothing more on the cancelled one
        session_add_registration(session=session, registration=registration, by=cast.province_officer)
    with pytest.raises(ValidationError, match="bị hủy"):
        session_cancel(session=session, by=cast.province_officer, reason="Trùng lịch")


def test_a_session_with_a_submitted_sheet_is_not_cancelled(cast):
    s = setup_scoring(cast)
    submit(s.item, s.member, s.card)
    with pytest.raises(ValidationError, match="nộp phiếu"):
        session_cancel(session=s.session, by=cast.province_officer, reason="Trùng lịch")
    s.session.refresh_from_db()
    assert s.session.status == SessionStatus.OPEN
