"""D26 Điều 5: a province evaluates at least twice a year (5.1), the ministry too (5.2). Nothing told the office that
planned only one round of the year: the demo's province had no round 2/2026 on 02/12/2026, four weeks before the day
it must be done by. The round list now says which of the year's two rounds its office has not planned, and by when
each is due; only to those who plan rounds, and only their own office's."""

import pytest
from django.urls import reverse

from evaluation.choices import Level
from evaluation.models import EvaluationRound
from evaluation.tests.factories import criteria_version, province_round

pytestmark = pytest.mark.django_db

ROUND_2 = (
    "Năm 2026 chưa có đợt 2: Điều 5.1 Quyết định 26/2026/QĐ-TTg yêu cầu tỉnh đánh giá ít nhất 02 đợt trong năm; "
    "đợt 2 hoàn thành trước ngày 30/12/2026 cho các hồ sơ UBND xã đề nghị trước ngày 30/10/2026."
)


def _alerts(client) -> list[str]:
    page = client.get(reverse("evaluation:round_list"))
    assert page.status_code == 200
    html = page.content.decode()
    return [" ".join(part.split("</div>")[0].split()) for part in html.split('data-testid="round-not-planned">')[1:]]


def test_the_province_office_is_told_of_the_round_of_the_year_it_has_not_planned(cast, login):
    province_round(cast.province, number=1)
    province_round(cast.other_province, number=2)  # another province's round 2 is not this one's
    alerts = _alerts(login(cast.province_officer))
    assert len(alerts) == 1 and alerts[0].startswith(ROUND_2)
    assert 'href="/' in alerts[0]  # its last day has not passed: the link to plan it

    province_round(cast.province, number=2)
    assert _alerts(login(cast.province_officer)) == []


def test_a_round_whose_last_day_has_passed_is_told_without_the_link(cast, login):
    province_round(cast.province, number=2)
    alerts = _alerts(login(cast.province_officer))
    assert len(alerts) == 1 and "chưa có đợt 1" in alerts[0] and "trước ngày 30/06/2026" in alerts[0]
    assert "href" not in alerts[0]


@pytest.mark.parametrize("who", ["viewer", "advisory_member", "commune_officer", "producer_owner"])
def test_only_those_who_plan_rounds_are_told(cast, login, who):
    assert _alerts(login(getattr(cast, who))) == []


def test_the_ministry_is_told_of_its_own_rounds(cast, login):
    EvaluationRound.objects.create(
        level=Level.CENTRAL,
        year=2026,
        number=1,
        title="Đợt 1/2026",
        criteria_version=criteria_version(),
        proposals_due="2026-07-30",
        done_by="2026-09-30",
    )
    alerts = _alerts(login(cast.central_officer))
    assert len(alerts) == 1 and "chưa có đợt 2: Điều 5.2" in alerts[0]
    assert "hoàn thành trước ngày 30/03/2027 cho các hồ sơ UBND tỉnh đề nghị trước ngày 30/01/2027" in alerts[0]
