"""A session's minutes (biên bản) as Nghị định 30/2020 writes one: their number on the number line, and when the
meeting started and ended ("Thời gian: … giờ … phút, ngày …"; "Cuộc họp kết thúc vào … giờ … phút cùng ngày").
Recorded by whoever runs the session (the office that manages the council, its chair or secretary), once the
meeting has been held; the minutes PDF prints them (evaluation.exports.minutes_pdf).

Every write: atomic under the session's row lock, a state guard, full_clean, an audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.models import User
from ocop.services import audit_record, model_changes
from ocop.text import decision_number_key, nfc

from ..choices import SessionStatus
from ..models.councils import CouncilSession
from .council_rule import meeting_not_held

MINUTES_FIELDS = ("minutes_number", "start_time", "end_time")
# "05/BB-HĐ": a running number, then the sign of a biên bản (BB, Nghị định 30/2020 Phụ lục III) and the body's own.
MINUTES_NUMBER_RE = re.compile(r"\d+/BB(?:-\S+)?", re.IGNORECASE)


def session_minutes_refusal(session: CouncilSession) -> str | None:
    """Why the session's minutes cannot be recorded, or None: it was called off, or its meeting has not been held
    yet (a written-opinion session has no meeting: its minutes are numbered once the opinions are in, from its
    deadline)."""
    if session.status == SessionStatus.CANCELLED:
        return _("Phiên họp đã hủy: không có biên bản.")
    today = timezone.localdate()
    if session.is_written:
        if today < session.date:
            return _("Chưa đến hạn gửi phiếu (%(d)s): chưa lập biên bản tổng hợp.") % {"d": f"{session.date:%d/%m/%Y}"}
        return None
    return meeting_not_held(written=False, meets_on=session.date, today=today)


def session_minutes_errors(*, session: CouncilSession, number: str, start, end) -> dict:
    """The refusals beside each field: a number not of the form "05/BB-HĐ" or already another minutes' of the
    council that year; times for a written-opinion session (no meeting), an end without a start or not after it (the
    same day: the session's), a time still to come today."""
    errors = {}
    if number:
        if not MINUTES_NUMBER_RE.fullmatch(number):
            errors["minutes_number"] = _("Số biên bản phải có dạng số/BB-ký hiệu, ví dụ 05/BB-HĐ.")
        elif _number_taken(session, number):
            errors["minutes_number"] = _("Hội đồng đã có biên bản mang số này trong năm %(y)s.") % {
                "y": session.date.year
            }
    if session.is_written:
        for name, value in (("start_time", start), ("end_time", end)):
            if value is not None:
                errors[name] = _("Lấy ý kiến bằng văn bản không họp: không ghi giờ họp.")
        return errors
    if end is not None and start is None:
        errors["start_time"] = _("Ghi giờ bắt đầu cuộc họp.")
    elif start is not None and end is not None and end <= start:
        errors["end_time"] = _("Giờ kết thúc phải sau giờ bắt đầu (%(t)s), trong cùng ngày họp.") % {
            "t": f"{start:%H:%M}"
        }
    now = timezone.localtime()
    if session.date == now.date():
        for name, value in (("start_time", start), ("end_time", end)):
            if value is not None and name not in errors and value > now.time():
                errors[name] = _("Giờ này chưa đến (bây giờ là %(t)s, ngày họp hôm nay).") % {"t": f"{now:%H:%M}"}
    return errors


def _number_taken(session: CouncilSession, number: str) -> bool:
    key = decision_number_key(number)
    others = (
        CouncilSession.objects.filter(council_id=session.council_id, date__year=session.date.year)
        .exclude(pk=session.pk)
        .exclude(minutes_number="")
        .values_list("minutes_number", flat=True)
    )
    return any(decision_number_key(other) == key for other in others)


@transaction.atomic
def session_record_minutes(
    *,
    session: CouncilSession,
    by: User,
    minutes_number: str = "",
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
) -> CouncilSession:
    """Record the minutes' number and the meeting's start and end (each may stay empty, printed as a blank to fill
    by hand); refused beside each field (session_minutes_errors), or as a whole while the session cannot have minutes
    (session_minutes_refusal)."""
    session = CouncilSession.objects.select_for_update(of=("self",)).select_related("council").get(pk=session.pk)
    if refusal := session_minutes_refusal(session):
        raise ValidationError(refusal)
    number = nfc(minutes_number or "").strip()
    start_time = start_time.replace(second=0, microsecond=0) if start_time else None
    end_time = end_time.replace(second=0, microsecond=0) if end_time else None
    if errors := session_minutes_errors(session=session, number=number, start=start_time, end=end_time):
        raise ValidationError(errors)
    before = {name: getattr(session, name) for name in MINUTES_FIELDS}
    session.minutes_number, session.start_time, session.end_time = number, start_time, end_time
    session.full_clean()
    changes = model_changes(session, before, MINUTES_FIELDS)
    if changes:
        session.save(update_fields=list(changes))
        audit_record(actor=by, action="council_session.minutes", target=session, changes=changes)
    return session
