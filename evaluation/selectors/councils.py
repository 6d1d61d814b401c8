"""Reads for a session's items, sheets and results. The lists of councils and sessions are selectors.council_lists;
the scorecard as a sheet lays it out, selectors.sheet_structure.

Confidentiality lives here and only here (`_scores_visible`, `_takes_part`). The councils' Quy chế: "Không tiết lộ
thông tin, kết quả trước khi cuộc đánh giá kết thúc" (ocop-domain.md §7). Until the item's council result exists,
nobody sees another member's score or the mean — not a scoring member whose own sheet is in (they would read the
others' totals while the council is still scoring, and in a re-scoring round after the spread rule those totals bias
the re-score), not the chair, the secretary, the managers or the viewers — in pages, JSON, exports or PDFs. Once the
result exists, everyone who sees the item sees the totals, the mean and earlier rounds. A member always sees their
own sheet (its page and signed PDF), and everyone who sees the item sees how many sheets are in ("Đã nộp x/y").

What the council's procedure needs before the result is shown without a score:
- The chair and the secretary, who run the session, see the whole session (permissions.councils): who has
  submitted (each sheet's status and time, for the chair's "Mở lại" and the secretary's minutes), attendance and
  quorum, the declarations.
- When the round must be discussed (council_rule.needs_discussion: every sheet in, totals further apart than the
  Quy chế allows or sheets split on a stop), the chair, the secretary and the item's scorers — all of whom take
  part in the discussion (`takes_part`) — are told so and why, as a fact without figures ("vượt mức cho phép (10
  điểm)": not the spread, which with one's own total gives away the extreme total), and which criteria differ
  most (`divergent_criteria`: the criteria alone, most divergent first, never who chose what nor by how much).
  Managers and viewers see that the item waits for a discussion, as before, without the criteria.
- Earlier rounds of a re-scored item: their discussion note (what the council agreed) to the chair, the secretary
  and that round's scorers; their totals, mean and spread only once the result exists.
- The chair alone is told, once every sheet is in, that every sheet states a stop of Phụ lục II (the result they
  are about to take will be "bị loại"); nobody else before the result.
Producers see nothing of the council until the recognition decision.
Every page, export and PDF goes through `session_overview` / `item_state`, so they share one rule and one query plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from ocop.models import User

from ..choices import MemberRole, RegistrationStatus, SheetStatus
from ..models.councils import AgendaItem, Assignment, Attendance, CouncilMember, CouncilSession
from ..models.results import CouncilFinding, CouncilResult, Discussion
from ..models.scoresheets import ConflictDeclaration, Score, ScoreSheet
from ..permissions.councils import (
    LEADING_ROLES,
    membership,
    sees_whole_session,
    visible_items_q,
)
from ..services.council_rule import (
    CouncilRules,
    Quorum,
    RoundCheck,
    meeting_not_held,
    member_scores,
    members_on_q,
    needs_discussion,
    quorum,
    result_ready,
    round_check,
    rules_in,
    secretary_scores_in,
    totals_mean,
    totals_spread,
)
from .council_people import item_province_scorers, member_labels
from .criteria import criterion_number_order
from .sheet_structure import SheetStructure, scorecard_structure

# ---------------------------------------------------------------- item state


@dataclass
class ItemState:
    """What is known about one agenda item, already filtered by what the viewing user may see."""

    item: AgendaItem
    quorum: Quorum
    scorers: list[CouncilMember]  # present, assigned, not recused
    recused: list[ConflictDeclaration]
    # The assignments of members recorded as giving no written opinion (services.conflicts.no_opinion_record).
    no_opinion: list[Assignment]
    declarations: list[ConflictDeclaration]  # all (the chair and managers see them)
    sheets: list[ScoreSheet]  # current round, of the scorers
    submitted_count: int
    all_submitted: bool
    own_member: CouncilMember | None
    own_sheet: ScoreSheet | None
    own_declaration: ConflictDeclaration | None
    # The viewing user's membership scores this item: assigned to it, and a member who scores (council_rule.
    # member_scores: not a secretary whose council's Quy chế says the secretary does not score).
    own_scores: bool
    visible: bool  # may the viewing user see others' scores and the mean? (the result exists)
    result: CouncilResult | None
    # Does the viewing user take part in the council's discussion of the item (the chair, the secretary, a scorer)?
    # They see why a round must be discussed, the criteria in dispute and earlier rounds' notes, without figures.
    takes_part: bool = False
    # Filled only when `visible` is True:
    member_totals: list[dict] = field(default_factory=list)
    mean: Decimal | None = None
    spread: Decimal | None = None
    # "Đã nộp x/y phiếu": before attendance is taken no one is present yet, so the count runs over the assigned,
    # not recused members (sheets may come in before the meeting); afterwards over the scorers.
    sheets_in: int = 0
    sheets_expected: int = 0
    # Earlier scoring rounds (sent back for discussion), for the chair, the secretary and their scorers:
    # [{"round": 1, "discussion": …, "totals": [{"member", "total"}], "mean": …, "spread": …}], the totals, mean and
    # spread only once the result exists (empty list and None before).
    previous_rounds: list[dict] = field(default_factory=list)
    # The council's procedure (system facts, shown to those who run the session):
    findings: list[CouncilFinding] = field(default_factory=list)  # knock-outs the chair recorded for the council
    discussions: list[Discussion] = field(default_factory=list)  # one per discussed round
    check: RoundCheck | None = None  # the spread rule and the stops, once a sheet of the round is submitted
    # Why the council cannot discuss or take its result yet: the meeting's day has not come (None once it has, and
    # for a written-opinion session: council_rule.meeting_not_held).
    meeting_ahead: str | None = None

    @property
    def own_no_opinion(self) -> Assignment | None:
        """The viewing member's assignment when they are recorded as giving no opinion (their sheet set aside)."""
        own = self.own_member
        return next((a for a in self.no_opinion if own is not None and a.member_id == own.pk), None)

    @property
    def all_sheets_in(self) -> bool:
        """Quorum and every expected sheet submitted, no result yet: the chair's turn."""
        return self.quorum.met and self.all_submitted and self.submitted_count > 0 and self.result is None

    @property
    def spread_exceeded(self) -> bool:
        return self.check is not None and self.check.spread_exceeded

    @property
    def stop_split(self) -> list[int]:
        return self.check.stop_split if self.check else []

    @property
    def stops_agreed(self) -> list[int]:
        return self.check.stops_agreed if self.check else []

    @property
    def needs_discussion(self) -> bool:
        """The council must discuss and re-score before its result (council_rule.needs_discussion)."""
        return needs_discussion(all_sheets_in=self.all_sheets_in, has_findings=bool(self.findings), check=self.check)

    @property
    def ready(self) -> bool:
        """The chair may take the council's result, "Tổng hợp kết quả" (council_rule.result_ready)."""
        return result_ready(
            has_result=self.result is not None,
            quorum_met=self.quorum.met,
            has_findings=bool(self.findings),
            all_sheets_in=self.all_sheets_in,
            discuss=self.needs_discussion,
            meeting_ahead=bool(self.meeting_ahead),
        )


