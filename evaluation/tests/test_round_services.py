"""Rounds (đợt đánh giá, D26 Điều 5): default calendar and who may plan them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.choices import RoundStatus
from evaluation.services.rounds import round_create, round_default_dates, round_set_status
from evaluation.tests.factories import criteria_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "level,number,due,done",
    [
        ("province", 1, dt.date(2026, 4, 30), dt.date(2026, 6, 30)),
        ("province", 2, dt.date(2026, 10, 30), dt.date(2026, 12, 30)),
        ("central", 1, dt.date(2026, 7, 30), dt.date(2026, 9, 30)),
        ("central", 2, dt.date(2027, 1, 30), dt.date(2027, 3, 30)),
    ],
)
def test_it_knows_the_d26_calendar(level, number, due, done):
    assert round_default_dates(level=level, year=2026, number=number) == (due, done)


def test_a_province_officer_plans_a_round_of_their_province(cast):
    criteria_version()
    evaluation_round = round_create(
        by=cast.province_officer, level="province", year=2026, number=2, unit=cast.other_province
    )
    assert evaluation_round.unit == cast.province  # never another province
    assert evaluation_round.proposals_due == dt.date(2026, 10, 30) and evaluation_round.done_by == dt.date(2026, 12, 30)
    assert evaluation_round.criteria_version.legal_basis == "26/2026"
    with pytest.raises(ValidationError):  # the same round twice
        round_create(by=cast.province_officer, level="province", year=2026, number=2)


@pytest.mark.parametrize("who", ["viewer", "commune_officer", "advisory_member", "producer_owner"])
def test_others_may_not_plan_rounds(cast, who):
    criteria_version()
    with pytest.raises(PermissionDenied):
        round_create(by=getattr(cast, who), level="province", year=2027, number=1)


def test_only_the_ministry_plans_central_rounds_and_nobody_plans_district_ones(cast):
    criteria_version()
    with pytest.raises(PermissionDenied):
        round_create(by=cast.province_officer, level="central", year=2026, number=1)
    central = round_create(by=cast.central_officer, level="central", year=2026, number=2)
    assert central.unit is None and central.done_by == dt.date(2027, 3, 30)
    with pytest.raises(ValidationError):
        round_create(by=cast.admin, level="district", year=2026, number=1, unit=cast.province)


def test_dates_must_be_ordered(cast):
    criteria_version()
    with pytest.raises(ValidationError):
        round_create(
            by=cast.province_officer,
            level="province",
            year=2027,
            number=1,
            proposals_due=dt.date(2027, 6, 30),
            done_by=dt.date(2027, 4, 30),
        )


def test_round_status_moves_forward_one_step_at_a_time(cast):
    criteria_version()
    evaluation_round = round_create(by=cast.province_officer, level="province", year=2027, number=1)
    round_set_status(evaluation_round=evaluation_round, status=RoundStatus.OPEN, by=cast.province_officer)
    with pytest.raises(ValidationError):
        round_set_status(evaluation_round=evaluation_round, status=RoundStatus.CLOSED, by=cast.province_officer)
    assert evaluation_round.status == RoundStatus.OPEN


def test_only_the_rounds_organiser_moves_it(cast):
    """The ministry moves central rounds, a province its own; the service checks it whatever the page offered."""
    from django.core.exceptions import PermissionDenied

    from evaluation.choices import Level
    from evaluation.services.rounds import round_create, round_set_status
    from evaluation.tests.factories import criteria_version, province_round

    central = round_create(
        by=cast.central_officer, level=Level.CENTRAL, year=2026, number=1, criteria_version=criteria_version()
    )
    with pytest.raises(PermissionDenied):
        round_set_status(evaluation_round=central, status="open", by=cast.province_officer)
    other = province_round(cast.other_province, status="planned")
    with pytest.raises(PermissionDenied):
        round_set_status(evaluation_round=other, status="open", by=cast.province_officer)
    assert round_set_status(evaluation_round=other, status="open", by=cast.central_officer).status == "open"
    central.refresh_from_db()
    assert central.status == "planned"


def _errors(excinfo) -> dict:
    return {field: " ".join(messages) for field, messages in excinfo.value.message_dict.items()}


def test_a_rounds_dates_fall_in_its_year(cast):
    """QA: a round of 2027 was planned with the deadlines of 2019 (D26 Điều 5: the programme runs by year)."""
    from evaluation.models import EvaluationRound

    criteria_version()
    # A province's second round ends by 30/12: its year's, never the next one's.
    with pytest.raises(ValidationError) as excinfo:
        round_create(by=cast.province_officer, level="province", year=2027, number=2, done_by=dt.date(2028, 1, 15))
    assert set(_errors(excinfo)) == {"done_by"}
    with pytest.raises(ValidationError) as excinfo:
        round_create(
            by=cast.province_officer,
            level="province",
            year=2027,
            number=1,
            proposals_due=dt.date(2019, 4, 30),
            done_by=dt.date(2019, 6, 30),
        )
    in_2027 = "Ngày này phải nằm trong năm của đợt: từ 01/01/2027 đến 31/12/2027."
    assert _errors(excinfo) == {"proposals_due": in_2027, "done_by": in_2027}
    assert not EvaluationRound.objects.exists()
    # The ministry's second round closes early the next year (30/01 → 30/3), and no later.
    with pytest.raises(ValidationError) as excinfo:
        round_create(by=cast.central_officer, level="central", year=2027, number=2, done_by=dt.date(2028, 4, 15))
    assert _errors(excinfo) == {"done_by": "Ngày này phải nằm trong năm của đợt: từ 01/01/2027 đến 30/03/2028."}
    central = round_create(by=cast.central_officer, level="central", year=2027, number=2)
    assert (central.proposals_due, central.done_by) == (dt.date(2028, 1, 30), dt.date(2028, 3, 30))
