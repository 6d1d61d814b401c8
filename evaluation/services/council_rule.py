"""The council's result rule (ocop-domain.md §7, the council's Quy chế), pure: no query (but the session's council
when `rules_in` (or `secretary_scores_in`) is asked and the caller did not load it), no write.

One place decides, and every reader asks it: the session page, the minutes and the export (through
`selectors.councils.items_with_state`) and the chair's acts (`services.results.item_discuss`, `item_finalise`).

- The Quy chế a session is judged by (`rules_in`): the council's settings, as the session kept them when it closed
  (services.councils.session_close), so that a past meeting stays as it was held when the council changes them.
- Who is a member in a session (`members_on_q`): the members of the council on its day; one who joins later does
  not count in an earlier session.
- Who scores: every member, the secretary only when the council's Quy chế makes them a scoring member
  (`member_scores`, `scorers_q`): whom a dossier is assigned to, who may declare and open a sheet, the quorum's
  member total, the scorers and the sheets expected all ask it.
- Quorum: at least ⌈members who score × numerator / denominator⌉ scorers (present, assigned, not recused), never
  fewer than one, and the chair present when the Quy chế requires it.
- The members' mean: the mean of their totals (`star_rule.mean_of`), shown to 2 decimals.
- The spread rule: totals further apart than the council's `max_spread`, or sheets that disagree on a stop a score
  states, cannot give a result: the council discusses and re-scores (`needs_discussion`).
- The result: `consolidate` the submitted sheets (means per criterion and part, spread, star, workflow row).
- The meeting's day: a meeting's attendance, the chair's knock-out findings, the discussion and the result are
  not taken before its date (`meeting_not_held`); nothing is taken once the session is closed or cancelled
  (`session_ended`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from ocop.numbers import format_points

from ..choices import Level, MemberRole, SessionStatus
from ..workflow import Step, finalise_step, upgrade_achieved
from .star_rule import StarResult, mean_of, star_classify

CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    """A figure as shown and stored: 2 decimals, half up."""
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


# ---------------------------------------------------------------- who scores


# The council's Quy chế settings (Council): editable after set-up (services.councils.council_set_rules), kept by
# each session as they stood when it closed (services.councils.session_close: fields of the same names on
# CouncilSession), so that a past meeting is judged by the rules it was held under.
RULE_FIELDS = (
    "quorum_numerator",
    "quorum_denominator",
    "chair_required",
    "max_spread",
    "aggregation",
    "secretary_scores",
)


@dataclass(frozen=True)
class CouncilRules:
    quorum_numerator: int
    quorum_denominator: int
    chair_required: bool
    max_spread: Decimal
    aggregation: str
    secretary_scores: bool


def rules_in(session) -> CouncilRules:
    """THE Quy chế `session` is judged by: the council's settings, as the session kept them when it closed (a field
    the session did not keep, empty, follows the council), so that a past meeting's quorum, scorers, spread rule and
    minutes stay as it was held."""
    council = session.council

    def setting(name):
        kept = getattr(session, name)
        return getattr(council, name) if kept is None or kept == "" else kept

    return CouncilRules(**{name: setting(name) for name in RULE_FIELDS})


def secretary_scores_in(session) -> bool:
    """Whether the secretary scores in `session`: the council's Quy chế (Council.secretary_scores), as the session
    kept it when it closed (`rules_in`)."""
    return rules_in(session).secretary_scores


def members_on_q(day: date, prefix: str = "") -> Q:
    """The members of the council on `day` (a session's day), as a filter on council members: joined on or before it
    (CouncilMember.joined_on; empty for those recorded before the day was kept, members from the start). A member
    who joins later does not count in an earlier session's roster, quorum, attendance or assignments."""
    return Q(**{f"{prefix}joined_on__isnull": True}) | Q(**{f"{prefix}joined_on__lte": day})


def member_scores(member, *, session) -> bool:
    """THE rule of who scores in a session (ocop-domain.md §5: the secretary's role is defined by each council's Quy
    chế): every member but a secretary whose council's Quy chế says the secretary does not score."""
    return member.role != MemberRole.SECRETARY or secretary_scores_in(session)


def scorers_q(*, session, prefix: str = "") -> Q:
    """`member_scores` as a filter on council members (`prefix`: the path from the filtered model to the member)."""
    return Q() if secretary_scores_in(session) else ~Q(**{f"{prefix}role": MemberRole.SECRETARY})


# ---------------------------------------------------------------- quorum


@dataclass
class Quorum:
    members_total: int
    required: int
    eligible: int  # present, assigned, not recused
    chair_required: bool
    chair_present: bool
    met: bool
    # False until the secretary records attendance (a meeting); a written-opinion session has none.
    attendance_taken: bool = True
    written: bool = False


def quorum(
    *,
    members_total: int,
    eligible: int,
    numerator: int,
    denominator: int,
    chair_required: bool,
    chair_present: bool,
    attendance_taken: bool = True,
    written: bool = False,
) -> Quorum:
    """Pure: the quorum of one item. `members_total` counts the members who score (`member_scores`), `eligible` its
    scorers (present, assigned, not recused)."""
    required = math.ceil(members_total * numerator / denominator) if members_total else 1
    met = eligible >= max(required, 1) and (chair_present or not chair_required)
    return Quorum(members_total, required, eligible, chair_required, chair_present, met, attendance_taken, written)


# ---------------------------------------------------------------- the members' totals: mean, spread, stops


def totals_mean(totals: Iterable[Decimal]) -> Decimal:
    """The mean of the members' totals, to 2 decimals (the unrounded mean decides the star: star_rule)."""
    return q2(mean_of(totals))


def totals_spread(totals: Iterable[Decimal]) -> Decimal:
    """How far apart the members' totals are: the highest minus the lowest."""
    totals = list(totals)
    return max(totals) - min(totals)


@dataclass(frozen=True)
class RoundCheck:
    """What the submitted sheets of a round say about whether the council can take its result."""

    spread_exceeded: bool  # the totals differ by more than the Quy chế allows
    stops_agreed: list[int]  # stop rules every sheet states
    stop_split: list[int]  # stop rules some sheets state and others do not


def round_check(*, totals: list[Decimal], stated_stops: list[Iterable[int]], max_spread: Decimal) -> RoundCheck:
    """Pure: the spread rule and the agreement on stops, over the submitted sheets of one round (at least one)."""
    stated = [set(s or []) for s in stated_stops]
    every, some = set.intersection(*stated), set.union(*stated)
    return RoundCheck(
        spread_exceeded=totals_spread(totals) > max_spread,
        stops_agreed=sorted(every),
        stop_split=sorted(some - every),
    )


def needs_discussion(*, all_sheets_in: bool, has_findings: bool, check: RoundCheck | None) -> bool:
    """Every sheet is in but the council must discuss and re-score before its result: the totals differ by more
    than the allowed spread, or the sheets disagree on a stop that a score states (Phụ lục II notes). A finding of
    the council stops the evaluation instead."""
    if not all_sheets_in or has_findings or check is None:
        return False
    return bool(check.stop_split) or check.spread_exceeded


def session_ended(status: str) -> str | None:
    """Why a session takes no more roll, sheets or results, or None: it was closed, or cancelled
    (services.session_schedule) and its dossiers go on another session."""
    if status == SessionStatus.CLOSED:
        return _("Phiên họp đã kết thúc.")
    if status == SessionStatus.CANCELLED:
        return _("Phiên họp đã bị hủy: hồ sơ được đưa vào một phiên họp khác.")
    return None


def meeting_not_held(*, written: bool, meets_on: date, today: date) -> str | None:
    """Why the council cannot yet act as a meeting, or None. The attendance (services.councils), the chair's
    knock-out findings, the discussion of a round and the result (services.results) are taken at the meeting, so not
    before the session's day (the minutes said "Ngày họp: 10/12" above a discussion of 07/12, and a decision of
    07/12 rested on that meeting). Sheets may come in before: members receive the electronic dossier ahead. A
    written-opinion session has no meeting (Điều 7.6d): its date is the deadline for the opinions, and the council
    concludes once every opinion is in."""
    if written or today >= meets_on:
        return None
    return _(
        "Phiên họp ngày %(d)s chưa diễn ra: Hội đồng điểm danh, kết luận loại hồ sơ, thảo luận và tổng hợp kết quả "
        "tại phiên họp, từ ngày họp."
    ) % {"d": f"{meets_on:%d/%m/%Y}"}


def result_ready(
    *,
    has_result: bool,
    quorum_met: bool,
    has_findings: bool,
    all_sheets_in: bool,
    discuss: bool,
    meeting_ahead: bool = False,
) -> bool:
    """The chair may take the council's result: the meeting's day has come (`meeting_ahead`), quorum, and either a
    finding of the council (which stops the evaluation) or every sheet in with no discussion pending."""
    if has_result or meeting_ahead or not quorum_met:
        return False
    if has_findings:
        return True
    return all_sheets_in and not discuss


# ---------------------------------------------------------------- the result


@dataclass(frozen=True)
class MemberSheet:
    """One submitted sheet, as plain data: who, the total, the points per answered criterion."""

    member_id: int
    total: Decimal
    points: Mapping[int, int]


@dataclass(frozen=True)
class Consolidation:
    """The council's scores consolidated: what `item_finalise` stores and where the dossier goes."""

    totals: list[Decimal]
    spread: Decimal
    consolidated: dict[int, Decimal]  # criterion id → mean of the members' points
    part_means: dict[str, str]  # part letter → mean of the members' part totals (2 decimals, as text)
    star: StarResult
    step: Step  # the workflow row the result takes the dossier by


def finalise_refusal(
    *, quorum_met: bool, all_submitted: bool, has_findings: bool, needs_discussion: bool, max_spread: Decimal
) -> str | None:
    """Pure: why the chair cannot take the result yet, or None. The rescore branch: totals further apart than the
    Quy chế allows (or sheets disagreeing on a stop) send the item to `item_discuss` and a new scoring round."""
    if not quorum_met:
        return _("Chưa đủ túc số theo Quy chế của Hội đồng.")
    if not has_findings and not all_submitted:
        return _("Còn thành viên chưa nộp phiếu.")
    if needs_discussion:
        return _(
            "Chưa thể tổng hợp kết quả: chênh lệch tổng điểm vượt %(max)s điểm hoặc các phiếu không thống nhất về "
            "căn cứ dừng đánh giá. Hội đồng thảo luận (ghi biên bản) và các thành viên chấm lại."
        ) % {"max": format_points(max_spread)}  # 10,00 — not "1E+1", which Decimal.normalize() gives for 10.00
    return None


def consolidate(
    *,
    sheets: list[MemberSheet],
    criteria: Iterable[int],
    part_of: Mapping[int, str],
    parts: Iterable[str],
    markers: Iterable[Mapping],
    knockouts: list[str],
    level: str,
    held_star: int | None = None,
) -> Consolidation:
    """Pure: the mean of the members' points per criterion (an unanswered criterion counts 0) and per part, the
    spread of their totals, the star (`star_classify`) and the workflow row the result moves the dossier by.
    No sheet (a council's finding stopped the evaluation) counts as one total of 0. `held_star`: for an upgrade, the
    star of the product's live certificate; a result that does not exceed it is no upgrade (`upgrade_achieved`)."""
    criteria = list(criteria)
    points_by_criterion: dict[int, list[int]] = {cid: [] for cid in criteria}
    part_totals: dict[str, list[int]] = {letter: [] for letter in parts}
    for sheet in sheets:
        per_part = dict.fromkeys(part_totals, 0)
        for cid in criteria:
            points = sheet.points.get(cid, 0)
            points_by_criterion[cid].append(points)
            per_part[part_of[cid]] += points
        for letter, value in per_part.items():
            part_totals[letter].append(value)
    n = len(sheets) or 1
    totals = [s.total for s in sheets] or [Decimal(0)]
    consolidated = {cid: Decimal(sum(values)) / n for cid, values in points_by_criterion.items()}
    star = star_classify(
        markers=markers, member_totals=totals, consolidated_points=consolidated, knockouts=knockouts, level=level
    )
    return Consolidation(
        totals=totals,
        spread=totals_spread(totals),
        consolidated=consolidated,
        part_means={letter: str(q2(Decimal(sum(v)) / n)) for letter, v in part_totals.items()},
        star=star,
        step=finalise_step(
            eliminated=star.eliminated,
            potential_five=star.potential_five,
            recognisable=star.recognisable,
            province=level == Level.PROVINCE,
            upgraded=upgrade_achieved(star=star.final_star, held_star=held_star),
        ),
    )
