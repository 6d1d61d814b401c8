"""The council's result (ocop-domain.md §7): the chair's findings, the discussion that sends a round back for
re-scoring, and "Tổng hợp kết quả": a pure consolidation of the sheets (`consolidate`) and the registration's move
by the workflow table. Score sheets themselves live in services/councils.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.models import User
from ocop.numbers import format_points
from ocop.services import audit_record, notify

from ..choices import Level, RegistrationStatus
from ..models.councils import (
    AgendaItem,
    Council,
    CouncilFinding,
    CouncilMember,
    CouncilResult,
    Discussion,
    SessionStatus,
    SheetStatus,
)
from ..models.criteria import KnockoutRule
from ..selectors.councils import item_state, q2, scorecard_structure
from ..workflow import Step, finalise_step
from .councils import scoresheet_start
from .star_rule import StarResult, scorecard_markers, star_classify
from .workflow import reevaluation_clock, registration_transition


@dataclass
class FinaliseOutcome:
    result: CouncilResult | None = None
    spread: Decimal | None = None


def _require_chair(council: Council, by: User, message) -> None:
    if not CouncilMember.objects.filter(council=council, user=by, role="chair", active=True).exists():
        raise ValidationError(message)


def _lock_open_item(item: AgendaItem) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().select_related("session__council", "registration").get(pk=item.pk)
    if item.session.status == SessionStatus.CLOSED:
        raise ValidationError(_("Phiên họp đã kết thúc: đưa hồ sơ vào một phiên họp sau để tổng hợp kết quả."))
    if CouncilResult.objects.filter(item_id=item.pk).exists():
        raise ValidationError(_("Hồ sơ đã có kết quả của Hội đồng."))
    return item


def _stop_entries(rule_ids: list[int]) -> list[dict]:
    rules = KnockoutRule.objects.in_bulk(rule_ids)
    return [
        {
            "code": rules[pk].code,
            "text": rules[pk].text,
            "source": "score",
            "criterion": rules[pk].criterion.number if rules[pk].criterion_id else "",
            "evidence": _("Tất cả các phiếu chấm đều ghi nhận điểm tương ứng."),
            "reason": "",
        }
        for pk in rule_ids
        if pk in rules
    ]


@transaction.atomic
def finding_record(*, item: AgendaItem, rule: KnockoutRule, evidence: str, reason: str, by: User) -> CouncilFinding:
    """The chair records, for the council, a knock-out of Phụ lục II ("Hồ sơ bị loại khi…", "Bị loại nếu…") with the
    evidence and the reason. It is the council's finding, not a vote of sheets; it stops the evaluation: the result
    is then "bị loại" on this ground (the written notice of Điều 7.3g states it)."""
    item = _lock_open_item(item)
    _require_chair(item.session.council, by, _("Chỉ Chủ tịch Hội đồng ghi nhận kết luận loại hồ sơ."))
    if rule.scorecard_id != item.registration.scorecard_id:
        raise ValidationError({"rule": _("Căn cứ loại không thuộc phiếu đánh giá của hồ sơ.")})
    evidence, reason = (evidence or "").strip(), (reason or "").strip()
    errors = {}
    if not evidence:
        errors["evidence"] = _("Cần nêu chứng cứ.")
    if not reason:
        errors["reason"] = _("Cần nêu lý do.")
    if errors:
        raise ValidationError(errors)
    finding = CouncilFinding(item=item, rule=rule, evidence=evidence, reason=reason, by=by)
    finding.full_clean()
    finding.save()
    audit_record(
        actor=by,
        action="council_finding.record",
        target=item,
        changes={"rule": rule.code, "evidence": evidence, "reason": reason},
    )
    return finding


@transaction.atomic
def item_discuss(*, item: AgendaItem, note: str, held_at=None, by: User) -> Discussion:
    """The council discusses a round that cannot give a result (totals further apart than the Quy chế allows, or
    sheets disagreeing on a stop a score states). The chair records when and what; the round's totals are kept for
    the minutes; the scoring round rises and every scorer gets a new draft pre-filled with their last answers."""
    item = _lock_open_item(item)
    council = item.session.council
    _require_chair(council, by, _("Chỉ Chủ tịch Hội đồng ghi nhận nội dung thảo luận."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Cần ghi nội dung thảo luận.")})
    state = item_state(user=None, item=item)
    if not state.needs_discussion:
        raise ValidationError(_("Hồ sơ không cần thảo luận và chấm lại: chưa đủ phiếu hoặc kết quả đã thống nhất."))
    submitted = [s for s in state.sheets if s.status == SheetStatus.SUBMITTED]
    totals = [s.total for s in submitted]
    old_round = item.scoring_round
    moved = AgendaItem.objects.filter(pk=item.pk, scoring_round=old_round).update(scoring_round=old_round + 1)
    if moved != 1:
        raise ValidationError(_("Hồ sơ vừa được chuyển sang vòng chấm khác."))
    discussion = Discussion(
        item=item,
        scoring_round=old_round,
        held_at=held_at or timezone.now(),
        note=note,
        spread=max(totals) - min(totals),
        totals=[
            {"member_id": s.member_id, "name": str(s.member.user), "total": str(s.total)}
            for s in sorted(submitted, key=lambda s: s.member_id)
        ],
        by=by,
    )
    discussion.full_clean()
    discussion.save()
    item.refresh_from_db()
    for old in submitted:
        scoresheet_start(item=item, member=old.member, copy_from=old)
    audit_record(
        actor=by,
        action="agenda_item.rescore",
        target=item,
        changes={
            "round": [old_round, item.scoring_round],
            "spread": str(discussion.spread),
            "totals": [str(t) for t in totals],
            "note": note,
        },
    )
    if item.session.is_written:
        # Điều 7.6d: written opinions that diverge are what a meeting is for.
        text = _("Ý kiến bằng văn bản khác nhau: Hội đồng đã thảo luận; mời chấm lại hồ sơ %(reg)s (Điều 7.6d).")
    else:
        text = _("Hội đồng đã thảo luận; mời chấm lại hồ sơ %(reg)s (vòng %(n)s).")
    notify(
        users=[s.member.user for s in submitted],
        message=text % {"reg": item.registration, "n": item.scoring_round},
        url=reverse("evaluation:session_detail", args=[item.session_id]),
    )
    return discussion


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
) -> Consolidation:
    """Pure: the mean of the members' points per criterion (an unanswered criterion counts 0) and per part, the
    spread of their totals, the star (`star_classify`) and the workflow row the result moves the dossier by.
    No sheet (a council's finding stopped the evaluation) counts as one total of 0."""
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
        spread=max(totals) - min(totals),
        consolidated=consolidated,
        part_means={letter: str(q2(Decimal(sum(v)) / n)) for letter, v in part_totals.items()},
        star=star,
        step=finalise_step(
            eliminated=star.eliminated,
            potential_five=star.potential_five,
            recognisable=star.recognisable,
            province=level == Level.PROVINCE,
        ),
    )