def _members_and_attendance(session: CouncilSession) -> tuple[list[CouncilMember], dict[int, Attendance]]:
    """The council's members for this session and its attendance rows: the active members who were members on its
    day (council_rule.members_on_q: one who joins later does not count in an earlier session), plus former members
    who attended or scored in it, so that a past session's minutes and totals do not change when someone leaves."""
    members = list(
        session.council.members.filter(
            (Q(active=True) & members_on_q(session.date))
            | Q(attendance__session=session)
            | Q(sheets__item__session=session)
        )
        .select_related("user__unit")
        .distinct()
        .order_by("role", "id")
    )
    return members, {a.member_id: a for a in Attendance.objects.filter(session=session)}


def _present_ids(session: CouncilSession, members, attendance: dict[int, Attendance]) -> set[int]:
    """Who takes part: those marked present at a meeting; every active member in a written-opinion session
    (Điều 7.6d), where each assigned member answers in writing and nobody is marked present."""
    if session.is_written:
        return {m.pk for m in members}
    return {pk for pk, row in attendance.items() if row.present}


def _quorum(
    rules: CouncilRules,
    members: list[CouncilMember],
    present_ids: set[int],
    scorers,
    *,
    attendance_taken: bool,
    written: bool = False,
) -> Quorum:
    """`members`: those who score (council_rule.member_scores), whom the Quy chế's fraction is taken of."""
    chair = next((m for m in members if m.role == MemberRole.CHAIR), None)
    return quorum(
        members_total=len(members),
        eligible=len(scorers),
        numerator=rules.quorum_numerator,
        denominator=rules.quorum_denominator,
        chair_required=rules.chair_required,
        chair_present=chair is not None and chair.pk in present_ids,
        attendance_taken=attendance_taken,
        written=written,
    )


