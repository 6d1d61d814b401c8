"""A council member's conflict-of-interest declaration on an agenda item (ocop-domain.md §7), and the score sheet it
opens: a member who declares no conflict gets a draft sheet of the item's current round; one with a conflict is
recused from the item. A member who gave no written opinion by the deadline (no_opinion_record) is set aside the same
way, by the chair or the office, who may take the record back while the item has no result (no_opinion_undo). Also the sheet a re-scoring round starts from (scoresheet_start, services.results).

The sheet's own writes are services.scoresheets (drafts) and services.sheet_submission (submit, reopen).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, duplicates_refused, notify

from ..choices import SheetStatus
from ..models.councils import AgendaItem, Assignment, CouncilMember
from ..models.scoresheets import ConflictDeclaration, Score, ScoreSheet
from ..permissions.councils import is_manager, leads_session
from ..selectors.councils import item_state
from .council_reminders import chair_notify_sheets_in
from .council_rule import member_scores
from .scoresheets import guard_item_open

NO_OPINION_MESSAGE = gettext_lazy("Hội đồng đã ghi nhận bạn không có ý kiến về hồ sơ này.")


@transaction.atomic
def conflict_declare(
    *,
    item: AgendaItem,
    member: CouncilMember,
    has_conflict: bool,
    reason: str = "",
    by: User,
) -> ConflictDeclaration:
    """Declare "no conflict" (then a draft sheet is opened) or a conflict with a reason (recusal from the item).
    A declaration is final, but for one way: a member who declared no conflict and finds one on reading the dossier
    stands aside while their sheet is a draft (`_recuse_late`). The chair sees every declaration. Only a member who
    scores (council_rule.member_scores) declares: the declaration opens the sheet."""
    if not member_scores(member, session=item.session):
        raise ValidationError(_("Theo Quy chế của Hội đồng, Thư ký không chấm điểm."))
    assignment = item.assignments.filter(member=member).first()
    if assignment is None:
        raise ValidationError(_("Thành viên không được phân công hồ sơ này."))
    if assignment.no_opinion_at is not None:  # no sheet to open, nothing left to stand aside from
        raise ValidationError(NO_OPINION_MESSAGE)
    guard_item_open(item)
    reason = (reason or "").strip()
    if has_conflict and not reason:
        raise ValidationError({"reason": _("Cần nêu lý do xung đột lợi ích.")})
    existing = ConflictDeclaration.objects.select_for_update().filter(item=item, member=member).first()
    if existing is not None:
        if has_conflict and not existing.has_conflict:
            return _recuse_late(declaration=existing, item=item, member=member, reason=reason, by=by)
        raise ValidationError(_("Bạn đã kê khai xung đột lợi ích cho hồ sơ này."))
    declaration = ConflictDeclaration(item=item, member=member, has_conflict=has_conflict, reason=reason)
    declaration.full_clean()
    # A double click or a second tab passes the check above in parallel; declaration_unique stops the second.
    with duplicates_refused(ConflictDeclaration):
        declaration.save()
    audit_record(
        actor=by,
        action="conflict.declare",
        target=item,
        changes={"member": member.pk, "has_conflict": has_conflict, "reason": reason},
    )
    if not has_conflict:
        scoresheet_start(item=item, member=member)
    return declaration


def _recuse_late(
    *, declaration: ConflictDeclaration, item: AgendaItem, member: CouncilMember, reason: str, by: User
) -> ConflictDeclaration:
    """A member who declared no conflict finds one once the dossier is open (a relative's cooperative, a consultancy
    they gave): they stand aside, as if they had declared it first. Their draft is set aside (kept, superseded: it
    counts nowhere), so neither a conflicted score enters the mean nor an unsent sheet holds the result back for ever
    (a member with a sheet cannot be unassigned, and one who scored another item cannot be marked absent). A
    submitted sheet is the chair's to reopen first (scoresheet_reopen, with a reason)."""
    # The item's lock, as a submit takes it: a sheet submitted in another tab meanwhile is refused below, or finds
    # its draft set aside (its compare-and-swap wants a draft).
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if _submitted_sheet(item, member):
        raise ValidationError(
            _("Phiếu của bạn đã nộp: đề nghị Chủ tịch Hội đồng mở lại phiếu, rồi kê khai xung đột lợi ích.")
        )
    set_aside = _drafts_set_aside(item, member)
    declaration.has_conflict, declaration.reason = True, reason
    declaration.full_clean()
    declaration.save(update_fields=["has_conflict", "reason"])
    audit_record(
        actor=by,
        action="conflict.declare",
        target=item,
        changes={"member": member.pk, "has_conflict": [False, True], "reason": reason, "drafts_set_aside": set_aside},
    )
    _chair_told_if_all_sheets_in(item)
    return declaration


