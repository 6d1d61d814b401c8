"""The council's attendance, the chair's knock-out findings, its discussion and its result are taken at the meeting,
not before its day (ocop-domain.md §7). The minutes of a session of 10/12/2026 showed a discussion of 07/12/2026, and a
decision of 07/12/2026 rested on that meeting; the roll and a knock-out finding could still be recorded on 02/12.
Sheets may still come in before: members receive the electronic dossier ahead. A written-opinion session (Điều 7.6d)
has no meeting: its date is the deadline, and the result follows once every opinion is in."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluation.choices import RegistrationKind, SessionMode, SessionStatus
from evaluation.models import CouncilFinding, CouncilResult, CouncilSession, Discussion, KnockoutRule
from evaluation.models.councils import Attendance
from evaluation.selectors.councils import item_state
from evaluation.services.councils import session_add_registration, session_set_attendance
from evaluation.services.results import finding_record, item_discuss, item_finalise
from ocop.models import Notification

from .factories import make_council, make_registration, make_scorecard, setup_scoring, submit

pytestmark = pytest.mark.django_db

MEETS_ON = dt.date(2026, 12, 10)  # the clock is pinned to 02/12/2026
NOT_YET = "Phiên họp ngày 10/12/2026 chưa diễn ra"


def _meeting_on(cast, day=MEETS_ON):
    s = setup_scoring(cast)
    CouncilSession.objects.filter(pk=s.session.pk).update(date=day)
    s.item.refresh_from_db()
    return s


def _on(time_machine, day):
    time_machine.move_to(dt.datetime.combine(day, dt.time(8, 30), tzinfo=timezone.get_current_timezone()))


def test_sheets_come_in_before_the_meeting_but_the_result_waits_for_its_day(cast, time_machine):
    s = _meeting_on(cast)
    for member in (s.chair, s.member, *s.others):
        submit(s.item, member, s.card, take=False)  # the dossier reached the members ahead: allowed
    state = item_state(user=None, item=s.item)
    assert state.all_sheets_in and not state.ready and state.meeting_ahead.startswith(NOT_YET)
    with pytest.raises(ValidationError, match=NOT_YET):
        item_finalise(item=s.item, by=cast.council_chair)
    assert not CouncilResult.objects.exists()

    _on(time_machine, MEETS_ON)
    assert item_state(user=None, item=s.item).ready
    result = item_finalise(item=s.item, by=cast.council_chair).result
    assert timezone.localdate(result.decided_at) == MEETS_ON


def test_the_discussion_is_recorded_at_the_meeting_not_before(cast, time_machine):
    s = _meeting_on(cast)
    submit(s.item, s.chair, s.card, take=False)  # 100
    submit(s.item, s.member, s.card, take=False)  # 100
    submit(s.item, s.others[0], s.card, take=False, c1=0, c2=1)  # 66: spread 34
    assert item_state(user=None, item=s.item).needs_discussion
    with pytest.raises(ValidationError, match=NOT_YET):
        item_discuss(item=s.item, note="Thống nhất tiêu chí 6.1.", by=cast.council_chair)
    with pytest.raises(ValidationError, match=NOT_YET):  # nor dated before the day by the caller
        item_discuss(
            item=s.item,
            note="Thống nhất tiêu chí 6.1.",
            held_at=timezone.now() + dt.timedelta(days=5),
            by=cast.council_chair,
        )
    s.item.refresh_from_db()
    assert not Discussion.objects.exists() and s.item.scoring_round == 1

    _on(time_machine, MEETS_ON)
    discussion = item_discuss(item=s.item, note="Thống nhất tiêu chí 6.1.", by=cast.council_chair)
    assert timezone.localdate(discussion.held_at) == MEETS_ON


@pytest.mark.parametrize("days_ago", [0, 3])
def test_a_meeting_of_today_or_of_a_past_day_takes_its_result(cast, days_ago):
    s = _meeting_on(cast, timezone.localdate() - dt.timedelta(days=days_ago))
    for member in (s.chair, s.member, *s.others):
        submit(s.item, member, s.card)  # the chair takes the result as the last sheet comes in
    assert CouncilResult.objects.filter(item=s.item).exists()


def test_a_written_opinion_concludes_before_its_deadline_once_every_opinion_is_in(cast):
    """Điều 7.6d: no meeting; the session's date is the deadline for the opinions, not a meeting's day."""
    card = make_scorecard()
    council = make_council(cast, members=[("council_third", "member")])
    session = CouncilSession.objects.create(council=council, date=MEETS_ON, mode=SessionMode.WRITTEN)
    registration = make_registration(cast, card)
    registration.kind = RegistrationKind.REEVALUATION
    registration.save(update_fields=["kind"])
    item = session_add_registration(session=session, registration=registration, by=cast.province_officer)
    assert item_state(user=None, item=item).meeting_ahead is None
    for member in council.members.all():
        submit(item, member, card, c1=15)
    assert CouncilResult.objects.get(item=item).mean_score == 85


def test_the_roll_is_taken_at_the_meeting_not_before(cast, time_machine):
    card = make_scorecard()
    council = make_council(cast, members=[("council_third", "member")])
    session = CouncilSession.objects.create(council=council, date=MEETS_ON, location="UBND tỉnh")
    session_add_registration(session=session, registration=make_registration(cast, card), by=cast.province_officer)
    present = set(council.members.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match=NOT_YET):
        session_set_attendance(session=session, present_member_ids=present, by=cast.province_officer)
    session.refresh_from_db()
    assert not Attendance.objects.exists() and session.status == SessionStatus.PLANNED  # the meeting is not opened

    _on(time_machine, MEETS_ON)
    session_set_attendance(session=session, present_member_ids=present, by=cast.province_officer)
    session.refresh_from_db()
    assert Attendance.objects.filter(session=session, present=True).count() == 3
    assert session.status == SessionStatus.OPEN


def test_the_chairs_knock_out_finding_is_recorded_at_the_meeting_not_before(cast, time_machine):
    s = _meeting_on(cast)  # a roll taken before the rule (or the session moved since): the day still decides
    rule = KnockoutRule.objects.create(
        scorecard=s.card, code="dossier", text="Hồ sơ bị loại khi: Giả mạo hồ sơ", order=1
    )
    finding = {"item": s.item, "rule": rule, "evidence": "Giấy ATTP không có trong sổ cấp", "reason": "Giả mạo"}
    with pytest.raises(ValidationError, match=NOT_YET):
        finding_record(**finding, by=cast.council_chair)
    assert not CouncilFinding.objects.exists()

    _on(time_machine, MEETS_ON)
    finding_record(**finding, by=cast.council_chair)
    assert CouncilFinding.objects.filter(item=s.item, rule=rule).exists()


def test_a_written_opinion_sessions_finding_needs_no_meeting(cast):
    card = make_scorecard()
    council = make_council(cast, members=[("council_third", "member")])
    session = CouncilSession.objects.create(council=council, date=MEETS_ON, mode=SessionMode.WRITTEN)
    registration = make_registration(cast, card)
    registration.kind = RegistrationKind.REEVALUATION
    registration.save(update_fields=["kind"])
    item = session_add_registration(session=session, registration=registration, by=cast.province_officer)
    rule = KnockoutRule.objects.create(scorecard=card, code="dossier", text="Giả mạo hồ sơ", order=1)
    finding_record(item=item, rule=rule, evidence="Sổ cấp", reason="Giả mạo", by=cast.council_chair)
    assert CouncilFinding.objects.filter(item=item).exists()


def _chairs_notices(cast) -> list[str]:
    return list(Notification.objects.filter(user=cast.council_chair).values_list("message", flat=True))


def test_the_chairs_all_sheets_in_notice_says_from_which_day_the_result_is_taken(cast):
    s = _meeting_on(cast)
    for member in (s.chair, s.member, *s.others):
        submit(s.item, member, s.card, take=False)
    (notice,) = [n for n in _chairs_notices(cast) if n.startswith("Đã đủ phiếu")]
    assert notice.endswith("Chủ tịch tổng hợp kết quả tại phiên họp, từ ngày 10/12/2026."), notice


def test_the_chairs_discussion_notice_says_from_which_day_the_council_discusses(cast):
    s = _meeting_on(cast)
    submit(s.item, s.chair, s.card, take=False)
    submit(s.item, s.member, s.card, take=False)
    submit(s.item, s.others[0], s.card, take=False, c1=0, c2=1)  # spread 34: discuss and re-score
    (notice,) = [n for n in _chairs_notices(cast) if n.startswith("Đã đủ phiếu")]
    assert "cần Hội đồng thảo luận và chấm lại" in notice and notice.endswith("từ ngày 10/12/2026."), notice


def test_on_the_meetings_day_the_notice_is_as_before(cast):
    s = _meeting_on(cast, timezone.localdate())
    for member in (s.chair, s.member, *s.others):
        submit(s.item, member, s.card, take=False)
    (notice,) = [n for n in _chairs_notices(cast) if n.startswith("Đã đủ phiếu")]
    assert notice.endswith(": Chủ tịch tổng hợp kết quả."), notice
