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


def test_a_round_takes_the_criteria_version_its_new_dossiers_are_scored_on(cast):
    """QA: a round planned with QĐ 1048/2019 (a structure-only version) said 1048 while its dossiers were scored on
    the D26 scorecards."""
    from evaluation.models import CriteriaVersion, EvaluationRound

    d26, legacy = criteria_version(), criteria_version("1048/2019")
    with pytest.raises(ValidationError) as excinfo:
        round_create(by=cast.province_officer, level="province", year=2027, number=1, criteria_version=legacy)
    assert _errors(excinfo) == {
        "criteria_version": f"Hồ sơ mới của đợt này được chấm theo {d26}: đợt không dùng {legacy} được."
    }
    assert not EvaluationRound.objects.exists()
    assert round_create(by=cast.province_officer, level="province", year=2027, number=1).criteria_version == d26
    # A version taking effect later is the one of a round whose proposals close after it.
    later = CriteriaVersion.objects.create(legal_basis="1489/2025", title="Bộ sau", effective_from=dt.date(2027, 7, 1))
    second = round_create(by=cast.province_officer, level="province", year=2027, number=2)
    assert second.criteria_version == later
    with pytest.raises(ValidationError):  # a third round closing its proposals before it
        round_create(
            by=cast.province_officer,
            level="province",
            year=2027,
            number=3,
            proposals_due=dt.date(2027, 5, 30),
            done_by=dt.date(2027, 7, 30),
            criteria_version=later,
        )


def test_a_round_planned_late_takes_the_version_its_dossiers_are_filed_under(cast):
    """The first round of 2026 closed its proposals (30/04/2026) before D26 took effect; planned now, every
    dossier filed into it is scored on D26, and the round says so (not 148/2023)."""
    d26 = criteria_version()
    criteria_version("148/2023")
    late = round_create(by=cast.province_officer, level="province", year=2026, number=1)
    assert late.criteria_version == d26


def test_a_rounds_changed_dates_keep_its_year_and_its_dossiers_version(cast):
    from evaluation.models import CriteriaVersion, EvaluationRound
    from evaluation.services.rounds import round_update
    from evaluation.tests.factories import registration_in

    d26 = criteria_version()
    evaluation_round = round_create(by=cast.province_officer, level="province", year=2027, number=1)
    with pytest.raises(ValidationError) as excinfo:
        round_update(evaluation_round=evaluation_round, by=cast.province_officer, data={"done_by": dt.date(2028, 1, 5)})
    assert set(_errors(excinfo)) == {"done_by"}
    later = CriteriaVersion.objects.create(legal_basis="1489/2025", title="Bộ sau", effective_from=dt.date(2027, 7, 1))
    # Round 2 takes proposals until 30/10 at the latest (D26 Điều 5): planned to close them on 30/06, under D26.
    second = round_create(
        by=cast.province_officer, level="province", year=2027, number=2, proposals_due=dt.date(2027, 6, 30)
    )
    assert second.criteria_version == d26
    registration_in(cast, round=second)
    with pytest.raises(ValidationError) as excinfo:  # its dossiers are D26's: new ones would be the later set's
        round_update(evaluation_round=second, by=cast.province_officer, data={"proposals_due": dt.date(2027, 10, 30)})
    assert set(_errors(excinfo)) == {"proposals_due"}
    second.refresh_from_db()
    assert (second.proposals_due, second.criteria_version) == (dt.date(2027, 6, 30), d26)
    # Without dossiers the round follows its dates to the version its dossiers will take (an extra round here,
    # whose dates only keep to its year).
    empty = round_create(
        by=cast.province_officer,
        level="province",
        year=2027,
        number=3,
        basis="Quyết định 12/QĐ-UBND ban hành Quy chế; Kế hoạch 34/KH-UBND",
        proposals_due=dt.date(2027, 5, 30),
        done_by=dt.date(2027, 7, 30),
    )
    assert empty.criteria_version == d26
    move = {"proposals_due": dt.date(2027, 8, 30), "done_by": dt.date(2027, 10, 30)}
    round_update(evaluation_round=empty, by=cast.province_officer, data=move)
    assert EvaluationRound.objects.get(pk=empty.pk).criteria_version == later


def test_a_refused_status_change_names_the_statuses(cast):
    """Closing a round twice said “closed” to “closed”: the codes, not the statuses' names."""
    criteria_version()
    evaluation_round = round_create(by=cast.province_officer, level="province", year=2027, number=1)
    for status in (RoundStatus.OPEN, RoundStatus.EVALUATING, RoundStatus.CLOSED):
        round_set_status(evaluation_round=evaluation_round, status=status, by=cast.province_officer)
    with pytest.raises(ValidationError) as excinfo:
        round_set_status(evaluation_round=evaluation_round, status=RoundStatus.CLOSED, by=cast.province_officer)
    assert excinfo.value.messages == ["Không thể chuyển đợt từ “Đã kết thúc” sang “Đã kết thúc”."]


def test_a_double_click_on_the_next_status_is_told_it_is_done_not_blamed_on_someone_else(cast):
    from evaluation.models import EvaluationRound
    from ocop.edits import AlreadyDone

    criteria_version()
    evaluation_round = round_create(by=cast.province_officer, level="province", year=2027, number=1)
    second = EvaluationRound.objects.get(pk=evaluation_round.pk)  # the other copy of the click, read before the first
    round_set_status(evaluation_round=evaluation_round, status=RoundStatus.OPEN, by=cast.province_officer)
    with pytest.raises(AlreadyDone) as told:
        round_set_status(evaluation_round=second, status=RoundStatus.OPEN, by=cast.province_officer)
    assert "không cần làm lại" in told.value.messages[0] and "người khác" not in told.value.messages[0]
