"""The star rule (evaluation/services/star_rule.py): D26 Điều 3.3 bands, Phụ lục II markers, knock-outs,
Điều 7.3e potential 5★ and Điều 4.1a recognition."""

import json
from decimal import Decimal as D

import pytest

from evaluation.services.star_rule import StarResult, star_band, star_result
from evaluation.tests.factories import criterion_by_number, load_real_criteria, small_scorecard


@pytest.mark.parametrize(
    ("mean", "star"),
    [
        ("0", 1),
        ("29.9", 1),
        ("29.99", 1),
        ("30", 2),
        ("49.9", 2),
        ("50", 3),
        ("69.9", 3),
        ("70", 4),
        ("89.9", 4),
        ("89.999", 4),
        ("90", 5),
        ("100", 5),
    ],
)
def test_it_bands_the_unrounded_mean_with_half_open_edges(mean, star):
    assert star_band(D(mean)) == star


@pytest.fixture
def card(db):
    return small_scorecard()


def full_points(card, **override):
    """Consolidated points that meet every marker, with overrides by criterion number ("1_1" → "1.1")."""
    points = {"1.1": 20, "1.2": 20, "4.1": 25, "6": 35}
    points.update({k.replace("_", "."): v for k, v in override.items()})
    return {criterion_by_number(card, n).id: D(v) for n, v in points.items()}


def test_it_computes_the_mean_of_member_totals_quantized_for_display(card):
    result = star_result(
        scorecard=card, member_totals=[D("72"), D("68"), D("75")], consolidated_points=full_points(card)
    )
    assert result.mean_score == D("71.67")
    assert result.band_star == 4
    assert result.final_star == 4
    assert result.recognisable is True
    assert result.potential_five is False


def test_it_bands_from_the_unrounded_mean_not_the_displayed_one(card):
    # 89.995 displays as 90.00 but is still below 90: 4★ (D26 Điều 3.3 "từ 70 đến dưới 90").
    result = star_result(scorecard=card, member_totals=[D("89.99"), D("90")], consolidated_points=full_points(card))
    assert result.mean_score == D("90.00")
    assert result.band_star == 4


@pytest.mark.parametrize(
    ("total", "star"), [("29.9", 1), ("30", 2), ("49.9", 2), ("50", 3), ("69.9", 3), ("70", 4), ("89.9", 4), ("90", 5)]
)
def test_it_gives_the_band_when_every_marker_is_met(card, total, star):
    result = star_result(scorecard=card, member_totals=[D(total)], consolidated_points=full_points(card))
    assert (result.band_star, result.final_star) == (star, star)
    assert result.failed_markers == []
    assert result.recognisable is (star >= 3)


def test_it_caps_at_three_stars_when_a_four_star_minimum_is_missed(card):
    result = star_result(scorecard=card, member_totals=[D("95")], consolidated_points=full_points(card, **{"1_1": 10}))
    assert result.band_star == 5
    assert result.final_star == 3
    assert result.failed_markers == [{"criterion": "1.1", "min_star": 4, "required_points": 20, "points": 10}]
    assert result.recognisable is True
    # A missed 4★ minimum is a missed minimum of 5★ too: the province recognises it at 3★ instead of forwarding a
    # "potential 5★" that its own result caps at 3★.
    assert result.potential_five is False


def test_it_caps_at_four_stars_when_only_a_five_star_minimum_is_missed(card):
    result = star_result(scorecard=card, member_totals=[D("92")], consolidated_points=full_points(card, **{"1_2": 10}))
    assert result.final_star == 4
    assert [m["min_star"] for m in result.failed_markers] == [5]


def test_it_forwards_a_province_result_of_90_or_more_missing_a_five_star_marker(card):
    """D26 Điều 7.3e: "sản phẩm có tiềm năng đạt 5 sao (đạt từ 90 trở lên)" goes to the ministry; the 5★ markers are
    the central council's to judge (Điều 7.4d), so the province does not stop it at 4★."""
    province = star_result(scorecard=card, member_totals=[D("92")], consolidated_points=full_points(card, **{"1_2": 0}))
    assert (province.band_star, province.potential_five) == (5, True)
    below = star_result(scorecard=card, member_totals=[D("89.99")], consolidated_points=full_points(card))
    assert below.potential_five is False


