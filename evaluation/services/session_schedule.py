"""A council session rescheduled, cancelled or restored before it is held (ocop-domain.md §7). Closing
(services.councils) ends a meeting that took place; a session that will not meet on its day is moved to another day
or place, or called off, with its reason, so that its agenda's dossiers can go on another session; one called off by
mistake is restored while its day has not passed. The council's members are told each time, in the app and by
e-mail (services.session_notices).

Every write: atomic under the session's row lock, a state guard, full_clean, an audit row in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.edits import edit_changes
from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, model_changes
from ocop.text import nfc

from ..choices import ENDED_SESSIONS, RegistrationStatus, RevisionKind, SessionStatus, SheetStatus
from ..models.councils import AgendaItem, Attendance, CouncilSession
from ..models.results import CouncilFinding, CouncilResult, Discussion
from ..models.scoresheets import ScoreSheet, SheetRevision
from .council_rule import session_ended
from .councils import agenda_dossiers_locked, agenda_refusal, session_date_refusal
from .session_notices import session_scheduled_phrase, session_tell_members

SESSION_FIELDS = ("date", "location")


def session_reschedule_refusal(session: CouncilSession) -> str | None:
    """Why the session's day and place can no longer change, or None: it is closed or cancelled, its meeting was held
    (the roll taken) or the council has taken a result on it."""
    if ended := session_ended(session.status):
        return ended
    if session.status == SessionStatus.OPEN:
        return _("Phiên họp đã diễn ra (đã điểm danh): không đổi lịch được nữa.")
    if CouncilResult.objects.filter(item__session=session).exists():
        return _("Hội đồng đã có kết quả tại phiên họp này: không đổi lịch được nữa.")
    return None


def session_cancel_refusal(session: CouncilSession) -> str | None:
    """Why the session can no longer be cancelled, or None: it is closed or cancelled, a member has submitted a sheet
    on it, or the council has concluded on one of its dossiers (a result, a knock-out finding, a discussion). Only a
    submitted sheet is an opinion given: a draft, or one set aside (a late recusal, no written opinion recorded:
    services.conflicts), is not."""
    if ended := session_ended(session.status):
        return ended
    if ScoreSheet.objects.filter(item__session=session, status=SheetStatus.SUBMITTED).exists():
        return _("Đã có thành viên nộp phiếu chấm tại phiên họp này: không hủy được; hãy kết thúc phiên họp.")
    if (
        CouncilResult.objects.filter(item__session=session).exists()
        or CouncilFinding.objects.filter(item__session=session).exists()
        or Discussion.objects.filter(item__session=session).exists()
    ):
        return _("Hội đồng đã kết luận tại phiên họp này: không hủy được; hãy kết thúc phiên họp.")
    return None


@transaction.atomic
def session_reschedule(*, session: CouncilSession, by: User, data: dict, seen: dict | None = None) -> CouncilSession:
    """Move a session not yet held to another day or place. What the person left as their page showed keeps what
    someone else saved meanwhile (edit_changes). The new day keeps to the council's and the round's bounds
    (session_date_refusal) and is not in the past. The council's active members are told the new day and place."""
    session = (
        CouncilSession.objects.select_for_update(of=("self",)).select_related("council", "round").get(pk=session.pk)
    )
    if refusal := session_reschedule_refusal(session):
        raise ValidationError(refusal)
    fields = edit_changes(record=session, data={f: v for f, v in data.items() if f in SESSION_FIELDS}, seen=seen)
    errors = {}
    if "date" in fields:
        today = timezone.localdate()
        if fields["date"] < today:
            errors["date"] = _("Ngày họp mới không thể trước hôm nay (%(d)s).") % {"d": f"{today:%d/%m/%Y}"}
        elif refusal := session_date_refusal(council=session.council, round=session.round, on=fields["date"]):
            errors["date"] = refusal
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(session, name) for name in fields}
    for name, value in fields.items():
        setattr(session, name, nfc(value).strip() if isinstance(value, str) else value)
    session.full_clean()
    changes = model_changes(session, before, fields)
    if not changes:
        return session
    session.save(update_fields=list(changes))
    audit_record(actor=by, action="council_session.reschedule", target=session, changes=changes)
    was = before.get("date", session.date)
    session_tell_members(
        session,
        event="rescheduled",
        message=Phrase(
            gettext_lazy("Phiên họp ngày %(was)s của %(council)s đổi lịch: họp ngày %(d)s, tại %(place)s."),
            was=f"{was:%d/%m/%Y}",
            council=session.council.name,
            d=f"{session.date:%d/%m/%Y}",
            place=session.location or "—",
        ),
    )
    return session


