"""Writes for councils (ocop-domain.md §7): set-up, members, sessions, the agenda and attendance. A member's
conflict declaration lives in services/conflicts.py, score sheets in services/scoresheets.py (drafts) and
services/sheet_submission.py (submit, reopen), the council's result in services/results.py.

Every write: atomic, a state guard (compare-and-swap or the sheet's `version`), full_clean, an audit row in the
same transaction, side effects on commit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.models import User
from ocop.numbering import decision_number_check
from ocop.phrases import Phrase
from ocop.services import audit_record, duplicates_refused

from ..choices import (
    ENDED_SESSIONS,
    CouncilKind,
    MemberRole,
    RegistrationKind,
    SessionMode,
    SessionStatus,
    SheetStatus,
)
from ..models.councils import AgendaItem, Assignment, Attendance, Council, CouncilMember, CouncilSession
from ..models.registrations import Registration
from ..models.results import CouncilFinding, CouncilResult, Discussion
from ..models.scoresheets import ScoreSheet
from ..selectors.decision_numbers import council_issuer
from .council_rule import RULE_FIELDS, meeting_not_held, member_scores, members_on_q, scorers_q, session_ended
from .round_calendar import round_agenda_refusal, roundless_agenda_refusal
from .session_notices import session_scheduled_phrase, session_tell_members

# ---------------------------------------------------------------- councils and sessions


@transaction.atomic
def council_create(*, by: User, **fields) -> Council:
    council = Council(**fields)
    council.full_clean()
    if council.decision_number.strip() and council.decision_date:
        # The establishing decision is numbered in the one sequence of its issuer's decisions of the year; one
        # decision may establish the council and its advisory team together (Điều 7.3b).
        decision_number_check(
            issuer=council_issuer(council),
            number=council.decision_number,
            on=council.decision_date,
            decision=("council", council.decision_date),
            field="decision_number",
        )
    council.save()
    audit_record(actor=by, action="council.create", target=council, summary=council.name)
    return council


@transaction.atomic
def council_member_add(
    *, council: Council, user: User, role: str, agency: str = "", joined_on: date | None = None, by: User
) -> CouncilMember:
    """Add a member from `joined_on` (the appointing decision's day; today when not given): they count in the
    sessions from that day on (council_rule.members_on_q), not in earlier ones. Not a day to come, nor before the
    council was established."""
    today = timezone.localdate()
    joined_on = joined_on or today
    if joined_on > today:
        raise ValidationError(
            {"joined_on": _("Ngày tham gia không thể sau hôm nay (%(d)s).") % {"d": f"{today:%d/%m/%Y}"}}
        )
    if council.decision_date and joined_on < council.decision_date:
        raise ValidationError(
            {
                "joined_on": _("Ngày tham gia không thể trước ngày quyết định thành lập Hội đồng (%(d)s).")
                % {"d": f"{council.decision_date:%d/%m/%Y}"}
            }
        )
    member = CouncilMember(council=council, user=user, role=role, agency=agency, joined_on=joined_on)
    member.full_clean()
    with duplicates_refused(CouncilMember):  # the same person (or a second chair) added from two tabs
        member.save()
    audit_record(
        actor=by,
        action="council.member_add",
        target=council,
        changes={"user": user.username, "role": role, "agency": agency, "joined_on": joined_on.isoformat()},
    )
    return member


@transaction.atomic
def council_member_deactivate(*, member: CouncilMember, by: User) -> CouncilMember:
    """A member leaves the council (replaced, retired, or a new chair is appointed): kept for the record of what
    they scored, no longer counted for quorum or assigned. Refused while they score a dossier still open."""
    scoring = ScoreSheet.objects.filter(
        member=member, item__result__isnull=True, item__session__status__in=[SessionStatus.PLANNED, SessionStatus.OPEN]
    ).exclude(status=SheetStatus.SUPERSEDED)
    if scoring.exists():
        raise ValidationError(
            _("Thành viên đang chấm hồ sơ chưa có kết quả; hãy hoàn tất hoặc kết thúc phiên họp trước.")
        )
    if CouncilMember.objects.filter(pk=member.pk, active=True).update(active=False) != 1:
        raise ValidationError(_("Thành viên đã thôi tham gia Hội đồng."))
    open_sessions = [SessionStatus.PLANNED, SessionStatus.OPEN]
    Assignment.objects.filter(
        member=member, item__result__isnull=True, item__session__status__in=open_sessions
    ).delete()
    Attendance.objects.filter(member=member, session__status__in=open_sessions).delete()
    member.refresh_from_db()
    audit_record(
        actor=by,
        action="council.member_deactivate",
        target=member.council,
        changes={"user": member.user.username, "role": member.role, "active": [True, False]},
    )
    return member


def rules_change_refusal(*, council: Council) -> str | None:
    """Why the council's Quy chế (council_rule.RULE_FIELDS) cannot change now, or None. Not while a session still to
    be held or being held has a sheet submitted or a conclusion of the council (a result, a knock-out finding, a
    discussion): the quorum, the scorers and the spread rule of the dossiers being evaluated would change under the
    sheets already in. A closed session keeps the settings it was held under (council_rule.rules_in); a cancelled
    one holds no submitted sheet nor conclusion (session_schedule.session_cancel_refusal)."""
    live = CouncilSession.objects.filter(council=council, status__in=[SessionStatus.PLANNED, SessionStatus.OPEN])
    of_session = {"item__session": OuterRef("pk")}
    begun = (
        live.filter(
            # submitted, or submitted once before a re-scoring round superseded it
            Exists(
                ScoreSheet.objects.filter(Q(status=SheetStatus.SUBMITTED) | Q(submitted_at__isnull=False), **of_session)
            )
            | Exists(CouncilResult.objects.filter(**of_session))
            | Exists(CouncilFinding.objects.filter(**of_session))
            | Exists(Discussion.objects.filter(**of_session))
        )
        .order_by("date", "pk")
        .first()
    )
    if begun is not None:
        return _(
            "Phiên họp ngày %(d)s đã có phiếu chấm được nộp hoặc kết luận của Hội đồng: thay đổi lúc này làm thay "
            "đổi túc số và thành viên chấm của các hồ sơ đang đánh giá. Hãy thay đổi sau khi kết thúc phiên họp."
        ) % {"d": f"{begun.date:%d/%m/%Y}"}
    return None


def secretary_scores_refusal(*, council: Council, secretary_scores: bool) -> str | None:
    """Why the council's Quy chế on its secretary (Council.secretary_scores) cannot be set to `secretary_scores` now,
    or None: `rules_change_refusal`; nor, for the secretary to stop scoring, while a secretary has a sheet open in a
    session still to be held or being held: it would be left counting nowhere."""
    if refusal := rules_change_refusal(council=council):
        return refusal
    if not secretary_scores:
        live = CouncilSession.objects.filter(council=council, status__in=[SessionStatus.PLANNED, SessionStatus.OPEN])
        sheet = (
            ScoreSheet.objects.filter(
                item__session__in=live, member__council=council, member__role=MemberRole.SECRETARY
            )
            .select_related("member__user", "item__session", "item__registration__product")
            .order_by("item__session__date", "pk")
            .first()
        )
        if sheet is not None:
            return _(
                "Thư ký %(name)s đã mở phiếu chấm hồ sơ “%(p)s” (phiên họp ngày %(d)s): chỉ thay đổi được sau khi "
                "kết thúc phiên họp."
            ) % {
                "name": sheet.member.user,
                "p": sheet.item.registration.product.name,
                "d": f"{sheet.item.session.date:%d/%m/%Y}",
            }
    return None


def _rules_locked(council: Council) -> tuple[Council, object]:
    """The council's row and the items of its sessions not closed, locked as a submit locks its item: a sheet
    submitted meanwhile is either seen by the refusal or submitted after the change. Returns the council as it is
    now and those items."""
    council = Council.objects.select_for_update().get(pk=council.pk)
    open_items = AgendaItem.objects.filter(session__council=council).exclude(session__status=SessionStatus.CLOSED)
    list(open_items.select_for_update(of=("self",)).order_by("pk").values_list("pk"))
    return council, open_items


@transaction.atomic
def council_set_secretary_scores(*, council: Council, secretary_scores: bool, by: User) -> Council:
    """Set whether the council's secretary scores, as its Quy chế says (council_rule.member_scores), unless
    `secretary_scores_refusal` says why not. Its sessions not closed follow the council; when the secretary stops
    scoring, their assignments on the dossiers of those sessions without a result go (they had no sheet there: the
    refusal). A secretary who starts scoring is assigned the dossiers put on an agenda from now on, and those already
    on one from the session's page (item_assign_members), as a member who joins the council is."""
    council, open_items = _rules_locked(council)
    if council.secretary_scores == secretary_scores:
        return council
    if refusal := secretary_scores_refusal(council=council, secretary_scores=secretary_scores):
        raise ValidationError({"secretary_scores": refusal})
    Council.objects.filter(pk=council.pk, secretary_scores=not secretary_scores).update(
        secretary_scores=secretary_scores
    )
    unassigned = 0
    if not secretary_scores:
        unassigned, _by_model = Assignment.objects.filter(
            item__in=open_items.filter(result__isnull=True), member__role=MemberRole.SECRETARY
        ).delete()
    council.refresh_from_db()
    audit_record(
        actor=by,
        action="council.secretary_scores",
        target=council,
        changes={"secretary_scores": [not secretary_scores, secretary_scores], "assignments_removed": unassigned},
    )
    return council


# The Quy chế settings changed by council_set_rules; the secretary's has its own act (council_set_secretary_scores),
# which also takes the secretary's assignments away.
QUORUM_AND_SPREAD = tuple(name for name in RULE_FIELDS if name != "secretary_scores")


@transaction.atomic
def council_set_rules(*, council: Council, by: User, **values) -> Council:
    """Change the council's Quy chế settings (QUORUM_AND_SPREAD: quorum, chair, spread, aggregation) after its
    set-up, unless `rules_change_refusal` says why not (told beside each field changed). Its sessions not closed
    follow the council; a closed one keeps the settings it was held under (session_close, council_rule.rules_in)."""
    if unknown := set(values) - set(QUORUM_AND_SPREAD):
        raise TypeError(f"not a Quy chế setting: {sorted(unknown)}")
    council, _open_items = _rules_locked(council)
    old = {name: getattr(council, name) for name in values}
    changed = {name: value for name, value in values.items() if value != old[name]}
    if not changed:
        return council
    if refusal := rules_change_refusal(council=council):
        raise ValidationError(dict.fromkeys(changed, refusal))
    for name, value in changed.items():
        setattr(council, name, value)
    council.full_clean()
    # Compare-and-swap on what was read under the lock.
    if Council.objects.filter(pk=council.pk, **{name: old[name] for name in changed}).update(**changed) != 1:
        raise ValidationError(_("Quy chế của Hội đồng vừa được thay đổi; tải lại trang để xem."))
    council.refresh_from_db()
    audit_record(
        actor=by,
        action="council.rules",
        target=council,
        changes={name: [_audit_value(old[name]), _audit_value(value)] for name, value in changed.items()},
    )
    return council


def _audit_value(value):
    return str(value) if isinstance(value, Decimal) else value


def session_date_refusal(*, council: Council, round, on: date) -> str | None:
    """Why a session cannot be dated `on`, naming the earliest day it can be, or None. A council meets from the
    decision that establishes it (a session dated before it was accepted, and its minutes then said the council met
    before it existed); a session of a round, not before the round's year (2020 typed for 2026)."""
    bounds = []
    if council.decision_date:
        bounds.append(
            (council.decision_date, _("Ngày họp không thể trước ngày quyết định thành lập Hội đồng (%(d)s)."))
        )
    if round is not None:
        bounds.append((date(round.year, 1, 1), _("Ngày họp không thể trước năm của đợt đánh giá (%(d)s).")))
    if not bounds:
        return None
    earliest, message = max(bounds, key=lambda bound: bound[0])  # the later bound: the day it can be at the earliest
    return message % {"d": f"{earliest:%d/%m/%Y}"} if on < earliest else None


@transaction.atomic
def session_create(
    *,
    council: Council,
    date: date,
    location: str = "",
    round=None,
    mode: str = SessionMode.MEETING,
    by: User,
) -> CouncilSession:
    if council.kind != CouncilKind.COUNCIL:
        # Điều 7.3c: the Tổ tư vấn reviews dossiers and reports to the chair; only the council scores.
        raise ValidationError(_("Tổ tư vấn không tổ chức phiên chấm điểm; chỉ Hội đồng đánh giá, phân hạng chấm điểm."))
    if round is not None and (round.level != council.level or round.unit_id != council.unit_id):
        raise ValidationError({"round": _("Đợt đánh giá không thuộc cấp, địa bàn của Hội đồng.")})
    if refusal := session_date_refusal(council=council, round=round, on=date):
        raise ValidationError({"date": refusal})
    session = CouncilSession(council=council, date=date, location=location, round=round, mode=mode or "meeting")
    session.full_clean()
    session.save()
    audit_record(actor=by, action="council_session.create", target=session, summary=str(session))
    # The members learn the day (and place) from the office, in the app and by e-mail, not by finding it by chance.
    session_tell_members(session, event="scheduled", message=session_scheduled_phrase(session))
    return session


def session_close_refusal(session: CouncilSession) -> str | None:
    """Why the session cannot be closed now, or None: closing ends the meeting, so not before its day
    (council_rule.meeting_not_held); a session that will not meet on its day is rescheduled or cancelled instead."""
    return meeting_not_held(written=session.is_written, meets_on=session.date, today=timezone.localdate())


@transaction.atomic
def session_close(*, session: CouncilSession, by: User) -> CouncilSession:
    """End the meeting: sheets can no longer change. Items without a result stay on the registration's side
    (READY_FOR_COUNCIL) and can be put on a later session's agenda. Not before the meeting's day
    (`session_close_refusal`): closed ahead, it locked the sheets of a meeting not yet held."""
    if refusal := session_close_refusal(session):
        raise ValidationError(refusal)
    # The session keeps the council's Quy chế as it stands now (council_rule.rules_in): read in the same statement,
    # so a change of the settings is either wholly before the close or after it.
    council = Council.objects.filter(pk=OuterRef("council_id"))
    kept = {name: Subquery(council.values(name)) for name in RULE_FIELDS}
    moved = (
        CouncilSession.objects.filter(pk=session.pk)
        .exclude(status__in=ENDED_SESSIONS)
        .update(status=SessionStatus.CLOSED, closed_at=timezone.now(), **kept)
    )
    if moved != 1:
        session.refresh_from_db(fields=["status"])
        raise ValidationError(session_ended(session.status) or _("Phiên họp đã kết thúc."))
    session.refresh_from_db()
    pending = session.items.filter(result__isnull=True).count()
    audit_record(actor=by, action="council_session.close", target=session, changes={"items_without_result": pending})
    return session


def agenda_dossiers_locked(registration_ids) -> None:
    """Lock the dossiers' rows (in one order, so two callers never wait on each other) for the rest of the
    transaction. A dossier is on one open agenda at a time: whoever puts it on one (session_add_registration) or
    brings back an agenda that holds it (session_schedule.session_restore) takes this lock first, so the second of
    two at once sees what the first wrote, not the agenda as it was."""
    list(Registration.objects.select_for_update().filter(pk__in=registration_ids).order_by("pk").values_list("pk"))


def agenda_refusal(session: CouncilSession, registration: Registration) -> Phrase | None:
    """Why `session`'s agenda may not hold `registration` (on being put on it, and again when the cancelled session
    is restored: session_schedule.session_restore_check), or None; a Phrase, for the members' notice of a restore.
    The dossier waits for this council (its status), has its scorecard, is a re-evaluation on a written-opinion
    session (Điều 7.6d), lies in the council's area (its province; the central council has none) and keeps to the
    session's round (round_agenda_refusal; a session of no round: roundless_agenda_refusal)."""
    council = session.council
    if registration.status != council.awaiting_status:
        return Phrase(gettext_lazy("Hồ sơ chưa sẵn sàng trình Hội đồng."))
    if registration.scorecard_id is None:
        return Phrase(gettext_lazy("Hồ sơ chưa có phiếu đánh giá (bộ tiêu chí)."))
    if session.is_written and registration.kind != RegistrationKind.REEVALUATION:
        return Phrase(
            gettext_lazy("Chỉ hồ sơ đánh giá lại được đánh giá bằng hình thức lấy ý kiến bằng văn bản (Điều 7.6d).")
        )
    if (
        council.unit_id
        and registration.commune.parent_id != council.unit_id
        and registration.commune_id != council.unit_id
    ):
        return Phrase(gettext_lazy("Hồ sơ không thuộc địa bàn của Hội đồng."))
    if session.round_id is None:
        return roundless_agenda_refusal(registration, level=council.level)
    return round_agenda_refusal(registration, session.round)


@transaction.atomic
def session_add_registration(*, session: CouncilSession, registration, by: User, assign_all: bool = True) -> AgendaItem:
    """Put a dossier that is ready for the council on the agenda (agenda_refusal: its status, the session's round,
    the council's area); by default every active member who scores (council_rule.member_scores) is assigned."""
    if ended := session_ended(session.status):
        raise ValidationError(ended)
    if refusal := agenda_refusal(session, registration):
        raise ValidationError(str(refusal))
    council = session.council
    agenda_dossiers_locked([registration.pk])  # two officers putting it on two sessions at once
    open_items = AgendaItem.objects.filter(registration=registration, result__isnull=True).exclude(
        session__status__in=ENDED_SESSIONS
    )
    if open_items.exists():
        raise ValidationError(_("Hồ sơ đang có trong chương trình một phiên họp chưa có kết quả."))
    order = session.items.count() + 1
    item = AgendaItem(session=session, registration=registration, order=order)
    item.full_clean()
    with duplicates_refused(AgendaItem, Assignment):  # the dossier added twice by a double click
        item.save()
        if assign_all:
            members = council.members.filter(scorers_q(session=session), members_on_q(session.date), active=True)
            Assignment.objects.bulk_create([Assignment(item=item, member=m) for m in members])
    audit_record(
        actor=by,
        action="agenda_item.add",
        target=item,
        changes={"registration": registration.pk},
    )
    return item


@transaction.atomic
def session_set_attendance(*, session: CouncilSession, present_member_ids: set[int], by: User) -> None:
    """Record who is present (điểm danh). Quorum is counted on present members. Taken at the meeting, so not before
    its day (council_rule.meeting_not_held): a roll taken ahead marked members present at a meeting not yet held."""
    if ended := session_ended(session.status):
        raise ValidationError(ended)
    if session.is_written:
        raise ValidationError(_("Phiên lấy ý kiến bằng văn bản không điểm danh."))
    if ahead := meeting_not_held(written=session.is_written, meets_on=session.date, today=timezone.localdate()):
        raise ValidationError(ahead)
    members = list(session.council.members.filter(members_on_q(session.date), active=True).select_related("user"))
    # A member whose submitted sheet waits for the council's result was there: marked absent, the sheet would drop
    # out of the mean, the spread and the quorum (an outlier removed instead of discussed, Điều 7 / the spread rule).
    scored = set(
        ScoreSheet.objects.filter(item__session=session, status=SheetStatus.SUBMITTED)
        .exclude(item__result__isnull=False)
        .values_list("member_id", flat=True)
    )
    dropped = [str(m.user) for m in members if m.pk in scored and m.pk not in present_member_ids]
    if dropped:
        raise ValidationError(
            _("%(names)s đã nộp phiếu chấm của hồ sơ đang chờ kết quả: không thể ghi vắng mặt.")
            % {"names": ", ".join(dropped)}
        )
    for member in members:
        Attendance.objects.update_or_create(
            session=session,
            member=member,
            defaults={"present": member.pk in present_member_ids},
        )
    # Attendance opens the meeting: the session is now being scored.
    CouncilSession.objects.filter(pk=session.pk, status=SessionStatus.PLANNED).update(status=SessionStatus.OPEN)
    audit_record(
        actor=by,
        action="council_session.attendance",
        target=session,
        changes={"present": [str(m.user) for m in members if m.pk in present_member_ids]},  # names: read by people
    )


@transaction.atomic
def item_assign_members(*, item: AgendaItem, member_ids: set[int], by: User) -> None:
    """The secretary sets who scores an item. A member who already has a sheet cannot be unassigned; one who does not
    score (council_rule.member_scores: the secretary, when the council's Quy chế says so) cannot be assigned."""
    if hasattr(item, "result"):
        raise ValidationError(_("Hồ sơ đã có kết quả."))
    chosen = list(
        item.session.council.members.filter(
            members_on_q(item.session.date), active=True, pk__in=member_ids
        ).select_related("user")
    )
    if refused := [m for m in chosen if not member_scores(m, session=item.session)]:
        raise ValidationError(
            _("Theo Quy chế của Hội đồng, Thư ký không chấm điểm: không phân công %(names)s.")
            % {"names": ", ".join(str(m.user) for m in refused)}
        )
    valid = {m.pk for m in chosen}
    current = set(item.assignments.values_list("member_id", flat=True))
    removing = current - valid
    if ScoreSheet.objects.filter(item=item, member_id__in=removing).exists():
        raise ValidationError(_("Không thể bỏ phân công thành viên đã có phiếu chấm."))
    Assignment.objects.filter(item=item, member_id__in=removing).delete()
    with duplicates_refused(Assignment):  # two secretaries (or tabs) assigned the same member at once
        Assignment.objects.bulk_create([Assignment(item=item, member_id=pk) for pk in sorted(valid - current)])
    audit_record(
        actor=by,
        action="agenda_item.assign",
        target=item,
        changes={"added": sorted(valid - current), "removed": sorted(removing)},
    )
