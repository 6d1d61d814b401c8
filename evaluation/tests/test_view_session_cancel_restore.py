"""The session page's "Hủy phiên họp" asks its reason (refused beside the field, what was typed kept) and a cancelled
session's "Khôi phục phiên họp" brings it back while its day has not passed: for whoever runs the session (the office
managing the council, its chair or secretary), 403 for a member or a viewer, 404 for an outsider. A double click
restores once. (The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluation.choices import SessionStatus
from evaluation.models import CouncilSession
from evaluation.services.councils import session_add_registration
from ocop.models import AuditEvent, Notification

from .factories import make_council, make_registration, make_scorecard

pytestmark = pytest.mark.django_db

REASON = "Chủ tịch Hội đồng đi công tác đột xuất"


def _planned(cast, *, day=dt.date(2026, 12, 10)):
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=day, location="UBND tỉnh")
    session_add_registration(
        session=session, registration=make_registration(cast, make_scorecard()), by=cast.province_officer
    )
    return session


def _cancelled(cast, **kwargs):
    session = _planned(cast, **kwargs)
    CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED, cancel_reason=REASON)
    session.refresh_from_db()
    return session


def _url(name, session):
    return reverse(f"evaluation:{name}", args=[session.pk])


def test_it_refuses_a_cancellation_without_a_reason_beside_the_field(cast, login):
    session = _planned(cast)
    client = login(cast.province_officer)
    page = client.get(_url("session_detail", session)).content.decode()
    assert f'href="{_url("session_cancel", session)}"' in page
    response = client.post(_url("session_cancel", session), {"reason": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Hãy nêu lý do hủy phiên họp."]
    assert 'id="id_reason_error"' in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert not AuditEvent.objects.filter(action="council_session.cancel").exists()


def test_a_reason_too_long_is_refused_beside_the_field_and_kept_as_typed(cast, login):
    session = _planned(cast)
    typed = "Trùng lịch " + "x" * 1000
    response = login(cast.province_officer).post(_url("session_cancel", session), {"reason": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert typed in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def test_the_office_cancels_with_its_reason_then_restores_and_the_members_are_told(cast, login):
    session = _planned(cast)
    client = login(cast.province_officer)
    response = client.post(_url("session_cancel", session), {"reason": REASON})
    assert response.status_code == 302 and response.url == _url("session_detail", session)
    page = client.get(_url("session_detail", session)).content.decode()
    assert 'data-testid="cancel-reason"' in page and REASON in page
    assert 'data-testid="restore-session"' in page
    assert AuditEvent.objects.get(action="council_session.cancel").changes["reason"] == REASON
    response = client.post(_url("session_restore", session))
    assert response.status_code == 302 and response.url == _url("session_detail", session)
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == (SessionStatus.PLANNED, "")
    page = client.get(_url("session_detail", session)).content.decode()
    assert 'data-testid="cancel-reason"' not in page and 'data-testid="restore-session"' not in page
    assert 'data-testid="cancel-session"' in page
    assert "Khôi phục phiên họp" in page  # the act, named in the session's history
    notices = Notification.objects.filter(user=cast.council_member).values_list("message", flat=True)
    assert any(REASON in n for n in notices) and any("khôi phục" in n for n in notices)


def test_a_double_click_on_restore_restores_once_and_says_why_the_second_did_nothing(cast, login):
    session = _cancelled(cast)
    client = login(cast.council_chair)
    first = client.post(_url("session_restore", session))
    second = client.post(_url("session_restore", session))
    assert first.status_code == second.status_code == 302
    told = [str(m) for m in get_messages(second.wsgi_request)]
    assert any("không ở trạng thái đã hủy" in m for m in told)
    assert AuditEvent.objects.filter(action="council_session.restore").count() == 1
    assert Notification.objects.filter(user=cast.council_member, message__contains="khôi phục").count() == 1


def test_a_cancelled_session_whose_day_has_passed_says_why_it_cannot_be_restored(cast, login):
    session = _cancelled(cast, day=dt.date(2026, 12, 1))
    client = login(cast.province_officer)
    page = client.get(_url("session_detail", session)).content.decode()
    assert 'data-testid="restore-session"' not in page
    assert 'data-testid="restore-refusal"' in page and "01/12/2026 đã qua" in page
    response = client.post(_url("session_restore", session), follow=True)
    assert "đã qua" in " ".join(str(m) for m in response.context["messages"])
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED


def test_members_and_viewers_are_refused_outsiders_do_not_find_the_session(cast, login):
    session = _cancelled(cast)
    for user in (cast.council_member, cast.viewer):
        client = login(user)
        assert client.post(_url("session_restore", session)).status_code == 403
        page = client.get(_url("session_detail", session))
        if page.status_code == 200:  # a member sees the session, its reason, and no button
            assert REASON in page.content.decode()
            assert 'data-testid="restore-session"' not in page.content.decode()
    outsider = login(cast.outsider)
    assert outsider.post(_url("session_restore", session)).status_code == 404
    assert outsider.get(_url("session_cancel", session)).status_code == 404
    chair = login(cast.council_chair)
    assert chair.get(_url("session_restore", session)).status_code == 405
    assert chair.post(reverse("evaluation:session_restore", args=[999999])).status_code == 404
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert not AuditEvent.objects.filter(action="council_session.restore").exists()


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_a_cancelled_sessions_page_asks_a_constant_number_of_queries(cast, login):
    session = _cancelled(cast)
    client = login(cast.province_officer)
    n1 = _count(client, _url("session_detail", session))
    card = session.items.get().registration.scorecard
    for i in range(9):
        registration = make_registration(cast, card, name=f"Thêm {i}")
        CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.PLANNED)
        planned = CouncilSession.objects.get(pk=session.pk)
        session_add_registration(session=planned, registration=registration, by=cast.province_officer)
        CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)
    page = client.get(_url("session_detail", session)).content.decode()
    assert 'data-testid="restore-session"' in page
    assert _count(client, _url("session_detail", session)) == n1