def items_with_state(*, user: User | None, session: CouncilSession, items=None, roster=None) -> list[ItemState]:
    """The state of each item of `session` the user may see, in a constant number of queries.

    `user=None` is the system view (services computing a result): everything is visible."""
    council = session.council
    rules = rules_in(session)  # the Quy chế the session is judged by (kept when it closed)
    members, attendance = roster or _members_and_attendance(session)
    present_ids = _present_ids(session, members, attendance)
    # Who scores (council_rule.member_scores): the quorum's member total, the scorers and the sheets expected.
    scoring = [m for m in members if member_scores(m, session=session)]
    if items is None:
        items = session.items.all()
        if user is not None:
            items = items.filter(visible_items_q(user, council)).distinct()
    items = list(
        items.select_related(
            "registration",
            "registration__product",
            "registration__product__producer",
            "registration__scorecard",
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("member__user"),
                to_attr="assignment_list",
            ),
            Prefetch(
                "declarations",
                queryset=ConflictDeclaration.objects.select_related("member__user"),
                to_attr="declaration_list",
            ),
            Prefetch(
                "sheets",
                queryset=ScoreSheet.objects.exclude(status=SheetStatus.SUPERSEDED).select_related("member__user"),
                to_attr="sheet_list",
            ),
            Prefetch(
                "findings",
                queryset=CouncilFinding.objects.select_related("rule", "by").order_by("at", "id"),
                to_attr="finding_list",
            ),
            Prefetch("discussions", queryset=Discussion.objects.order_by("scoring_round"), to_attr="discussion_list"),
        )
        .order_by("order", "id")
    )
    results = {r.item_id: r for r in CouncilResult.objects.filter(item__in=items)}
    own = membership(user, council) if user is not None else None
    whole = user is None or sees_whole_session(user, council)
    ahead = meeting_not_held(written=session.is_written, meets_on=session.date, today=timezone.localdate())
    states = []
    for item in items:
        # A member who gave no opinion by a written session's deadline answers no more (services.conflicts).
        assigned = {a.member_id for a in item.assignment_list if a.no_opinion_at is None}
        recused_decl = [d for d in item.declaration_list if d.has_conflict]
        recused_ids = {d.member_id for d in recused_decl}
        scorers = [m for m in scoring if m.pk in present_ids and m.pk in assigned and m.pk not in recused_ids]
        scorer_ids = {m.pk for m in scorers}
        sheets = [s for s in item.sheet_list if s.scoring_round == item.scoring_round and s.member_id in scorer_ids]
        submitted = [s for s in sheets if s.status == SheetStatus.SUBMITTED]
        own_sheet = next((s for s in sheets if own and s.member_id == own.pk), None)
        if own_sheet is None and own is not None:
            own_sheet = next(
                (s for s in item.sheet_list if s.member_id == own.pk and s.scoring_round == item.scoring_round),
                None,
            )
        own_decl = next((d for d in item.declaration_list if own and d.member_id == own.pk), None)
        result = results.get(item.pk)
        state = ItemState(
            item=item,
            quorum=_quorum(
                rules,
                scoring,
                present_ids,
                scorers,
                attendance_taken=bool(attendance) or session.is_written,
                written=session.is_written,
            ),
            scorers=scorers,
            recused=recused_decl,
            no_opinion=[a for a in item.assignment_list if a.no_opinion_at is not None],
            declarations=item.declaration_list if whole else ([own_decl] if own_decl else []),
            sheets=sheets,
            submitted_count=len(submitted),
            all_submitted=bool(scorers) and len(submitted) == len(scorers),
            own_member=own,
            own_sheet=own_sheet,
            own_declaration=own_decl,
            own_scores=own is not None
            and member_scores(own, session=session)
            and any(a.member_id == own.pk for a in item.assignment_list),
            visible=_scores_visible(user, result),
            result=result,
            takes_part=_takes_part(user, own, scorer_ids),
            findings=item.finding_list,
            discussions=item.discussion_list,
            meeting_ahead=ahead,
        )
        if submitted:
            totals = [s.total for s in submitted]
            state.check = round_check(
                totals=totals, stated_stops=[s.stops for s in submitted], max_spread=rules.max_spread
            )
            if state.visible:
                state.member_totals = [
                    {"member": s.member, "total": s.total, "sheet": s}
                    for s in sorted(submitted, key=lambda s: s.member_id)
                ]
                state.mean = totals_mean(totals)
                state.spread = totals_spread(totals)
        attendance_taken = bool(attendance) or session.is_written
        expected_ids = scorer_ids if attendance_taken else {m.pk for m in scoring if m.pk in assigned} - recused_ids
        state.sheets_expected = len(expected_ids)
        state.sheets_in = sum(
            1
            for s in item.sheet_list
            if s.scoring_round == item.scoring_round
            and s.member_id in expected_ids
            and s.status == SheetStatus.SUBMITTED
        )
        state.previous_rounds = _previous_rounds(item, own, state.visible)
        states.append(state)
    return states


