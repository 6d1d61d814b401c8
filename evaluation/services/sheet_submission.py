"""A member's sheet submitted, and reopened by the chair (ocop-domain.md §7): the two acts that lock and unlock it,
each frozen as a SheetRevision (a snapshot of the sheet and its digest, printed on the signed PDF).

Every write: atomic, a state guard (compare-and-swap on the sheet's `version`), an audit row in the same transaction.
The sheet's drafts (autosave, merge) are services.scoresheets.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, notify

from ..choices import SheetStatus
from ..models.councils import AgendaItem, CouncilMember
from ..models.scoresheets import ScoreSheet, SheetRevision
from ..selectors.councils import item_state
from ..selectors.criteria import criterion_number_order
from ..selectors.sheet_structure import sheet_header
from .council_reminders import chair_notify_sheets_in
from .scoresheets import (
    SheetInput,
    StaleSheet,
    criteria_not_asked,
    guard_item_open,
    scoresheet_save,
    write_sheet,
)


def _guard_session_open(sheet: ScoreSheet) -> None:
    guard_item_open(sheet.item)


def _snapshot(sheet: ScoreSheet) -> dict:
    return {
        "scores": {
            str(s.criterion_id): {
                "option": s.option_id,
                "points": s.points,
                "comment": s.comment,
                "answered": s.answered,
            }
            for s in sheet.scores.all()
        },
        "comment": sheet.comment,
        "knocked_out": sheet.knocked_out,
        "knockout_reason": sheet.knockout_reason,
        "scoring_round": sheet.scoring_round,
        "submitted_at": sheet.submitted_at.isoformat() if sheet.submitted_at else None,
        # The sheet's head (product, code, producer, phone, address) as it stood at submission, printed on the signed
        # PDF and covered by the digest. Revisions kept before it was frozen have no "header": their stored copies
        # and digests stay as they are, and their PDF prints today's values and says so.
        "header": sheet_header(registration_id=sheet.item.registration_id),
    }


def _check_one_case(sheet: ScoreSheet) -> None:
    """Set 26 ("Lựa chọn một trong hai trường hợp"): every option chosen from a case must come from the same case,
    so a product is not scored as community tourism on one criterion and as a business on another."""
    options = sheet._structure.options
    cases: dict[int, list[str]] = {}
    for score in sheet.scores.all():
        option = options.get(score.option_id) if score.option_id else None
        if option is not None and option.case_variant:
            cases.setdefault(option.case_variant, []).append(sheet._structure.criteria[score.criterion_id].number)
    if len(cases) > 1:
        numbers = ", ".join(sorted({n for ns in cases.values() for n in ns}, key=criterion_number_order))
        raise ValidationError(
            _("Các tiêu chí %(numbers)s phải chọn phương án của cùng một trường hợp (Trường hợp 1 hoặc 2).")
            % {"numbers": numbers}
        )


def revision_digest(revision: SheetRevision) -> str:
    """The fingerprint of a frozen sheet: SHA-256 of its canonical JSON (member, user, dossier, version, total,
    every choice and comment). Recomputing it and comparing with `revision.digest` shows any later change."""
    sheet = revision.sheet
    payload = {
        "sheet": sheet.pk,
        "item": sheet.item_id,
        "registration": sheet.item.registration_id,
        "member": sheet.member_id,
        "user": sheet.member.user.username,
        "kind": revision.kind,
        "version": revision.version,
        "total": str(revision.total),
        "snapshot": revision.snapshot,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def scoresheet_submit(*, sheet: ScoreSheet, version: int, data: SheetInput, by: User) -> ScoreSheet:
    """Save and lock the sheet. Every criterion needs a choice ("none" counts) unless the sheet's scores state a stop
    (Phụ lục II: "sẽ không đánh giá các bước tiếp theo"), but for a conditional one whose condition scores 0 (no
    product story in 5.1: 5.2 "chỉ áp dụng khi có câu chuyện sản phẩm" counts 0, criteria_not_asked). When it is the last sheet the council waits for, the chair
    is told: the result is the chair's act (`item_finalise`), or a discussion first (`item_discuss`)."""
    # Lock the item so that two members submitting at once cannot both miss being the last one.
    item = AgendaItem.objects.select_for_update().get(pk=sheet.item_id)
    _guard_session_open(sheet)
    sheet = write_sheet(sheet=sheet, version=version, data=data)
    not_asked = criteria_not_asked(structure=sheet._structure, choices=data.choices)
    missing = [c for cid, c in sheet._structure.criteria.items() if cid not in sheet._answered and cid not in not_asked]
    if missing and not sheet.stops:
        # The count tells the member how much is left when the list is cut (a sheet has 30+ criteria).
        numbers = ", ".join(c.number for c in missing[:10])
        if len(missing) > 10:
            rest = len(missing) - 10
            numbers += ngettext(" và %(rest)d tiêu chí khác", " và %(rest)d tiêu chí khác", rest) % {"rest": rest}
        raise ValidationError(
            ngettext(
                "Chưa chọn phương án cho %(count)d tiêu chí: %(numbers)s.",
                "Chưa chọn phương án cho %(count)d tiêu chí: %(numbers)s.",
                len(missing),
            )
            % {"count": len(missing), "numbers": numbers},
            code="unanswered",  # the page marks each criterion left without a choice
        )
    _check_one_case(sheet)
    moved = ScoreSheet.objects.filter(pk=sheet.pk, version=sheet.version, status=SheetStatus.DRAFT).update(
        status=SheetStatus.SUBMITTED,
        version=sheet.version + 1,
        submitted_at=timezone.now(),
    )
    if moved != 1:
        raise StaleSheet()
    sheet.refresh_from_db()
    revision = SheetRevision(
        sheet=sheet,
        kind=SheetRevision.Kind.SUBMIT,
        version=sheet.version,
        total=sheet.total,
        snapshot=_snapshot(sheet),
        by=by,
    )
    revision.digest = revision_digest(revision)
    revision.save()
    audit_record(
        actor=by,
        action="scoresheet.submit",
        target=sheet,
        changes={"total": str(sheet.total), "version": sheet.version},
    )
    state = item_state(user=None, item=item)
    if state.all_sheets_in:
        chair_notify_sheets_in(item=item, state=state)
    return sheet


