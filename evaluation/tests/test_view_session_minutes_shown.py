"""The session page shows the minutes' number and the meeting's start and end once recorded, as the minutes print them
(services.session_minutes): before, only the PDF did, and whoever runs the session had to open the form to see what
was recorded. Everyone who sees the session sees them; whoever runs it (the office, the chair or secretary) also gets
the link to change them. (The clock is pinned to 02/12/2026 10:00.)"""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.models import CouncilSession

from .factories import setup_scoring

pytestmark = pytest.mark.django_db


def _recorded(cast, **fields):
    s = setup_scoring(cast)
    fields = fields or {"minutes_number": "05/BB-HĐ", "start_time": dt.time(8, 0), "end_time": dt.time(9, 45)}
    CouncilSession.objects.filter(pk=s.session.pk).update(**fields)
    return s.session


def _page(login, user, session):
    return login(user).get(reverse("evaluation:session_detail", args=[session.pk]))


@pytest.mark.parametrize(
    "role,edits",
    [
        ("province_officer", True),  # the office managing the council
        ("council_chair", True),
        ("council_member", False),
        ("viewer", False),  # read-only
    ],
)
def test_it_shows_the_minutes_number_and_times_and_the_link_to_whoever_may_change_them(cast, login, role, edits):
    session = _recorded(cast)
    response = _page(login, getattr(cast, role), session)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="minutes-record"' in page
    assert "Biên bản số 05/BB-HĐ" in page
    assert "Họp ngày 02/12/2026, từ 08:00 đến 09:45" in page
    edit = reverse("evaluation:session_minutes", args=[session.pk])
    assert ('data-testid="minutes-record-edit"' in page) is edits
    assert (f'href="{edit}"' in page) is edits


def test_an_outsider_does_not_find_the_session(cast, login):
    session = _recorded(cast)
    assert _page(login, cast.outsider, session).status_code == 404


def test_only_what_was_recorded_is_shown(cast, login):
    session = _recorded(cast, start_time=dt.time(8, 0))
    page = _page(login, cast.council_chair, session).content.decode()
    assert "Họp ngày 02/12/2026, bắt đầu lúc 08:00" in page and "Biên bản số" not in page
    CouncilSession.objects.filter(pk=session.pk).update(minutes_number="07/BB-HĐ", start_time=None)
    page = _page(login, cast.council_chair, session).content.decode()
    assert "Biên bản số 07/BB-HĐ" in page and 'data-testid="minutes-times"' not in page


def test_nothing_recorded_shows_nothing(cast, login):
    session = setup_scoring(cast).session
    page = _page(login, cast.council_chair, session).content.decode()
    assert 'data-testid="minutes-record"' not in page