def test_it_refuses_recognition_when_a_three_star_minimum_is_missed(card):
    result = star_result(scorecard=card, member_totals=[D("80")], consolidated_points=full_points(card, **{"1_1": 0}))
    assert result.band_star == 4
    assert result.final_star == 2
    assert result.recognisable is False
    # Both the *** and the **** marker of 1.1 fail; both are listed, lowest first.
    assert [m["min_star"] for m in result.failed_markers] == [3, 4]


def test_it_does_not_forward_a_result_of_90_or_more_missing_a_three_star_minimum(card):
    result = star_result(scorecard=card, member_totals=[D("97")], consolidated_points=full_points(card, **{"1_1": 0}))
    assert (result.band_star, result.final_star) == (5, 2)
    assert result.potential_five is False and result.recognisable is False


def test_it_treats_a_criterion_missing_from_the_consolidated_points_as_zero(card):
    points = full_points(card)
    del points[criterion_by_number(card, "1.1").id]
    result = star_result(scorecard=card, member_totals=[D("75")], consolidated_points=points)
    assert result.final_star == 2


def test_it_compares_a_mean_of_member_points_against_the_marked_option(card):
    # Members gave 20, 20, 10 for 1.1: mean 16.67 < 20, so the **** minimum is not met.
    result = star_result(
        scorecard=card, member_totals=[D("75")], consolidated_points=full_points(card, **{"1_1": D("16.6667")})
    )
    assert result.final_star == 3
    assert result.failed_markers[0]["points"] == 16.67


def test_it_ignores_markers_above_the_band(card):
    # Band 3★: the missed ***** of 1.2 and **** of 1.1 cannot lower it and are not reported.
    result = star_result(
        scorecard=card, member_totals=[D("55")], consolidated_points=full_points(card, **{"1_1": 10, "1_2": 0})
    )
    assert result.final_star == 3
    assert result.failed_markers == []


def test_it_eliminates_on_a_knockout_whatever_the_score(card):
    result = star_result(
        scorecard=card, member_totals=[D("95")], consolidated_points=full_points(card), knockouts=["dossier"]
    )
    assert result.eliminated is True
    assert result.final_star == 0
    assert result.band_star == 5
    assert result.knockouts == ["dossier"]
    assert result.recognisable is False
    assert result.potential_five is False


def test_it_marks_a_five_star_province_result_as_potential_only(card):
    province = star_result(scorecard=card, member_totals=[D("90")], consolidated_points=full_points(card))
    central = star_result(
        scorecard=card, member_totals=[D("90")], consolidated_points=full_points(card), level="central"
    )
    assert (province.final_star, province.potential_five) == (5, True)
    assert (central.final_star, central.potential_five) == (5, False)


def test_it_returns_a_frozen_json_serialisable_result(card):
    result = star_result(scorecard=card, member_totals=[D("95")], consolidated_points=full_points(card, **{"1_1": 10}))
    assert isinstance(result, StarResult)
    json.dumps(result.failed_markers)  # stored in CouncilResult.failed_markers (JSONField)
    with pytest.raises(AttributeError):
        result.final_star = 5


def test_it_refuses_an_empty_council(card):
    with pytest.raises(ValueError):
        star_result(scorecard=card, member_totals=[], consolidated_points={})


@pytest.mark.django_db
def test_it_applies_the_worked_example_of_set_one():
    """ocop-domain.md §4: 72/68/75 → 71.67, band 4★; no environmental file (1.6 = 0, its lowest option is the
    **** minimum) caps the product at 3★ when every *** minimum is met."""
    from evaluation.models import Option, Scorecard

    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=1)
    best = {}
    for opt in Option.objects.filter(criterion__group__part__scorecard=card):
        best[opt.criterion_id] = max(best.get(opt.criterion_id, 0), opt.points)
    points = {cid: D(p) for cid, p in best.items()}
    points[criterion_by_number(card, "1.6").id] = D(0)

    result = star_result(scorecard=card, member_totals=[D("72"), D("68"), D("75")], consolidated_points=points)

    assert (result.mean_score, result.band_star, result.final_star) == (D("71.67"), 4, 3)
    assert result.failed_markers == [{"criterion": "1.6", "min_star": 4, "required_points": 1, "points": 0}]