def scoresheet_submit_keeping(
    *, sheet: ScoreSheet, version: int, data: SheetInput, by: User, base: SheetInput | None = None
) -> ScoreSheet:
    """The sheet form's submit (without JavaScript nothing autosaved the page): scoresheet_submit, and when it refuses
    what the sheet holds (criteria without a choice, options of both cases), the page is kept as the draft by the
    form's own save (scoresheet_save: its merge with another tab's save and its compare-and-swap), then the refusal is
    raised with `kept`, the sheet as saved, so that no refusal loses what the member chose. A refusal of the sheet
    changed elsewhere (StaleSheet) keeps nothing: the page shows both. When the save is refused too (a wrong choice,
    the session closed, a conflict), nothing is kept and the submit's refusal stands (`kept` None)."""
    try:
        return scoresheet_submit(sheet=sheet, version=version, data=data, by=by)
    except StaleSheet:
        raise
    except ValidationError as refusal:
        # scoresheet_submit's transaction is rolled back, not the sheet it wrote on: read it again (at `version` unless
        # saved elsewhere meanwhile, which the save merges or refuses).
        sheet.refresh_from_db()
        try:
            refusal.kept = scoresheet_save(sheet=sheet, version=version, data=data, by=by, base=base)
        except ValidationError:
            refusal.kept = None
        raise refusal from None


def scoresheet_reopen_refusal(*, sheet: ScoreSheet, item: AgendaItem | None = None) -> str | None:
    """Why the chair can no longer reopen this sheet, whoever asks, or None: its session is closed or cancelled, the
    item's result is taken, or the sheet belongs to an earlier scoring round. The one check behind the reopen and
    behind what the locked sheet tells its member."""
    item = item or sheet.item
    try:
        guard_item_open(item)
    except ValidationError as error:
        return error.messages[0]
    if sheet.scoring_round != item.scoring_round:
        return _("Phiếu thuộc vòng chấm trước; không thể mở lại.")
    return None


@transaction.atomic
def scoresheet_reopen(*, sheet: ScoreSheet, reason: str, by: User) -> ScoreSheet:
    """Only the chair reopens a submitted sheet, with a reason; the submitted version is kept as a revision."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do mở lại phiếu.")})
    council = sheet.item.session.council
    if not CouncilMember.objects.filter(council=council, user=by, role="chair", active=True).exists():
        raise ValidationError(_("Chỉ Chủ tịch Hội đồng được mở lại phiếu."))
    # The item's lock, as submit and the result take it: a result being taken in another tab is committed before
    # the check below reads it, so no result stands on a sheet put back to draft behind it.
    item = AgendaItem.objects.select_for_update().get(pk=sheet.item_id)
    previous = ScoreSheet.objects.get(pk=sheet.pk)
    if refusal := scoresheet_reopen_refusal(sheet=previous, item=item):
        raise ValidationError(refusal)
    snapshot = _snapshot(previous)
    moved = ScoreSheet.objects.filter(pk=sheet.pk, status=SheetStatus.SUBMITTED, version=previous.version).update(
        status=SheetStatus.DRAFT, version=previous.version + 1, submitted_at=None
    )
    if moved != 1:
        raise ValidationError(_("Phiếu không ở trạng thái đã nộp."))
    SheetRevision.objects.create(
        sheet=sheet,
        kind=SheetRevision.Kind.REOPEN,
        version=previous.version,
        total=previous.total,
        snapshot=snapshot,
        reason=reason,
        by=by,
    )
    sheet.refresh_from_db()
    audit_record(actor=by, action="scoresheet.reopen", target=sheet, changes={"reason": reason})
    url = reverse("evaluation:sheet_edit", args=[sheet.item_id])
    # In-app notices are rows of the same transaction (e-mails would go through on_commit).
    notify(
        users=[sheet.member.user],
        url=url,
        message=Phrase(gettext_lazy("Chủ tịch Hội đồng đã mở lại phiếu chấm của bạn: %(reason)s"), reason=reason),
    )
    return sheet
