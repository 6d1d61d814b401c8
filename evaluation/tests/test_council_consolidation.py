"""The council's consolidation without the database: means, spread, star and where the result takes the dossier.

No test here is marked django_db, so pytest-django refuses any query: the functions must be pure."""

from decimal import Decimal as D

from evaluation.choices import RegistrationStatus as S
from evaluation.services.council_rule import (
    MemberSheet,
    consolidate,
    finalise_refusal,
    needs_discussion,
    quorum,
    result_ready,
    round_check,
    totals_mean,
    totals_spread,
)

# Two parts: A holds criteria 1 and 2, B holds criterion 3.
CRITERIA = [1, 2, 3]
PART_OF = {1: "A", 2: "A", 3: "B"}
PARTS = ["A", "B"]
# A 4★ minimum on criterion 2: at least 5 points.
MARKERS = [{"criterion_id": 2, "criterion": "1.2", "min_star": 4, "required_points": 5}]


def _run(sheets, *, markers=(), knockouts=(), level="province"):
    return consolidate(
        sheets=sheets,
        criteria=CRITERIA,
        part_of=PART_OF,
        parts=PARTS,
        markers=list(markers),
        knockouts=list(knockouts),
        level=level,
    )


def test_it_takes_the_mean_of_the_members_points_per_criterion_and_per_part():
    outcome = _run(
        [
            MemberSheet(1, D("80"), {1: 10, 2: 6, 3: 64}),
            MemberSheet(2, D("75"), {1: 9, 2: 5}),  # criterion 3 unanswered: counts 0
        ]
    )
    assert outcome.consolidated == {1: D("9.5"), 2: D("5.5"), 3: D("32")}
    assert outcome.part_means == {"A": "15.00", "B": "32.00"}
    assert outcome.totals == [D("80"), D("75")]
    assert outcome.spread == D("5")
    assert outcome.star.mean_score == D("77.50")
    assert outcome.star.final_star == 4
    assert outcome.step.target == S.SCORED


def test_an_unmet_star_minimum_lowers_the_star_and_the_dossier_is_not_recognised_below_three():
    met = _run([MemberSheet(1, D("75"), {2: 5})], markers=MARKERS)
    assert (met.star.final_star, met.star.failed_markers) == (4, [])
    unmet = _run([MemberSheet(1, D("75"), {2: 4}), MemberSheet(2, D("75"), {2: 5})], markers=MARKERS)
    assert unmet.star.final_star == 3  # a mean of 4.5 < 5 caps the 4★ band at 3★
    assert unmet.star.failed_markers[0]["points"] == 4.5
    low = _run([MemberSheet(1, D("45"), {})])
    assert (low.star.final_star, low.step.target) == (2, S.NOT_RECOGNISED)


def test_ninety_at_province_goes_to_the_ministry_and_at_central_is_scored():
    sheets = [MemberSheet(1, D("92"), {}), MemberSheet(2, D("88"), {})]
    province = _run(sheets)
    # Through the Chủ tịch UBND tỉnh's approval and the province's letter (Điều 7.3e): workflow row refer_central.
    assert province.star.potential_five and province.step.target == S.PROVINCE_APPROVAL
    central = _run(sheets, level="central")
    assert not central.star.potential_five
    assert (central.star.final_star, central.step.target) == (5, S.SCORED)


def test_a_knockout_eliminates_whatever_the_score_and_no_sheet_counts_as_zero():
    outcome = _run([], knockouts=["Hồ sơ giả mạo — Giấy tờ giả"])
    assert outcome.totals == [D("0")] and outcome.spread == D("0")
    assert outcome.star.eliminated and outcome.star.final_star == 0
    assert outcome.step.target == S.ELIMINATED
    assert outcome.step.name == "council_eliminate"


