"""The star rule (hạng sao): from the council's scores to a star, explained (ocop-domain.md §4).

One place implements the whole classification, so councils, imports and reports agree:

1. Knock-outs eliminate (Phụ lục II "Hồ sơ bị loại khi…", "Bị loại nếu…"): no star, no decision, no certificate.
   Those a score already states (`automatic_stops`: a 0 on a set 16 sensory indicator, "Có tạp chất", no product
   declaration in sets 19–20) are read from the sheets; the others are the council's findings.
2. The band comes from the mean of the members' totals, unrounded, half-open bands
   (D26 Điều 3.3: 5★ 90–100, 4★ 70 to <90, 3★ 50 to <70, 2★ 30 to <50, 1★ <30).
3. Star-minimum markers (Phụ lục II footnote "Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ sao"):
   the awarded star is the highest s ≤ band for which every marker of k ≤ s stars is met (cumulative —
   an interpretation; the law says only "yêu cầu tối thiểu"). A marker is met when the council's
   consolidated points for the criterion reach the points of the marked option.
4. At province level a mean of 90 or more is "tiềm năng 5 sao (đạt từ 90 trở lên)", approved and sent to the ministry
   (D26 Điều 7.3e), even when a 5★ marker is unmet: the 5★ markers are the central council's to judge (Điều 7.4d).
   A product that misses a 3★ or 4★ minimum is not: those minimums are required of every star above them, so it
   cannot reach 5★, and the province classifies it itself (3★ recognised, or not recognised).
5. Only ≥3★ leads to a recognition decision and a certificate (D26 Điều 4.1a).

Pure computation: no writes, no audit. Callers (council services) store the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from ..models import Option, Scorecard

CENT = Decimal("0.01")

# D26 Điều 3.3: lower bound of each band, highest first ("từ … đến dưới …").
BANDS: tuple[tuple[Decimal, int], ...] = (
    (Decimal("90"), 5),
    (Decimal("70"), 4),
    (Decimal("50"), 3),
    (Decimal("30"), 2),
)
RECOGNISED_MIN_STAR = 3  # D26 Điều 4.1a: certificates only for 3, 4 and 5 stars.


@dataclass(frozen=True)
class StarResult:
    mean_score: Decimal  # mean of member totals, quantized to 0.01 (ROUND_HALF_UP) for display/storage
    band_star: int  # 1..5 from the unrounded mean alone (D26 Điều 3.3)
    final_star: int  # after star-minimum markers; 0 when eliminated
    failed_markers: list[dict] = field(default_factory=list)
    # [{"criterion": "1.6", "min_star": 4, "required_points": 1, "points": 0}] — JSON-serialisable
    eliminated: bool = False
    knockouts: list[str] = field(default_factory=list)
    potential_five: bool = False  # level == "province", not eliminated, mean ≥ 90 (D26 Điều 7.3e)
    recognisable: bool = False  # not eliminated and final_star >= 3 (D26 Điều 4.1a)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def counted_points(points: Mapping[int, int], conditions: Mapping[int, int | None]) -> dict[int, int]:
    """The points each answered criterion counts for on a scorecard: a conditional criterion ("Chỉ áp dụng khi…":
    5.2 needs the product story of 5.1) counts 0 unless the criterion it depends on scores above 0. `points`:
    criterion id → the chosen option's points; `conditions`: criterion id → the id it depends on, or None. The
    council's sheets and the producer's self-assessment both count this way."""
    return {
        criterion: 0 if conditions.get(criterion) and not points.get(conditions[criterion]) else value
        for criterion, value in points.items()
    }


def not_applicable(points: Mapping[int, int], conditions: Mapping[int, int | None]) -> set[int]:
    """The conditional criteria ("Chỉ áp dụng khi có câu chuyện sản phẩm": 5.2 needs the story of 5.1) that do not
    apply: their condition is answered and scores 0. They count 0 (counted_points) and need no answer: a sheet is
    complete without them. `points`: criterion id → the points of its answer, for the answered criteria only;
    `conditions`: criterion id → the id it depends on, or None, for every criterion of the scorecard."""
    return {
        criterion
        for criterion, condition in conditions.items()
        if condition and condition in points and not points[condition]
    }


def star_band(mean: Decimal) -> int:
    """D26 Điều 3.3: the band of an UNROUNDED mean total; 89.999 is 4★, 90 is 5★."""
    mean = _dec(mean)
    for lower, star in BANDS:
        if mean >= lower:
            return star
    return 1


def mean_of(totals: Iterable[Decimal]) -> Decimal:
    """The unrounded mean of the members' totals ("tổng điểm trung bình", D26 Điều 3.3)."""
    values = [_dec(t) for t in totals]
    if not values:
        raise ValueError("star_result needs at least one member total")
    return sum(values, Decimal(0)) / len(values)


