"""What the council is told about its score sheets: reminders to members whose sheets are still due before a
session (a daily job), and the chair's notice once every sheet of an item is in (services.sheet_submission's submit)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ocop.phrases import Phrase
from ocop.services import notify

from ..choices import SessionStatus, SheetStatus
from ..models.councils import AgendaItem, CouncilSession, ReminderLog
from .council_rule import member_scores


def sheet_reminders_send(*, today: date | None = None, days_ahead: int = 2) -> int:
    """E-mail every member who still has unsubmitted sheets for a session in the next `days_ahead` days.
    Claims a ReminderLog row per (session, member, day) first, so a rerun sends nothing twice; a mail that fails
    gives its claim back, so the task's retry sends it."""
    from ocop.emails import office_reply_to, send_templated_to

    from ..selectors.councils import items_with_state

    today = today or timezone.localdate()
    sessions = CouncilSession.objects.filter(
        status__in=[SessionStatus.PLANNED, SessionStatus.OPEN],
        date__gte=today,
        date__lte=today + timedelta(days=days_ahead),
    ).select_related("council")
    sent = 0
    for session in sessions:
        pending: dict[int, list] = {}
        members = {m.pk: m for m in session.council.members.filter(active=True).select_related("user")}
        for state in items_with_state(user=None, session=session):
            if state.result is not None:
                continue
            assigned = {a.member_id for a in state.item.assignment_list}
            recused = {d.member_id for d in state.recused}
            done = {s.member_id for s in state.sheets if s.status == SheetStatus.SUBMITTED}
            for member_id in assigned - recused - done:
                pending.setdefault(member_id, []).append(state.item)
        for member_id, items in pending.items():
            member = members.get(member_id)
            if member is None or not member_scores(member, session=session):
                continue  # no longer a member, or one who does not score (the secretary, by the Quy chế)
            if not member.user.email or not member.user.is_active:
                continue  # nobody to write to (a closed account is not written to)
            with transaction.atomic():
                claim, claimed = ReminderLog.objects.get_or_create(session=session, member=member, sent_on=today)
            if not claimed:
                continue
            try:
                send_templated_to(
                    "sheet_reminder",
                    users=[member.user],
                    reply_to=office_reply_to(session.council.unit_id),  # the office that runs the council
                    context={
                        "member": member,
                        "session": session,
                        "items": items,
                        "url": reverse("evaluation:session_detail", args=[session.pk]),
                    },
                )
            except Exception:  # not sent: the claim goes, so that the task's retry (or a rerun) sends it
                ReminderLog.objects.filter(pk=claim.pk).delete()
                raise
            sent += 1
    return sent


def chair_notify_sheets_in(*, item: AgendaItem, state) -> None:
    """Tell the chair that every sheet of `item` is in (`state`: its ItemState, all_sheets_in): the result is the
    chair's to take, or the council must first discuss and re-score. Before the meeting's day (`state.meeting_ahead`,
    council_rule.meeting_not_held) the notice says from when: "Chủ tịch tổng hợp kết quả" alone sent the chair to a
    button refused until then."""
    chair = item.session.council.members.filter(role="chair", active=True).select_related("user").first()
    if chair is None:
        return
    if state.needs_discussion and item.session.is_written:
        # Điều 7.6d: written opinions that diverge are what a meeting is for.
        text = gettext_lazy(
            "Ý kiến bằng văn bản về hồ sơ %(reg)s khác nhau: Hội đồng họp để thảo luận, rồi các thành viên chấm lại "
            "(Điều 7.6d)."
        )
    elif state.needs_discussion and state.meeting_ahead:
        text = gettext_lazy(
            "Đã đủ phiếu của hồ sơ %(reg)s nhưng cần Hội đồng thảo luận và chấm lại (chênh lệch điểm vượt mức cho "
            "phép hoặc các phiếu không thống nhất về căn cứ dừng đánh giá): Hội đồng thảo luận tại phiên họp, từ ngày "
            "%(d)s."
        )
    elif state.needs_discussion:
        text = gettext_lazy(
            "Đã đủ phiếu của hồ sơ %(reg)s nhưng cần Hội đồng thảo luận và chấm lại (chênh lệch điểm vượt mức cho "
            "phép hoặc các phiếu không thống nhất về căn cứ dừng đánh giá)."
        )
    elif state.meeting_ahead:
        text = gettext_lazy("Đã đủ phiếu của hồ sơ %(reg)s: Chủ tịch tổng hợp kết quả tại phiên họp, từ ngày %(d)s.")
    else:
        text = gettext_lazy("Đã đủ phiếu của hồ sơ %(reg)s: Chủ tịch tổng hợp kết quả.")
    notify(
        users=[chair.user],
        message=Phrase(text, reg=item.registration.as_phrase(), d=f"{item.session.date:%d/%m/%Y}"),
        url=reverse("evaluation:session_detail", args=[item.session_id]),
    )
