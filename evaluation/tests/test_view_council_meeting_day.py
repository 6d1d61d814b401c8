"""The session page before the meeting's day: the chair's "Tổng hợp kết quả" is disabled, the discussion and
knock-out finding forms hidden and the roll's checkboxes disabled, the reason shown in their place; a POST sent anyway
is refused with that reason and writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.models import CouncilFinding, CouncilResult, CouncilSession, Discussion, KnockoutRule
from evaluation.models.councils import Attendance

from .factories import make_council, make_registration, make_scorecard, setup_scoring, submit

pytestmark = pytest.mark.django_db

NOT_YET = "Phiên họp ngày 10/12/2026 chưa diễn ra"  # the clock is pinned to 02/12/2026
POINTER = "Từ ngày họp 10/12/2026."  # where a form waits: the reason itself is said once, at the top


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
    assert POINTER in blocked and page.count(NOT_YET) == 1  # the reason once, at the top


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
    assert 'data-testid="discuss"' not in page and f'data-testid="discuss-ahead">{POINTER}' in page
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


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_roll_waits_for_the_meetings_day_and_a_post_is_refused(cast, login):
    council = make_council(cast, members=[("council_third", "member")])
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10), location="UBND tỉnh")
    client = login(cast.province_officer)  # runs the council's sessions
    page = client.get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    assert f'data-testid="attendance-ahead">{POINTER}' in page and NOT_YET in page and "Lưu điểm danh" not in page
    assert page.count('name="present"') == 3 and page.count('name="present"') == page.count(" disabled>")
    response = client.post(
        reverse("evaluation:session_attendance", args=[session.pk]),
        {"present": list(council.members.values_list("pk", flat=True))},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("evaluation:session_detail", args=[session.pk])
    assert NOT_YET in _messages(response) and not Attendance.objects.exists()


def test_on_the_meetings_day_the_roll_is_taken_as_before(cast, login):
    council = make_council(cast, members=[("council_third", "member")])
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 2), location="UBND tỉnh")
    client = login(cast.province_officer)
    page = client.get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    assert "Lưu điểm danh" in page and 'data-testid="attendance-ahead"' not in page
    client.post(reverse("evaluation:session_attendance", args=[session.pk]), {"present": [council.members.first().pk]})
    assert Attendance.objects.filter(session=session, present=True).count() == 1


def test_the_finding_form_waits_for_the_meetings_day_and_a_post_is_refused(cast, login):
    s = _meeting_on_the_10th(cast)
    rule = KnockoutRule.objects.create(scorecard=s.card, code="dossier", text="Giả mạo hồ sơ", order=1)
    client = login(cast.council_chair)
    page = _page(client, s)
    assert 'data-testid="finding-form"' not in page and 'data-testid="finding-ahead">' in page
    ahead = page[page.index('data-testid="finding-ahead"') :].split("</p>")[0]
    assert POINTER in ahead
    response = client.post(
        reverse("evaluation:finding_record", args=[s.item.pk]),
        {"rule": rule.pk, "evidence": "Giấy ATTP không có trong sổ cấp", "reason": "Giả mạo"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("evaluation:session_detail", args=[s.session.pk])
    assert NOT_YET in _messages(response) and not CouncilFinding.objects.exists()


def test_a_written_opinion_session_shows_no_roll_and_takes_findings_before_its_deadline(cast, login):
    from evaluation.choices import RegistrationKind, SessionMode
    from evaluation.services.councils import session_add_registration

    card = make_scorecard()
    council = make_council(cast, members=[("council_third", "member")])
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10), mode=SessionMode.WRITTEN)
    registration = make_registration(cast, card)
    registration.kind = RegistrationKind.REEVALUATION
    registration.save(update_fields=["kind"])
    session_add_registration(session=session, registration=registration, by=cast.province_officer)
    KnockoutRule.objects.create(scorecard=card, code="dossier", text="Giả mạo hồ sơ", order=1)
    page = login(cast.council_chair).get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    assert 'data-testid="finding-form"' in page and NOT_YET not in page