@dataclass(frozen=True)
class LeftOut:
    """A dossier of a cancelled session's agenda that a restore leaves out, and why (a Phrase: shown on the restore
    page and told to the members, each in their language)."""

    item: AgendaItem
    reason: Phrase


@dataclass(frozen=True)
class RestoreCheck:
    """What restoring the session would do now: `refusal` (why it cannot be restored at all, or None), and the
    dossiers it leaves out of the agenda (`left_out`) and those it brings back (`kept`), in the agenda's order."""

    refusal: str | None
    left_out: list[LeftOut] = field(default_factory=list)
    kept: list[AgendaItem] = field(default_factory=list)


def session_restore_check(session: CouncilSession) -> RestoreCheck:
    """Only a cancelled session whose day has not passed is restored. Its agenda holds its dossiers again, but a
    dossier is on one open agenda at a time (services.councils): one that went on another session meanwhile, or moved
    on (a result, a withdrawal), is left out, with its reason; so is one the agenda may not hold now, by the rule
    that puts a dossier on it (councils.agenda_refusal: the council's area, the session's round, or for a session of
    no round none filed for a round; a dossier moved to a later round meanwhile, an agenda written before the rule).
    Refused when that would leave none of them, or would drop a dossier with a sheet once submitted and reopened
    since (_opinions_given): a submitted opinion is never deleted, the cancelled session keeps it."""
    if session.status != SessionStatus.CANCELLED:
        return RestoreCheck(
            session_ended(session.status) or _("Phiên họp không ở trạng thái đã hủy (có thể vừa được khôi phục).")
        )
    today = timezone.localdate()
    if session.date < today:
        return RestoreCheck(
            _("Ngày họp %(d)s đã qua: không khôi phục được; hãy tạo phiên họp mới.") % {"d": f"{session.date:%d/%m/%Y}"}
        )
    awaiting = session.council.awaiting_status
    items = list(
        session.items.select_related("registration__product", "registration__round", "registration__commune").order_by(
            "order", "pk"
        )
    )
    held_elsewhere = dict(  # one query for the whole agenda, however long it is
        AgendaItem.objects.filter(result__isnull=True, registration__in=[item.registration_id for item in items])
        .exclude(session=session)
        .exclude(session__status__in=ENDED_SESSIONS)
        .order_by("session__date")
        .values_list("registration_id", "session__date")
    )
    left_out, kept = [], []
    for item in items:
        registration = item.registration
        if registration.pk in held_elsewhere:
            reason = Phrase(
                gettext_lazy("đã được đưa vào phiên họp ngày %(d)s"), d=f"{held_elsewhere[registration.pk]:%d/%m/%Y}"
            )
        elif registration.status != awaiting:
            reason = Phrase(
                gettext_lazy("không còn chờ Hội đồng chấm điểm (trạng thái: %(s)s)"),
                s=RegistrationStatus(registration.status).label,
            )
        elif refusal := agenda_refusal(session, registration):
            reason = Phrase(gettext_lazy("không đưa vào phiên họp này được: %(why)s"), why=refusal)
        else:
            kept.append(item)
            continue
        left_out.append(LeftOut(item, reason))
    if given := _opinions_given(left_out):
        return RestoreCheck(
            _(
                "Không khôi phục được: hồ sơ %(which)s nhưng có phiếu chấm đã nộp tại phiên họp này (sau đó được "
                "Chủ tịch Hội đồng mở lại); bỏ hồ sơ khỏi chương trình sẽ xóa phiếu cùng bản đã nộp và lịch sử của "
                "phiếu. Hãy tạo phiên họp mới."
            )
            % {"which": "; ".join(f"“{lo.item.registration.product.name}” {lo.reason}" for lo in given)},
            left_out,
        )
    if left_out and not kept:
        return RestoreCheck(
            _(
                "Không khôi phục được: các hồ sơ trong chương trình đã được đưa vào phiên họp khác, không còn chờ Hội "
                "đồng chấm điểm hoặc không đưa vào phiên họp này được (%(why)s); hãy tạo phiên họp mới."
            )
            % {"why": "; ".join(f"“{lo.item.registration.product.name}”: {lo.reason}" for lo in left_out)},
            left_out,
        )
    return RestoreCheck(None, left_out, kept)


