"""A cancelled session one of whose dossiers went on another session is restored without it: its page says which
dossier a restore leaves out and why, "Khôi phục phiên họp" first shows a page listing them (nothing done yet), and
its confirmation restores the session with the others. For whoever runs the session (the office, the chair or
secretary); 403 for a member or a viewer, 404 for an outsider. (The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluation.choices import SessionStatus
from evaluation.models import CouncilSession
from evaluation.services.councils import session_add_registration
from ocop.models import AuditEvent

from .factories import make_council, make_registration, make_scorecard

pytestmark = pytest.mark.django_db

LEFT_OUT = "“Trà xanh” (đã được đưa vào phiên họp ngày 20/12/2026)"


def _cancelled_one_gone_elsewhere(cast):
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10), location="UBND tỉnh")
    card = make_scorecard()
    honey, tea = (make_registration(cast, card, name=name) for name in ("Mật ong hoa nhãn", "Trà xanh"))
    for registration in (honey, tea):
        session_add_registration(session=session, registration=registration, by=cast.province_officer)
    CouncilSession.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED, cancel_reason="Trùng lịch")
    other = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 20))
    session_add_registration(session=other, registration=tea, by=cast.province_officer)
    session.refresh_from_db()
    return session, honey, tea


def _url(name, session):
    return reverse(f"evaluation:{name}", args=[session.pk])


@pytest.mark.parametrize("role", ["province_officer", "council_chair"])
def test_it_lists_what_is_left_out_then_restores_the_session_without_it(cast, login, role):
    session, honey, tea = _cancelled_one_gone_elsewhere(cast)
    client = login(getattr(cast, role))
    page = client.get(_url("session_detail", session)).content.decode()
    assert 'data-testid="restore-session"' in page and 'data-testid="restore-refusal"' not in page
    assert 'data-testid="restore-left-out"' in page and LEFT_OUT in page

    asked = client.post(_url("session_restore", session))
    assert asked.status_code == 200
    text = asked.content.decode()
    assert 'data-testid="confirm-step"' in text
    assert "Hồ sơ “Trà xanh” không được đưa lại vào chương trình: đã được đưa vào phiên họp ngày 20/12/2026." in text
    assert "Chương trình phiên họp gồm: Mật ong hoa nhãn." in text
    assert f'name="leave_out" value="{tea.pk}"' in text
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED  # nothing done before the confirmation

    done = client.post(_url("session_restore", session), {"confirmed": "1", "leave_out": [str(tea.pk)]})
    assert done.status_code == 302 and done.url == _url("session_detail", session)
    assert any("không gồm 1 hồ sơ" in str(m) for m in get_messages(done.wsgi_request))
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert list(session.items.values_list("registration", flat=True)) == [honey.pk]


def test_a_confirmation_of_another_list_shows_the_page_again_as_it_is_now(cast, login):
    session, _honey, tea = _cancelled_one_gone_elsewhere(cast)
    response = login(cast.province_officer).post(_url("session_restore", session), {"confirmed": "1"})
    assert response.status_code == 200 and 'data-testid="confirm-step"' in response.content.decode()
    assert any("vừa thay đổi" in str(m) for m in get_messages(response.wsgi_request))
    assert f'name="leave_out" value="{tea.pk}"' in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED and session.items.count() == 2


def test_members_and_viewers_are_refused_outsiders_do_not_find_it(cast, login):
    session, _honey, tea = _cancelled_one_gone_elsewhere(cast)
    data = {"confirmed": "1", "leave_out": [str(tea.pk)]}
    for user in (cast.council_member, cast.viewer):
        client = login(user)
        assert client.post(_url("session_restore", session)).status_code == 403
        assert client.post(_url("session_restore", session), data).status_code == 403
        page = client.get(_url("session_detail", session))
        if page.status_code == 200:  # a member sees the session, no button and no list
            assert 'data-testid="restore-left-out"' not in page.content.decode()
    assert login(cast.outsider).post(_url("session_restore", session), data).status_code == 404
    assert login(cast.council_chair).put(_url("session_restore", session)).status_code == 405
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert not AuditEvent.objects.filter(action="council_session.restore").exists()
