"""The session page before the meeting's day: the chair's "Tổng hợp kết quả" is disabled and the discussion form
hidden, the reason shown in their place; a POST sent anyway is refused with that reason and writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.models import CouncilResult, CouncilSession, Discussion

from .factories import setup_scoring, submit

pytestmark = pytest.mark.django_db

NOT_YET = "Phiên họp ngày 10/12/2026 chưa diễn ra"  # the clock is pinned to 02/12/2026


def _meeting_on_the_10th(cast, *, spread=False):
    s = setup_scoring(cast)
    CouncilSession.objects.filter(pk=s.session.pk).update(date=dt.date(2026, 12, 10))
    s.session.refresh_from_db()
    submit(s.item, s.chair, s.card, take=False)
    submit(s.item, s.member, s.card, take=False)
    submit(s.item, s.others[0], s.card, take=False, **({"c1": 0, "c2": 1} if spread else {}))
    return s


def _page(client, s) -> str:
    return client.get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()


def test_the_chair_sees_the_result_disabled_with_the_meetings_day_as_the_reason(cast, login):
    s = _meeting_on_the_10th(cast)
    page = _page(login(cast.council_chair), s)
    assert f'data-testid="finalise" disabled aria-describedby="why-not-{s.item.pk}"' in page
    blocked = page[page.index('data-testid="finalise-blocked"') :].split("</span>")[0]
    assert NOT_YET in blocked


def test_a_result_sent_before_the_meetings_day_is_refused_with_the_reason(cast, login):
    s = _meeting_on_the_10th(cast)
    client = login(cast.council_chair)
    response = client.post(reverse("evaluation:item_finalise", args=[s.item.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("evaluation:session_detail", args=[s.session.pk])
    assert NOT_YET in " ".join(str(m) for m in response.context["messages"])
    assert not CouncilResult.objects.exists()


def test_the_discussion_form_waits_for_the_meetings_day_and_a_post_is_refused(cast, login):
    s = _meeting_on_the_10th(cast, spread=True)
    client = login(cast.council_chair)
    page = _page(client, s)
    assert 'data-testid="needs-discussion"' in page  # sheets are in: the chair prepares the discussion
    assert 'data-testid="discuss"' not in page and f'data-testid="discuss-ahead">{NOT_YET}' in page
    response = client.post(
        reverse("evaluation:item_discuss", args=[s.item.pk]), {"note": "Thống nhất tiêu chí 6.1."}, follow=True
    )
    assert NOT_YET in " ".join(str(m) for m in response.context["messages"])
    assert not Discussion.objects.exists()


def test_on_the_meetings_day_the_chair_acts_as_before(cast, login, time_machine):
    from django.utils import timezone

    s = _meeting_on_the_10th(cast)
    time_machine.move_to(dt.datetime(2026, 12, 10, 8, 30, tzinfo=timezone.get_current_timezone()))
    client = login(cast.council_chair)
    page = _page(client, s)
    assert 'data-testid="finalise" disabled' not in page and NOT_YET not in page
    assert client.post(reverse("evaluation:item_finalise", args=[s.item.pk])).status_code == 302
    assert CouncilResult.objects.filter(item=s.item).exists()