def _submitted_sheet(item: AgendaItem, member: CouncilMember) -> bool:
    """Whether the member's sheet of the item's current round is submitted (an opinion given, which stays)."""
    return ScoreSheet.objects.filter(
        item=item, member=member, scoring_round=item.scoring_round, status=SheetStatus.SUBMITTED
    ).exists()


def _drafts_set_aside(item: AgendaItem, member: CouncilMember) -> list[int]:
    """The member stands aside from the item (a late recusal, no written opinion): their drafts are kept but
    superseded, so they count nowhere. Returns their ids, for the audit row."""
    set_aside = list(
        ScoreSheet.objects.filter(item=item, member=member, status=SheetStatus.DRAFT).values_list("pk", flat=True)
    )
    ScoreSheet.objects.filter(pk__in=set_aside).update(status=SheetStatus.SUPERSEDED)
    return set_aside


def _chair_told_if_all_sheets_in(item: AgendaItem) -> None:
    """After a member stands aside: if theirs was the sheet the council waited for, the chair's turn now."""
    state = item_state(user=None, item=item)
    if state.all_sheets_in:
        chair_notify_sheets_in(item=item, state=state)


def _guard_runs_session(item: AgendaItem, by: User) -> None:
    """Only whoever runs the session records or undoes a member's "no opinion": its chair or secretary, or the office
    that manages the council."""
    council = item.session.council
    if not (is_manager(by, council) or leads_session(by, council)):
        raise ValidationError(_("Chỉ Chủ tịch, Thư ký Hội đồng hoặc cơ quan tổ chức phiên họp được ghi nhận việc này."))


def scoresheet_start(*, item: AgendaItem, member: CouncilMember, copy_from: ScoreSheet | None = None) -> ScoreSheet:
    """The member's sheet of the item's current round, created as a draft if missing (a copy of `copy_from`'s
    scores when given: a re-scoring round starts from the member's last sheet). Callers hold the guards."""
    sheet, created = ScoreSheet.objects.get_or_create(
        item=item,
        member=member,
        scoring_round=item.scoring_round,
        defaults={"status": SheetStatus.DRAFT},
    )
    if created and copy_from is not None:
        Score.objects.bulk_create(
            [
                Score(
                    sheet=sheet,
                    criterion_id=s.criterion_id,
                    option_id=s.option_id,
                    points=s.points,
                    comment=s.comment,
                    answered=s.answered,
                )
                for s in copy_from.scores.all()
            ]
        )
        ScoreSheet.objects.filter(pk=sheet.pk).update(
            total=copy_from.total,
            comment=copy_from.comment,
            knocked_out=copy_from.knocked_out,
            knockout_reason=copy_from.knockout_reason,
        )
        sheet.refresh_from_db()
    return sheet


@transaction.atomic
def scoresheet_open(*, item: AgendaItem, member: CouncilMember, by: User) -> ScoreSheet:
    """The member's sheet of the current round; requires a "no conflict" declaration first."""
    declaration = ConflictDeclaration.objects.filter(item=item, member=member).first()
    if declaration is None:
        raise ValidationError(_("Hãy kê khai xung đột lợi ích trước khi mở hồ sơ."))
    if declaration.has_conflict:
        raise ValidationError(_("Bạn đã tự nguyện không tham gia đánh giá hồ sơ này."))
    if Assignment.objects.filter(item=item, member=member, no_opinion_at__isnull=False).exists():
        raise ValidationError(NO_OPINION_MESSAGE)
    existing = ScoreSheet.objects.filter(item=item, member=member, scoring_round=item.scoring_round).first()
    if existing is not None:
        return existing
    guard_item_open(item)  # no new blank sheet once the meeting is over or the result exists
    return scoresheet_start(item=item, member=member)


