"""The session page's "Đổi lịch" and "Hủy phiên họp": for whoever runs the session (the office managing the council,
its chair or secretary), 403 for a member, 404 for an outsider; offered only while the session can still be moved or
called off. (The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.choices import SessionStatus
from evaluation.models import CouncilSession
from evaluation.services.councils import session_add_registration

from .factories import make_council, make_registration, make_scorecard, setup_scoring, submit

pytestmark = pytest.mark.django_db


def _planned(cast):
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10), location="UBND tỉnh")
    session_add_registration(
        session=session, registration=make_registration(cast, make_scorecard()), by=cast.province_officer
    )
    return session


def _url(name, session):
    return reverse(f"evaluation:{name}", args=[session.pk])


def test_the_office_reschedules_from_the_session_page(cast, login):
    session = _planned(cast)
    client = login(cast.province_officer)
    page = client.get(_url("session_detail", session)).content.decode()
    assert 'data-testid="reschedule-session"' in page and 'data-testid="cancel-session"' in page
    form = client.get(_url("session_update", session))
    assert form.status_code == 200 and "10/12/2026" in form.content.decode()
    response = client.post(
        _url("session_update", session),
        {
            "date": "15/12/2026",
            "location": "Sở NN&MT",
            "initial-date": "10/12/2026",
            "initial-location": "UBND tỉnh",
        },
    )
    assert response.status_code == 302 and response.url == _url("session_detail", session)
    session.refresh_from_db()
    assert (session.date, session.location) == (dt.date(2026, 12, 15), "Sở NN&MT")


def test_a_day_in_the_past_is_refused_beside_the_field_and_what_was_typed_kept(cast, login):
    session = _planned(cast)
    response = login(cast.council_chair).post(
        _url("session_update", session), {"date": "30/11/2026", "location": "Hội trường B"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "02/12/2026" in form.errors["date"][0]
    assert 'value="Hội trường B"' in response.content.decode()
    session.refresh_from_db()
    assert session.date == dt.date(2026, 12, 10)


def test_the_chair_cancels_with_a_reason_shown_on_the_session_page(cast, login):
    session = _planned(cast)
    client = login(cast.council_chair)
    form = client.get(_url("session_cancel", session))
    assert form.status_code == 200 and "Xác nhận hủy phiên họp" in form.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    response = client.post(_url("session_cancel", session), {"reason": "Trùng lịch tiếp đoàn kiểm tra"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    page = client.get(_url("session_detail", session)).content.decode()
    assert "Đã hủy" in page and "Trùng lịch tiếp đoàn kiểm tra" in page
    assert 'data-testid="reschedule-session"' not in page and 'data-testid="cancel-session"' not in page
    office = login(cast.province_officer).get(_url("session_detail", session)).content.decode()
    assert "Hủy phiên họp" in office  # the act, named in the session's history


def test_members_are_refused_and_outsiders_do_not_find_the_session(cast, login):
    session = _planned(cast)
    member = login(cast.council_member)
    assert member.get(_url("session_update", session)).status_code == 403
    assert member.post(_url("session_update", session), {"date": "15/12/2026"}).status_code == 403
    assert member.get(_url("session_cancel", session)).status_code == 403
    assert member.post(_url("session_cancel", session), {"reason": "x"}).status_code == 403
    outsider = login(cast.outsider)
    assert outsider.get(_url("session_update", session)).status_code == 404
    assert outsider.post(_url("session_cancel", session), {"reason": "x"}).status_code == 404
    assert login(cast.council_chair).put(_url("session_cancel", session)).status_code == 405
    session.refresh_from_db()
    assert (session.date, session.status) == (dt.date(2026, 12, 10), SessionStatus.PLANNED)


def test_a_held_session_offers_neither_and_a_post_is_refused_with_the_reason(cast, login):
    s = setup_scoring(cast)  # the roll taken today
    submit(s.item, s.member, s.card)
    client = login(cast.province_officer)
    page = client.get(_url("session_detail", s.session)).content.decode()
    assert 'data-testid="reschedule-session"' not in page and 'data-testid="cancel-session"' not in page
    response = client.post(_url("session_cancel", s.session), {"reason": "Trùng lịch"}, follow=True)
    assert "nộp phiếu" in " ".join(str(m) for m in response.context["messages"])
    response = client.get(_url("session_update", s.session), follow=True)
    assert "đã diễn ra" in " ".join(str(m) for m in response.context["messages"])
    s.session.refresh_from_db()
    assert s.session.status == SessionStatus.OPEN