def _previous_rounds(item, own, visible: bool) -> list[dict]:
    """Earlier rounds of an item sent back for discussion. What the council agreed (the discussion note) to those
    who took part: the chair, the secretary, the round's scorers; their totals, mean and spread only when the scores
    are visible (the result exists), so that a member re-scores without the others' totals. Everyone who sees the
    scores sees the rounds then."""
    by_round: dict[int, list] = defaultdict(list)
    for sheet in item.sheet_list:
        if sheet.scoring_round < item.scoring_round and sheet.status == SheetStatus.SUBMITTED:
            by_round[sheet.scoring_round].append(sheet)
    leads = own is not None and own.role in LEADING_ROLES
    rounds = []
    for number in sorted(by_round):
        sheets = by_round[number]
        if not (visible or leads or (own is not None and any(s.member_id == own.pk for s in sheets))):
            continue
        discussion = next((d for d in item.discussion_list if d.scoring_round == number), None)
        entry = {"round": number, "discussion": discussion, "totals": [], "mean": None, "spread": None}
        if visible:
            totals = [s.total for s in sheets]
            entry |= {
                "totals": [{"member": s.member, "total": s.total} for s in sorted(sheets, key=lambda s: s.member_id)],
                "mean": totals_mean(totals),
                "spread": totals_spread(totals),
            }
        rounds.append(entry)
    return rounds


def _scores_visible(user, result) -> bool:
    """THE confidentiality rule (see the module docstring): others' scores and the mean, once the result exists."""
    return user is None or result is not None


def _takes_part(user, own, scorer_ids: set) -> bool:
    """Whether the viewer takes part in the council's discussion of the item: the chair or the secretary, who run
    the session, or one of its scorers (see the module docstring)."""
    if user is None:
        return True
    return own is not None and (own.role in LEADING_ROLES or own.pk in scorer_ids)


def item_state(*, user: User | None, item: AgendaItem) -> ItemState:
    return items_with_state(user=user, session=item.session, items=AgendaItem.objects.filter(pk=item.pk))[0]


def scores_visible(*, user: User, item: AgendaItem) -> bool:
    return item_state(user=user, item=item).visible


def session_overview(*, user: User, session: CouncilSession) -> dict:
    """Everything the session page, the minutes PDF and the export need, filtered by confidentiality."""
    council = session.council
    members, attendance = roster = _members_and_attendance(session)
    ahead = meeting_not_held(written=session.is_written, meets_on=session.date, today=timezone.localdate())
    labels = member_labels(members)  # two members may share a name: each with their role, agency and unit
    states = items_with_state(user=user, session=session, roster=roster)
    scored = item_province_scorers(council=council, items=[state.item for state in states], members=members)
    for state in states:
        # The assignment's roster: beside each member of a central council who scored the product at the province,
        # the day they did (a warning, council_people).
        # A member who does not score (council_rule.member_scores: the secretary, by the Quy chế) is listed, not
        # assignable.
        state.roster = [
            {
                "member": m,
                "label": labels[m.pk],
                "scored_on": scored.get(state.item.pk, {}).get(m.pk),
                "scores": member_scores(m, session=session),
            }
            for m in members
        ]
    return {
        "session": session,
        "council": council,
        # The Quy chế the session is held under (the minutes and the session's page print it).
        "rules": rules_in(session),
        "secretary_scores": secretary_scores_in(session),
        "members": [
            {"member": m, "label": labels[m.pk], "present": attendance.get(m.pk) and attendance[m.pk].present}
            for m in members
        ],
        "meeting_ahead": ahead,
        "states": states,
    }


