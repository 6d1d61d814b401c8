"""Two officers restore the same cancelled session at the same moment, on real parallel connections: the session's
row lock and the compare-and-swap from "cancelled" let one restore through, the other is refused, and the members
are told once (PostgreSQL; SQLite serialises writers anyway)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import SessionStatus
from evaluation.models import CouncilSession
from evaluation.services.session_schedule import session_restore
from ocop.models import AuditEvent, Notification, OutboxMessage
from ocop.testing import race_in_parallel

from .factories import make_council

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_it_restores_once_when_two_officers_restore_together(cast):
    council = make_council(cast)
    session = CouncilSession.objects.create(
        council=council, date=dt.date(2026, 12, 10), status=SessionStatus.CANCELLED, cancel_reason="Trùng lịch"
    )

    def restore(by):
        return lambda: session_restore(session=CouncilSession.objects.get(pk=session.pk), by=by)

    first, second = race_in_parallel(restore(cast.province_officer), restore(cast.council_chair))
    assert first is None
    assert isinstance(second, ValidationError) and "không ở trạng thái đã hủy" in " ".join(second.messages)
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert AuditEvent.objects.filter(action="council_session.restore").count() == 1
    assert Notification.objects.filter(user=cast.council_member).count() == 1
    assert OutboxMessage.objects.filter(task="evaluation.tasks.session_notice_email_task").count() == 1
