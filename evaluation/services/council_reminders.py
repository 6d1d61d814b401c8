"""Reminders to council members whose score sheets are still due before a session (a daily job)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..choices import SessionStatus, SheetStatus
from ..models.councils import CouncilSession, ReminderLog


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
            if member is None or not member.user.email or not member.user.is_active:
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