# ---------------------------------------------------------------- sheets and results


def current_sheet(*, item: AgendaItem, member) -> ScoreSheet | None:
    """The member's sheet of the item's current scoring round, if opened already."""
    return ScoreSheet.objects.filter(item=item, member=member, scoring_round=item.scoring_round).first()


def sheet_scores(*, sheet: ScoreSheet) -> dict[int, Score]:
    """The member's own choices (callers have checked the sheet is the user's own or visible)."""
    return {s.criterion_id: s for s in Score.objects.filter(sheet=sheet)}


def export_rows(*, user: User, session: CouncilSession) -> list[dict]:
    """Every member's choice on every criterion, only for items whose scores the user may see."""
    states = [s for s in items_with_state(user=user, session=session) if s.visible]
    sheet_ids = [row["sheet"].pk for state in states for row in state.member_totals]
    scores = defaultdict(dict)
    for score in Score.objects.filter(sheet_id__in=sheet_ids).select_related("option"):
        scores[score.sheet_id][score.criterion_id] = score
    structures: dict[int, SheetStructure] = {}
    rows = []
    for state in states:
        registration = state.item.registration
        if registration.scorecard_id not in structures:
            structures[registration.scorecard_id] = scorecard_structure(registration.scorecard)
        structure = structures[registration.scorecard_id]
        for entry in state.member_totals:
            sheet = entry["sheet"]
            for criterion_id, criterion in structure.criteria.items():
                score = scores[sheet.pk].get(criterion_id)
                rows.append(
                    {
                        "item": state.item,
                        "registration": registration,
                        "member": entry["member"],
                        "sheet": sheet,
                        "part": structure.part_of[criterion_id],
                        "criterion": criterion,
                        "option": score.option if score else None,
                        "points": score.points if score and score.answered else None,
                        "comment": score.comment if score else "",
                    }
                )
    return rows


def result_for_producer_visible(registration) -> bool:
    """Producers see the council's result only once the recognition decision is issued."""
    return registration.status == RegistrationStatus.DECIDED


def divergent_criteria(*, states: list[ItemState], limit: int = 5) -> dict[int, list[dict]]:
    """The criteria in dispute on the items whose round must be discussed: those on which the submitted sheets
    differ most (highest − lowest points), most divergent first — item id → rows {"criterion"}, in one query for all
    the items. Only for those who take part in the discussion (`takes_part`), and without figures before the result
    (none is needed: the discussion comes first): not who chose what, nor by how much (see the module docstring)."""
    wanted = {
        state.item.pk: [s for s in state.sheets if s.status == SheetStatus.SUBMITTED]
        for state in states
        if state.needs_discussion and state.takes_part
    }
    sheet_ids = [s.pk for sheets in wanted.values() for s in sheets]
    if not sheet_ids:
        return {}
    points: dict[int, dict[int, dict[int, Score]]] = defaultdict(lambda: defaultdict(dict))
    for score in Score.objects.filter(sheet_id__in=sheet_ids, answered=True).select_related("criterion", "sheet"):
        points[score.sheet.item_id][score.criterion_id][score.sheet_id] = score
    out = {}
    for item_id, submitted in wanted.items():
        ranked = []
        for by_sheet in points[item_id].values():
            values = [by_sheet[s.pk].points if s.pk in by_sheet else 0 for s in submitted]
            gap = max(values) - min(values)
            if gap:
                ranked.append((gap, next(iter(by_sheet.values())).criterion))
        ranked.sort(key=lambda row: (-row[0], criterion_number_order(row[1].number)))
        out[item_id] = [{"criterion": criterion} for _gap, criterion in ranked[:limit]]
    return out


def knockout_rules_for(*, states: list[ItemState]) -> dict[int, list]:
    """The knock-out rules of the scorecards of these items (scorecard id → rules in sheet order), in one query."""
    from ..models.criteria import KnockoutRule

    ids = {state.item.registration.scorecard_id for state in states}
    rules: dict[int, list] = defaultdict(list)
    for rule in KnockoutRule.objects.filter(scorecard_id__in=ids).order_by("order"):
        rules[rule.scorecard_id].append(rule)
    return rules