@transaction.atomic
def no_opinion_record(*, item: AgendaItem, member: CouncilMember, reason: str, by: User) -> Assignment:
    """A written-opinion session (D26 Điều 7.6d) has no roll: a member who opened a sheet and never answered held the
    item for ever (a member with a sheet cannot be unassigned, nobody is marked absent). Once the opinions' deadline
    (the session's date) has passed, the chair, the secretary or the office records that the member gave no opinion:
    their draft is set aside as a late recusal's is (kept, superseded: it counts nowhere), they no longer count among
    those who answer, and the submitted sheets decide if the quorum rule (council_rule.quorum, unchanged) is still
    met. The member is told; a submitted sheet is an opinion and stays."""
    session = item.session
    _guard_runs_session(item, by)
    if not session.is_written:
        raise ValidationError(
            _("Chỉ áp dụng cho phiên lấy ý kiến bằng văn bản; phiên họp điểm danh thành viên vắng mặt.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do.")})
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)  # the lock submit and the result take
    guard_item_open(item)
    if timezone.localdate() <= session.date:
        raise ValidationError(
            _("Thành viên còn hạn gửi ý kiến đến hết ngày %(d)s.") % {"d": f"{session.date:%d/%m/%Y}"}
        )
    assignment = Assignment.objects.select_for_update().filter(item=item, member=member).first()
    if assignment is None:
        raise ValidationError(_("Thành viên không được phân công hồ sơ này."))
    if assignment.no_opinion_at is not None:
        raise ValidationError(_("Đã ghi nhận thành viên không có ý kiến."))
    if _submitted_sheet(item, member):
        raise ValidationError(_("Thành viên đã nộp phiếu."))
    if ConflictDeclaration.objects.filter(item=item, member=member, has_conflict=True).exists():
        raise ValidationError(_("Thành viên đã tự nguyện không tham gia đánh giá hồ sơ này."))
    set_aside = _drafts_set_aside(item, member)
    assignment.no_opinion_at, assignment.no_opinion_reason = timezone.now(), reason
    assignment.save(update_fields=["no_opinion_at", "no_opinion_reason"])
    audit_record(
        actor=by,
        action="agenda_item.no_opinion",
        target=item,
        changes={"member": member.pk, "reason": reason, "drafts_set_aside": set_aside},
    )
    notify(
        users=[member.user],
        url=reverse("evaluation:session_detail", args=[session.pk]),
        message=Phrase(
            gettext_lazy("Hội đồng ghi nhận bạn không có ý kiến về hồ sơ %(item)s (quá hạn %(d)s): %(reason)s"),
            item=str(item.registration.product),
            d=f"{session.date:%d/%m/%Y}",
            reason=reason,
        ),
    )
    _chair_told_if_all_sheets_in(item)
    return assignment


@transaction.atomic
def no_opinion_undo(*, item: AgendaItem, member: CouncilMember, by: User) -> Assignment:
    """Undo no_opinion_record (recorded by mistake, or the member's opinion was in on paper): while the item has no
    result and its session is open, whoever runs the session takes the record back. The member counts among those
    who answer again, and their draft of the current scoring round, set aside by the record, is a draft again (its
    version moves on, so a page left open merges or reloads); a member who had no sheet opens one as before. The
    act is audited and the member told."""
    _guard_runs_session(item, by)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)  # the lock submit and the result take
    guard_item_open(item)
    assignment = Assignment.objects.filter(item=item, member=member).first()
    if assignment is None:
        raise ValidationError(_("Thành viên không được phân công hồ sơ này."))
    # Compare-and-swap: a second click or another tab finds the record already taken back.
    moved = Assignment.objects.filter(pk=assignment.pk, no_opinion_at__isnull=False).update(
        no_opinion_at=None, no_opinion_reason=""
    )
    if moved != 1:
        raise ValidationError(_("Thành viên không được ghi nhận là không có ý kiến (hoặc đã được hủy ghi nhận)."))
    restored = list(
        ScoreSheet.objects.filter(
            item=item, member=member, scoring_round=item.scoring_round, status=SheetStatus.SUPERSEDED
        ).values_list("pk", flat=True)
    )
    ScoreSheet.objects.filter(pk__in=restored).update(status=SheetStatus.DRAFT, version=F("version") + 1)
    audit_record(
        actor=by,
        action="agenda_item.no_opinion_undo",
        target=item,
        changes={
            "member": member.pk,
            "no_opinion_at": assignment.no_opinion_at.isoformat() if assignment.no_opinion_at else None,
            "reason": assignment.no_opinion_reason,
            "drafts_restored": restored,
        },
    )
    assignment.refresh_from_db()
    notify(
        users=[member.user],
        url=reverse("evaluation:sheet_edit", args=[item.pk]),
        message=Phrase(
            gettext_lazy("Hội đồng đã hủy ghi nhận bạn không có ý kiến về hồ sơ %(item)s: bạn tiếp tục chấm phiếu."),
            item=str(item.registration.product),
        ),
    )
    return assignment
