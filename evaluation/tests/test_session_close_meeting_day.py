"""A session is closed at (or after) its meeting, never before its day (council_rule.meeting_not_held): the demo's
session of 10/12 said the meeting had not happened yet offered "Kết thúc phiên họp", which ended it and locked the
score sheets on 02/12. A written-opinion session has no meeting: its date is the deadline, closing is not held back."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import SessionMode, SessionStatus
from evaluation.models import CouncilSession
from evaluation.services.councils import session_close

from .factories import make_council

pytestmark = pytest.mark.django_db

NOT_YET = "Phiên họp ngày 10/12/2026 chưa diễn ra"  # the clock is pinned to 02/12/2026


def _session(cast, *, day=dt.date(2026, 12, 10), mode=SessionMode.MEETING):
    council = make_council(cast)
    return CouncilSession.objects.create(council=council, date=day, location="UBND tỉnh", mode=mode)


def test_a_session_is_not_closed_before_its_meeting_day(cast):
    session = _session(cast)
    with pytest.raises(ValidationError, match=NOT_YET):
        session_close(session=session, by=cast.province_officer)
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED and session.closed_at is None


@pytest.mark.parametrize("days_ago", [0, 3])
def test_a_session_of_today_or_of_a_past_day_closes(cast, days_ago):
    session = _session(cast, day=dt.date(2026, 12, 2) - dt.timedelta(days=days_ago))
    assert session_close(session=session, by=cast.province_officer).status == SessionStatus.CLOSED


def test_a_written_opinion_session_closes_before_its_deadline(cast):
    session = _session(cast, mode=SessionMode.WRITTEN)
    assert session_close(session=session, by=cast.province_officer).status == SessionStatus.CLOSED


def test_the_page_shows_the_reason_in_place_of_the_close_button(cast, login):
    session = _session(cast)
    page = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    assert 'data-testid="close-session"' not in page
    assert 'data-testid="meeting-ahead">' in page and page.count(NOT_YET) == 1


def test_a_close_posted_before_the_day_is_refused_with_the_reason(cast, login):
    session = _session(cast)
    client = login(cast.province_officer)
    response = client.post(reverse("evaluation:session_close", args=[session.pk]), {"confirmed": "1"}, follow=True)
    assert NOT_YET in " ".join(str(m) for m in response.context["messages"])
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
