"""The session page counts the sheets already in before attendance is taken (issue 12 item 15: it said
"Đã nộp 0/0 phiếu" while two sheets were in)."""

import pytest
from django.urls import reverse

from evaluation.models.councils import Attendance

from .factories import setup_scoring, submit

pytestmark = pytest.mark.django_db


def _sheets_in(client, session):
    page = client.get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    start = page.index('data-testid="sheets-in">') + len('data-testid="sheets-in">')
    return page[start : page.index("</span>", start)].strip()


def test_it_counts_the_sheets_in_before_attendance(cast, login):
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)
    submit(s.item, s.member, s.card)
    Attendance.objects.filter(session=s.session).delete()  # the secretary has not taken attendance yet
    assert _sheets_in(login(cast.council_chair), s.session) == "Đã nộp 2/3 phiếu"


def test_after_attendance_it_counts_over_the_members_present(cast, login):
    s = setup_scoring(cast, present=[cast.council_chair, cast.council_member])
    submit(s.item, s.chair, s.card)
    assert _sheets_in(login(cast.council_chair), s.session) == "Đã nộp 1/2 phiếu"
