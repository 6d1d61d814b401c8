"""The council's result (ocop-domain.md §7): the chair's findings, the discussion that sends a round back for
re-scoring, and "Tổng hợp kết quả": a pure consolidation of the sheets (`consolidate`) and the registration's move
by the workflow table. Score sheets themselves live in services/scoresheets.py (drafts), services/sheet_submission.py
(submit, reopen) and services/conflicts.py (the declaration, and the sheet a re-scoring round starts from), the rule in
services/council_rule.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, notify

from ..choices import SessionStatus, SheetStatus
from ..models.councils import AgendaItem, Council, CouncilMember
from ..models.criteria import KnockoutRule
from ..models.results import CouncilFinding, CouncilResult, Discussion
from ..models.scoresheets import ConflictDeclaration
from ..selectors.councils import item_state
from ..selectors.dossier import upgrade_held_star
from ..selectors.sheet_structure import scorecard_structure
from .conflicts import scoresheet_start
from .council_rule import (
    Consolidation,
    MemberSheet,
    consolidate,
    finalise_refusal,
    meeting_not_held,
    rules_in,
    session_ended,
    totals_spread,
)
from .star_rule import scorecard_markers
from .workflow import registration_transition


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
    if ended := session_ended(item.session.status):  # cancelled
        raise ValidationError(ended)
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
    is then "bị loại" on this ground (the written notice of Điều 7.3g states it). Recorded at the meeting: not before
    the session's day (council_rule.meeting_not_held)."""
    item = _lock_open_item(item)
    session = item.session
    _require_chair(session.council, by, _("Chỉ Chủ tịch Hội đồng ghi nhận kết luận loại hồ sơ."))
    # A chair who stood aside from the product (conflict of interest) does not judge it: the finding eliminates by
    # itself, with no sheet of theirs in the mean. The members' scores decide instead.
    if ConflictDeclaration.objects.filter(item=item, member__user=by, has_conflict=True).exists():
        raise ValidationError(
            _(
                "Chủ tịch Hội đồng đã kê khai xung đột lợi ích với sản phẩm này nên không ghi nhận kết luận loại hồ "
                "sơ; kết quả theo điểm của các thành viên chấm."
            )
        )
    if ahead := meeting_not_held(written=session.is_written, meets_on=session.date, today=timezone.localdate()):
        raise ValidationError(ahead)
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
    the minutes; the scoring round rises and every scorer gets a new draft pre-filled with their last answers.
    Held at the meeting: not before the session's day (council_rule.meeting_not_held)."""
    item = _lock_open_item(item)
    council = item.session.council
    _require_chair(council, by, _("Chỉ Chủ tịch Hội đồng ghi nhận nội dung thảo luận."))
    held_at = held_at or timezone.now()
    session = item.session
    if ahead := meeting_not_held(written=session.is_written, meets_on=session.date, today=timezone.localdate(held_at)):
        raise ValidationError(ahead)
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
        held_at=held_at,
        note=note,
        spread=totals_spread(totals),
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
        text = gettext_lazy(
            "Ý kiến bằng văn bản khác nhau: Hội đồng đã thảo luận; mời chấm lại hồ sơ %(reg)s (Điều 7.6d)."
        )
    else:
        text = gettext_lazy("Hội đồng đã thảo luận; mời chấm lại hồ sơ %(reg)s (vòng %(n)s).")
    notify(
        users=[s.member.user for s in submitted],
        message=Phrase(text, reg=item.registration.as_phrase(), n=item.scoring_round),
        url=reverse("evaluation:session_detail", args=[item.session_id]),
    )
    return discussion


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

    Needs the meeting's day (council_rule.meeting_not_held: sheets may come in before it, the result may not),
    quorum and either a finding of the council (the evaluation stops: eliminated on that ground) or a submitted
    sheet from every present, non-recused, assigned member (drafts never count) with no discussion pending
    (`item_discuss`). A stop that every sheet's scores state eliminates (Phụ lục II notes). Otherwise the
    star rule gives the result (`consolidate`), and the registration moves on by its workflow row."""
    item = _lock_open_item(item)
    council = item.session.council
    _require_chair(council, by, _("Chỉ Chủ tịch Hội đồng tổng hợp kết quả."))
    state = item_state(user=None, item=item)
    if state.meeting_ahead:  # the result is the meeting's: not taken before its day (sheets may come in before)
        raise ValidationError(state.meeting_ahead)
    refusal = finalise_refusal(
        quorum_met=state.quorum.met,
        all_submitted=state.all_submitted,
        has_findings=bool(state.findings),
        needs_discussion=state.needs_discussion,
        max_spread=rules_in(item.session).max_spread,
    )
    if refusal:
        raise ValidationError(refusal)
    submitted = [s for s in state.sheets if s.status == SheetStatus.SUBMITTED]
    stops = _stops(state)
    registration = item.registration
    structure = scorecard_structure(registration.scorecard, registration.case_variant)
    # An upgrade must exceed the star the product holds (Điều 7.5): one that does not is not recognised, and no
    # decision replaces the certificate the product keeps.
    held_star = upgrade_held_star(registration)
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
        held_star=held_star,
    )
    result = _result_record(
        item=item, council=council, outcome=outcome, stops=stops, submitted=submitted, held_star=held_star, by=by
    )
    # A potential 5★ waits for the province's approval and letter (Điều 7.3e): the ministry's 45 days of a
    # re-evaluation (Điều 7.6g) start at that letter (services.transitions.registration_refer_central), not here.
    registration_transition(
        registration=registration,
        verb="council_result",
        step=outcome.step,
        by=by,
        expected=council.awaiting_status,
        refused=_("Hồ sơ không còn ở trạng thái chờ Hội đồng chấm điểm."),
    )
    return FinaliseOutcome(result=result, spread=outcome.spread)


def _result_record(
    *, item, council, outcome: Consolidation, stops, submitted, held_star: int | None, by: User
) -> CouncilResult:
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
        held_star=held_star,
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
            **({"held_star": held_star} if held_star is not None else {}),
        },
    )
    return result