def _opinions_given(left_out: list[LeftOut]) -> list[LeftOut]:
    """Those of the left-out dossiers with a sheet once submitted on this session: reopened by the chair since (a
    draft again, or set aside after: services.conflicts), so the session could be cancelled, but its submitted copy
    (the hash printed on the signed sheet) and the reopening are kept as revisions of the sheet, which dropping the
    dossier would delete with it. One query, none when nothing is left out."""
    if not left_out:
        return []
    given = set(
        SheetRevision.objects.filter(
            sheet__item__in=[lo.item.pk for lo in left_out], kind=RevisionKind.SUBMIT
        ).values_list("sheet__item_id", flat=True)
    )
    return [lo for lo in left_out if lo.item.pk in given]


def session_restore_refusal(session: CouncilSession) -> str | None:
    """Why the session cannot be restored, or None (session_restore_check)."""
    return session_restore_check(session).refusal


@transaction.atomic
def session_cancel(*, session: CouncilSession, by: User, reason: str) -> CouncilSession:
    """Call off a session before any sheet is submitted or anything concluded, saying why (required: the session's
    page, its audit row and the members' notice give it): its agenda's dossiers are free for another session (an
    agenda item of an ended session holds its dossier no more: services.councils), its sheets (drafts, and those set
    aside) stay as they are. The council's active members are told, in the app and by e-mail."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy nêu lý do hủy phiên họp.")})
    session = CouncilSession.objects.select_for_update(of=("self",)).select_related("council").get(pk=session.pk)
    if refusal := session_cancel_refusal(session):
        raise ValidationError(refusal)
    old = session.status
    moved = CouncilSession.objects.filter(pk=session.pk, status=old).update(
        status=SessionStatus.CANCELLED, cancel_reason=reason
    )
    if moved != 1:  # unreachable under the lock; kept as the compare-and-swap every status move makes
        raise ValidationError(_("Phiên họp vừa được thay đổi; tải lại trang để xem trạng thái mới."))
    session.status, session.cancel_reason = SessionStatus.CANCELLED, reason
    items = session.items.count()
    audit_record(
        actor=by,
        action="council_session.cancel",
        target=session,
        changes={"status": [old, SessionStatus.CANCELLED.value], "reason": reason, "items_freed": items},
    )
    session_tell_members(
        session,
        event="cancelled",
        message=Phrase(
            gettext_lazy(
                "Phiên họp ngày %(d)s của %(council)s đã bị hủy (lý do: %(reason)s); các hồ sơ trong chương trình sẽ "
                "được đưa vào một phiên họp khác."
            ),
            d=f"{session.date:%d/%m/%Y}",
            council=session.council.name,
            reason=reason,
        ),
    )
    return session


@transaction.atomic
def session_restore(*, session: CouncilSession, by: User, leave_out: Iterable[int] = ()) -> CouncilSession:
    """Bring back a session called off (by mistake, or its reason gone) while its day has not passed
    (session_restore_check): it is planned again, or being scored when its roll had been taken, and its agenda
    holds its dossiers again, but for those that went on another session or moved on meanwhile: they leave its
    agenda (with their sheets, none ever submitted, their assignments and declarations), the others keep their order.
    `leave_out` is the ids of the registrations the officer saw listed as left out: the restore goes ahead only if
    that is still so, so nobody drops a dossier they were not shown. Under the session's row lock and by
    compare-and-swap from "cancelled", so a double click or two officers at once restore it once: the second is
    refused and nobody is told twice. The council's active members are told, in the app and by e-mail, with the
    agenda as restored."""
    session = (
        CouncilSession.objects.select_for_update(of=("self",)).select_related("council", "round").get(pk=session.pk)
    )
    agenda_dossiers_locked(session.items.values("registration_id"))  # one put on another session at this moment
    check = session_restore_check(session)
    if check.refusal:
        raise ValidationError(check.refusal)
    if {lo.item.registration_id for lo in check.left_out} != set(leave_out):
        raise ValidationError(
            _(
                "Chương trình phiên họp vừa thay đổi: danh sách hồ sơ không được khôi phục không còn như trang đã "
                "hiện. Hãy xem lại rồi xác nhận."
            )
        )
    status = SessionStatus.OPEN if Attendance.objects.filter(session=session).exists() else SessionStatus.PLANNED
    reason = session.cancel_reason
    moved = CouncilSession.objects.filter(pk=session.pk, status=SessionStatus.CANCELLED).update(
        status=status, cancel_reason=""
    )
    if moved != 1:  # unreachable under the lock; kept as the compare-and-swap every status move makes
        raise ValidationError(_("Phiên họp vừa được thay đổi; tải lại trang để xem trạng thái mới."))
    session.status, session.cancel_reason = status, ""
    changes = {"status": [SessionStatus.CANCELLED.value, status.value], "reason": [reason, ""]}
    if check.left_out:
        dropped = _agenda_drop(session=session, left_out=check.left_out, kept=check.kept)
        if dropped:
            changes["sheets_dropped"] = dropped
        changes["left_out"] = [
            {
                "registration": lo.item.registration_id,
                "product": lo.item.registration.product.name,
                "reason": lo.reason.source(),
            }
            for lo in check.left_out
        ]
    audit_record(actor=by, action="council_session.restore", target=session, changes=changes)
    lines = [
        Phrase(
            gettext_lazy("Phiên họp ngày %(d)s của %(council)s đã hủy nay được khôi phục."),
            d=f"{session.date:%d/%m/%Y}",
            council=session.council.name,
        ),
        session_scheduled_phrase(session),
    ]
    if check.kept:
        lines.append(
            Phrase(
                gettext_lazy("Chương trình phiên họp: %(items)s."),
                items="; ".join(f"{item.order}. {item.registration.product.name}" for item in check.kept),
            )
        )
    lines += [
        Phrase(
            gettext_lazy("Không còn trong chương trình: “%(name)s”, %(reason)s."),
            name=lo.item.registration.product.name,
            reason=lo.reason,
        )
        for lo in check.left_out
    ]
    session_tell_members(session, event="restored", message=Phrase.join(lines))
    return session


def _agenda_drop(*, session: CouncilSession, left_out: list[LeftOut], kept: list[AgendaItem]) -> list[int]:
    """Take the left-out dossiers off the restored session's agenda and number the others again from 1. A cancelled
    session has no submitted sheet (session_cancel_refusal), and the restore drops no dossier with a sheet once
    submitted (session_restore_check): the dropped items' sheets, drafts and those set aside alike (no opinion ever
    given), go with them, as their assignments and declarations do; anything else (a sheet submitted, or with a
    submitted revision, a finding) would stop the delete (PROTECT) rather than be lost. Returns the ids of the sheets
    dropped, for the audit row."""
    ids = [lo.item.pk for lo in left_out]
    dropped = sorted(
        ScoreSheet.objects.filter(item_id__in=ids)
        .exclude(status=SheetStatus.SUBMITTED)
        .exclude(revisions__kind=RevisionKind.SUBMIT)
        .values_list("pk", flat=True)
    )
    ScoreSheet.objects.filter(pk__in=dropped).delete()
    AgendaItem.objects.filter(pk__in=ids, session=session).delete()
    renumbered = []
    for order, item in enumerate(kept, start=1):
        if item.order != order:
            item.order = order
            renumbered.append(item)
    AgendaItem.objects.bulk_update(renumbered, ["order"])
    return dropped