def scorecard_markers(scorecard: Scorecard) -> list[dict]:
    """Every star-minimum marker of a scorecard: criterion id/number, min_star and the marked option's points.

    One criterion can carry several markers (set 1, 4.1: ***, ****, *****). When one marker level appears on
    more than one option of a criterion (set 26 "Trường hợp 1/2"), the lowest marked points count, so a
    product is never held to the other case's option.
    """
    seen: dict[tuple[int, int], dict] = {}
    options = (
        Option.objects.filter(criterion__group__part__scorecard=scorecard, min_star__isnull=False)
        .select_related("criterion")
        .order_by("criterion__group__part__letter", "criterion__group__order", "criterion__order", "order")
    )
    for opt in options:
        key = (opt.criterion_id, opt.min_star)
        if key not in seen or opt.points < seen[key]["required_points"]:
            seen[key] = {
                "criterion_id": opt.criterion_id,
                "criterion": opt.criterion.number,
                "min_star": opt.min_star,
                "required_points": opt.points,
            }
    return list(seen.values())


@dataclass(frozen=True)
class AutoStop:
    """A knock-out rule that a score states: 0 points on any of `zero_on`, or one of `options` chosen."""

    rule_id: int
    code: str
    text: str
    criterion: str  # the number of the criterion the note is printed under ("" for a header rule)
    zero_on: frozenset[int]
    options: frozenset[int]


def automatic_stops(scorecard: Scorecard) -> list[AutoStop]:
    """The scorecard's stops that its scores state (Phụ lục II notes, as data on KnockoutRule), in sheet order."""
    from ..models import KnockoutRule

    rules = (
        KnockoutRule.objects.filter(scorecard=scorecard)
        .filter(Q(trigger_criteria__isnull=False) | Q(trigger_options__isnull=False))
        .distinct()
        .select_related("criterion")
        .prefetch_related("trigger_criteria", "trigger_options")
        .order_by("order")
    )
    return [
        AutoStop(
            rule_id=r.pk,
            code=r.code,
            text=r.text,
            criterion=r.criterion.number if r.criterion_id else "",
            zero_on=frozenset(c.pk for c in r.trigger_criteria.all()),
            options=frozenset(o.pk for o in r.trigger_options.all()),
        )
        for r in rules
    ]


def stops_stated(stops: Iterable[AutoStop], answers: Mapping[int, tuple[int | None, int]]) -> list[int]:
    """Rule ids the answers state. `answers`: criterion id → (option id or None, points) of ANSWERED criteria only
    (a criterion not yet answered states nothing)."""
    stated = []
    for stop in stops:
        for criterion_id, (option_id, points) in answers.items():
            if (criterion_id in stop.zero_on and points == 0) or (option_id is not None and option_id in stop.options):
                stated.append(stop.rule_id)
                break
    return stated


def _json_points(value: Decimal) -> int | float:
    value = _dec(value)
    return int(value) if value == value.to_integral_value() else float(value.quantize(CENT, ROUND_HALF_UP))


def star_result(
    *,
    scorecard: Scorecard,
    member_totals: list[Decimal],
    consolidated_points: Mapping[int, Decimal],
    knockouts: Iterable[str] = (),
    level: str = "province",
) -> StarResult:
    """Classify one product from its council's scores (rules 1–5 of the module docstring), reading the
    scorecard's star-minimum markers; `star_classify` does the rest without the database."""
    return star_classify(
        markers=scorecard_markers(scorecard),
        member_totals=member_totals,
        consolidated_points=consolidated_points,
        knockouts=knockouts,
        level=level,
    )


def star_classify(
    *,
    markers: Iterable[Mapping],
    member_totals: list[Decimal],
    consolidated_points: Mapping[int, Decimal],
    knockouts: Iterable[str] = (),
    level: str = "province",
) -> StarResult:
    """Pure: classify from the markers (`scorecard_markers`) and the council's scores.

    consolidated_points: criterion id → the council's consolidated points (mean of members' points by
    default); a criterion missing from the mapping counts as 0.
    failed_markers lists the unmet markers at or below the band (those that lowered, or would lower, the star),
    ordered as on the sheet.
    """
    mean = mean_of(member_totals)
    band = star_band(mean)
    knockouts = [str(k) for k in knockouts]
    eliminated = bool(knockouts)

    failed = []
    for marker in markers:
        points = _dec(consolidated_points.get(marker["criterion_id"], 0))
        if marker["min_star"] <= band and points < marker["required_points"]:
            failed.append(
                {
                    "criterion": marker["criterion"],
                    "min_star": marker["min_star"],
                    "required_points": marker["required_points"],
                    "points": _json_points(points),
                }
            )

    # Cumulative: a failed k-star marker caps the result at k-1; a failed *** one means ≤2★ (not recognised).
    final = band
    for marker in failed:
        final = min(final, marker["min_star"] - 1)
    if eliminated:
        final = 0

    return StarResult(
        mean_score=mean.quantize(CENT, ROUND_HALF_UP),
        band_star=band,
        final_star=final,
        failed_markers=failed,
        eliminated=eliminated,
        knockouts=knockouts,
        # D26 Điều 7.3e "tiềm năng đạt 5 sao (đạt từ 90 trở lên)": the score and the minimums below 5★ (rule 4).
        potential_five=(level == "province" and not eliminated and band == 5 and final >= 4),
        recognisable=(not eliminated and final >= RECOGNISED_MIN_STAR),
    )
