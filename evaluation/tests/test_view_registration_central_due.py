"""A dossier sent to the ministry waits on the central calendar (D26 Điều 5: proposals from the provinces before
30/7 are done before 30/9, before 30/01 before 30/3), not on its province's round: the demo's potential 5★ said
"Đang chờ: Hội đồng trung ương — đợt kết thúc trước 30/12/2026", the provincial round's last day."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from evaluation.choices import Level, RegistrationStatus
from evaluation.models import CouncilSession, EvaluationRound
from evaluation.selectors.deadlines import registration_round_due
from evaluation.services.checks import completion_due_limit
from evaluation.tests.factories import notice_paper

from .factories import central_session, criteria_version, forwarded_to_central, province_round, registration_in, submit

pytestmark = pytest.mark.django_db

VIETNAM = dt.timezone(dt.timedelta(hours=7))


def _sent_to_the_ministry(cast, **letter):
    """The demo's case: a potential 5★ of the province's round 2/2026 (done by 30/12/2026), sent to the ministry by
    the province's letter (today, 02/12/2026, unless `letter` says)."""
    from .factories import potential_five, refer_central

    s = potential_five(cast)
    s.registration.round = province_round(cast.province)
    s.registration.save(update_fields=["round"])
    s.registration = refer_central(s.registration, cast.province_officer, **letter)
    assert s.registration.status == RegistrationStatus.FORWARDED_TO_CENTRAL
    return s


def _waiting(client, registration) -> str:
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    return page.split('data-testid="waiting-for"', 1)[1].split("</div>", 1)[0]


def _central_round(year=2026, number=2, **dates) -> EvaluationRound:
    return EvaluationRound.objects.create(
        level=Level.CENTRAL,
        year=year,
        number=number,
        proposals_due=dates.get("proposals_due", dt.date(year + 1, 1, 30)),
        done_by=dates.get("done_by", dt.date(year + 1, 3, 30)),
        criteria_version=criteria_version(),
        status="open",
    )


def test_a_dossier_sent_in_december_waits_for_the_central_round_done_before_30_march(cast, login):
    s = _sent_to_the_ministry(cast)
    line = _waiting(login(cast.province_officer), s.registration)
    assert "Hội đồng trung ương" in line
    assert "đợt cấp trung ương kết thúc trước 30/03/2027" in line and "Bộ chưa xếp đợt" in line
    assert "30/12/2026" not in line  # the province's round is over for it


def test_a_dossier_sent_before_30_july_waits_for_the_round_done_before_30_september(cast, login):
    with time_machine.travel(dt.datetime(2026, 7, 15, 9, tzinfo=VIETNAM), tick=False):
        s = _sent_to_the_ministry(cast)
        assert "kết thúc trước 30/09/2026" in _waiting(login(cast.central_officer), s.registration)


def test_the_ministrys_planned_round_gives_its_own_date(cast, login):
    s = _sent_to_the_ministry(cast)
    _central_round(done_by=dt.date(2027, 3, 15))
    line = _waiting(login(cast.province_officer), s.registration)
    assert "đợt cấp trung ương kết thúc trước 15/03/2027" in line and "Bộ chưa xếp đợt" not in line


def test_the_round_of_the_central_session_that_takes_it_governs(cast, login):
    s = _sent_to_the_ministry(cast)
    _central_round(done_by=dt.date(2027, 3, 15))
    later = _central_round(year=2027, number=1, proposals_due=dt.date(2027, 7, 30), done_by=dt.date(2027, 9, 30))
    central_session(cast, s)
    CouncilSession.objects.filter(council__level=Level.CENTRAL).update(round=later)
    due = registration_round_due(s.registration)
    assert (due.on, due.evaluation_round) == (dt.date(2027, 9, 30), later)
    assert "kết thúc trước 30/09/2027" in _waiting(login(cast.central_officer), s.registration)


def test_scored_by_the_central_council_it_still_waits_on_the_central_round(cast, login):
    s = forwarded_to_central(cast)
    s.registration.round = province_round(cast.province)
    s.registration.save(update_fields=["round"])
    item, members = central_session(cast, s)
    for member in members:
        submit(item, member, s.card, c2=2)
    s.registration.refresh_from_db()
    assert s.registration.status == RegistrationStatus.SCORED
    line = _waiting(login(cast.central_officer), s.registration)
    assert "kết thúc trước 30/03/2027" in line and "30/12/2026" not in line


def test_a_dossier_the_province_evaluates_keeps_its_rounds_date(cast, login):
    registration = registration_in(cast, status=RegistrationStatus.ADVISORY_REVIEW)
    line = _waiting(login(cast.province_officer), registration)
    assert "đợt kết thúc trước 30/12/2026" in line and "trung ương" not in line
    # The same rule limits the day the producer may be given to complete it.
    assert completion_due_limit(registration) == (dt.date(2026, 12, 30), "done_by")
    submitted = registration_in(cast, status=RegistrationStatus.SUBMITTED)
    assert completion_due_limit(submitted) == (dt.date(2026, 10, 30), "proposals_due")


def test_the_producer_learns_of_the_central_round_only_with_the_result(cast, login):
    """Until the province tells the producer the result (Điều 7.3g), the central calendar on its page would tell
    that the dossier reached 90 points and went to the ministry: it reads its own round's date, as before."""
    from evaluation.services.notices import registration_notify_result

    s = _sent_to_the_ministry(cast)
    client = login(cast.producer_owner)
    line = _waiting(client, s.registration)
    assert "đợt kết thúc trước 30/12/2026" in line and "trung ương" not in line and "30/03/2027" not in line
    registration_notify_result(registration=s.registration, by=cast.province_officer, **notice_paper())
    assert "đợt cấp trung ương kết thúc trước 30/03/2027" in _waiting(client, s.registration)


def test_the_ministry_officer_is_told_the_next_step_is_a_central_session_not_that_nothing_is_left(cast, login):
    """At the ministry the dossier's page said to the central officer "Không có thao tác nào dành cho bạn ở bước
    này", though the ministry is the next to act: it puts the dossier on its council's session."""
    s = _sent_to_the_ministry(cast)
    url = reverse("evaluation:registration_detail", args=[s.registration.pk])
    page = login(cast.central_officer).get(url).content.decode()
    actions = page.split('data-testid="actions"', 1)[1]
    assert f'href="{reverse("evaluation:session_list")}" data-testid="central-next"' in actions
    assert "Không có thao tác nào dành cho bạn ở bước này." not in actions
    # The province has nothing more to do there, and is not shown the ministry's step.
    province = login(cast.province_officer).get(url).content.decode()
    assert 'data-testid="central-next"' not in province
    # Once on a session's agenda, the step is done: the page leads to that session instead.
    item, _members = central_session(cast, s)
    page = login(cast.central_officer).get(url).content.decode()
    link = f'href="{reverse("evaluation:session_detail", args=[item.session.pk])}" data-testid="central-next"'
    assert link in page and f"Phiên họp Hội đồng cấp trung ương ngày {item.session.date:%d/%m/%Y}" in page
    assert "Đưa vào phiên họp Hội đồng cấp trung ương" not in page