def _stops(state) -> list[dict]:
    """The grounds that stop the evaluation: the council's findings, then the stops every sheet's scores state."""
    return [
        {
            "code": f.rule.code,
            "text": f.rule.text,
            "source": "finding",
            "criterion": "",
            "evidence": f.evidence,
            "reason": f.reason,
        }
        for f in state.findings
    ] + _stop_entries(state.stops_agreed)


@transaction.atomic
def item_finalise(*, item: AgendaItem, by: User) -> FinaliseOutcome:
    """The chair takes the council's result ("Tổng hợp kết quả") — an explicit act, never a side effect of a sheet.

    Needs quorum and either a finding of the council (the evaluation stops: eliminated on that ground) or a
    submitted sheet from every present, non-recused, assigned member (drafts never count) with no discussion
    pending (`item_discuss`). A stop that every sheet's scores state eliminates (Phụ lục II notes). Otherwise the
    star rule gives the result (`consolidate`), and the registration moves on by its workflow row."""
    item = _lock_open_item(item)
    council = item.session.council
    _require_chair(council, by, _("Chỉ Chủ tịch Hội đồng tổng hợp kết quả."))
    state = item_state(user=None, item=item)
    refusal = finalise_refusal(
        quorum_met=state.quorum.met,
        all_submitted=state.all_submitted,
        has_findings=bool(state.findings),
        needs_discussion=state.needs_discussion,
        max_spread=council.max_spread,
    )
    if refusal:
        raise ValidationError(refusal)
    submitted = [s for s in state.sheets if s.status == SheetStatus.SUBMITTED]
    stops = _stops(state)
    registration = item.registration
    structure = scorecard_structure(registration.scorecard, registration.case_variant)
    outcome = consolidate(
        sheets=[
            MemberSheet(s.member_id, s.total, {a.criterion_id: a.points for a in s.scores.all()}) for s in submitted
        ],
        criteria=structure.criteria,
        part_of=structure.part_of,
        parts=[p.letter for p in structure.parts],
        markers=scorecard_markers(registration.scorecard),
        knockouts=[f"{s['text']} — {s['reason']}" if s["reason"] else s["text"] for s in stops],
        level=council.level,
    )
    result = _result_record(item=item, council=council, outcome=outcome, stops=stops, submitted=submitted, by=by)
    old_status = council.awaiting_status
    new_status = outcome.step.target
    registration_transition(
        registration=registration,
        verb="council_result",
        step=outcome.step,
        by=by,
        expected=old_status,
        refused=_("Hồ sơ không còn ở trạng thái chờ Hội đồng chấm điểm."),
        # D26 Điều 7.6g: the ministry's 45 days of a 5★ re-evaluation run from the province's complete dossier.
        **(reevaluation_clock(registration) if new_status == RegistrationStatus.FORWARDED_TO_CENTRAL else {}),
    )
    return FinaliseOutcome(result=result, spread=outcome.spread)


def _result_record(*, item, council, outcome: Consolidation, stops, submitted, by: User) -> CouncilResult:
    star = outcome.star
    result = CouncilResult(
        registration=item.registration,
        item=item,
        level=council.level,
        mean_score=star.mean_score,
        band_star=star.band_star,
        final_star=star.final_star,
        potential_five=star.potential_five,
        eliminated=star.eliminated,
        failed_markers=star.failed_markers,
        knockouts=star.knockouts,
        stops=stops,
        part_means=outcome.part_means,
        member_totals=[
            {
                "member_id": s.member_id,
                "name": str(s.member.user),
                "role": s.member.role,
                "agency": s.member.agency,
                "total": str(s.total),
            }
            for s in submitted
        ],
        scoring_round=item.scoring_round,
        recognisable=star.recognisable,
    )
    result.full_clean(exclude=["item"])
    result.save()
    audit_record(
        actor=by,
        action="council_result.finalise",
        target=result,
        changes={
            "mean": str(star.mean_score),
            "band_star": star.band_star,
            "final_star": star.final_star,
            "status": [council.awaiting_status, outcome.step.target],
            "stops": [s["code"] for s in stops],
        },
    )
    return result