def test_the_chair_is_refused_without_quorum_missing_sheets_or_a_pending_rescore():
    ok = {"quorum_met": True, "all_submitted": True, "has_findings": False, "needs_discussion": False}
    spread = D("10.00")
    assert finalise_refusal(**ok, max_spread=spread) is None
    assert "túc số" in finalise_refusal(**{**ok, "quorum_met": False}, max_spread=spread)
    assert "chưa nộp phiếu" in finalise_refusal(**{**ok, "all_submitted": False}, max_spread=spread)
    # A finding of the council stops the evaluation: sheets still missing do not hold the result back.
    assert finalise_refusal(**{**ok, "all_submitted": False, "has_findings": True}, max_spread=spread) is None
    rescore = finalise_refusal(**{**ok, "needs_discussion": True}, max_spread=spread)
    # The allowed spread as people read it (a council's default 10.00 once read "1E+1" here).
    assert "vượt 10,00 điểm" in rescore and "chấm lại" in rescore


QUORUM = {"numerator": 3, "denominator": 4, "chair_required": True}


def test_quorum_is_the_fraction_of_members_rounded_up_with_the_chair_present():
    assert quorum(members_total=7, eligible=6, chair_present=True, **QUORUM).required == 6  # ⌈7 × 3/4⌉ = ⌈5.25⌉
    assert quorum(members_total=7, eligible=6, chair_present=True, **QUORUM).met
    assert not quorum(members_total=7, eligible=5, chair_present=True, **QUORUM).met
    assert not quorum(members_total=7, eligible=7, chair_present=False, **QUORUM).met
    assert quorum(members_total=7, eligible=6, chair_present=False, **{**QUORUM, "chair_required": False}).met
    central = {"numerator": 5, "denominator": 7, "chair_required": True}
    assert quorum(members_total=9, eligible=7, chair_present=True, **central).required == 7  # ⌈6.43⌉
    # No member at all still needs one scorer: an empty council never has quorum.
    empty = quorum(members_total=0, eligible=0, chair_present=False, **{**QUORUM, "chair_required": False})
    assert (empty.required, empty.met) == (1, False)


def test_the_mean_is_shown_to_two_decimals_and_the_spread_is_highest_minus_lowest():
    assert totals_mean([D("80"), D("75"), D("70.5")]) == D("75.17")  # 75.1666…
    assert totals_spread([D("80"), D("75"), D("70.5")]) == D("9.5")


def test_a_spread_over_the_allowed_maximum_or_a_split_stop_sends_the_round_to_discussion():
    within = round_check(totals=[D("80"), D("70")], stated_stops=[[3], [3]], max_spread=D("10"))
    assert (within.spread_exceeded, within.stops_agreed, within.stop_split) == (False, [3], [])
    wide = round_check(totals=[D("80"), D("69.99")], stated_stops=[[], None], max_spread=D("10"))
    assert wide.spread_exceeded and wide.stop_split == []
    split = round_check(totals=[D("80"), D("79")], stated_stops=[[3, 5], [5]], max_spread=D("10"))
    assert (split.stops_agreed, split.stop_split) == ([5], [3])

    assert needs_discussion(all_sheets_in=True, has_findings=False, check=wide)
    assert needs_discussion(all_sheets_in=True, has_findings=False, check=split)
    assert not needs_discussion(all_sheets_in=True, has_findings=False, check=within)
    assert not needs_discussion(all_sheets_in=False, has_findings=False, check=wide)  # sheets still coming in
    assert not needs_discussion(all_sheets_in=True, has_findings=True, check=wide)  # a finding stops it instead
    assert not needs_discussion(all_sheets_in=True, has_findings=False, check=None)


def test_the_result_is_ready_with_quorum_and_every_sheet_in_or_a_finding():
    ok = {"has_result": False, "quorum_met": True, "has_findings": False, "all_sheets_in": True, "discuss": False}
    assert result_ready(**ok)
    assert not result_ready(**{**ok, "has_result": True})
    assert not result_ready(**{**ok, "quorum_met": False})
    assert not result_ready(**{**ok, "discuss": True})
    assert not result_ready(**{**ok, "all_sheets_in": False})
    assert result_ready(**{**ok, "all_sheets_in": False, "has_findings": True})
    assert not result_ready(**{**ok, "has_findings": True, "quorum_met": False})
