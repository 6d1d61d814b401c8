"""What a council's members are told about a session's calendar: it is scheduled (services.councils.session_create),
moved, cancelled or restored (services.session_schedule). Each notice is written in the app and e-mailed, each
address in its reader's language (ocop.emails.send_templated_to), through the outbox: the mail leaves once the act
commits, and waits there while Redis is down.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from ocop.phrases import Phrase
from ocop.services import notify, outbox_enqueue

from ..models.councils import CouncilSession

# The acts a member is told of, with the e-mail's subject line (templates/emails/council_session/subject.txt).
SESSION_EVENTS = {
    "scheduled": pgettext_lazy("session notice", "Lịch họp Hội đồng"),
    "rescheduled": pgettext_lazy("session notice", "Đổi lịch phiên họp"),
    "cancelled": pgettext_lazy("session notice", "Hủy phiên họp"),
    "restored": pgettext_lazy("session notice", "Khôi phục phiên họp"),
}


def session_scheduled_phrase(session: CouncilSession) -> Phrase:
    if session.is_written:
        return Phrase(
            gettext_lazy("%(council)s lấy ý kiến bằng văn bản: hạn gửi phiếu chấm ngày %(d)s."),
            council=session.council.name,
            d=f"{session.date:%d/%m/%Y}",
        )
    return Phrase(
        gettext_lazy("%(council)s họp ngày %(d)s, tại %(place)s."),
        council=session.council.name,
        d=f"{session.date:%d/%m/%Y}",
        place=session.location or "—",
    )


def session_tell_members(session: CouncilSession, *, event: str, message: Phrase) -> list[int]:
    """Tell the council's active members of `event` (one of SESSION_EVENTS): an in-app notice now, and an e-mail
    queued in the caller's transaction. Returns the ids of the members' accounts told."""
    if event not in SESSION_EVENTS:
        raise ValueError(event)
    members = session.council.members.filter(active=True, user__is_active=True).select_related("user")
    users = [m.user for m in members]
    if not users:
        return []
    notify(users=users, message=message, url=reverse("evaluation:session_detail", args=[session.pk]))
    from ..tasks import session_notice_email_task  # kept local, as the other services queue theirs

    outbox_enqueue(
        task=session_notice_email_task,
        args=(session.pk, event, [u.pk for u in users], message.to_json(), f"{session.date:%Y-%m-%d}"),
    )
    return [u.pk for u in users]
