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


def test_it_restores_once_without_the_dossier_gone_elsewhere_when_two_officers_restore_together(cast):
    """The restore that leaves a dossier out drops it from the agenda once: the second officer is refused, one audit
    row, one notice."""
    from evaluation.models import AgendaItem
    from evaluation.services.councils import session_add_registration
    from evaluation.services.session_schedule import session_cancel

    from .factories import make_registration, make_scorecard

    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10))
    card = make_scorecard()
    honey, tea = (make_registration(cast, card, name=name) for name in ("Mật ong hoa nhãn", "Trà xanh"))
    for registration in (honey, tea):
        session_add_registration(session=session, registration=registration, by=cast.province_officer)
    session_cancel(session=session, by=cast.province_officer, reason="Trùng lịch")
    other = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 20))
    session_add_registration(session=other, registration=tea, by=cast.province_officer)

    def restore(by):
        return lambda: session_restore(session=CouncilSession.objects.get(pk=session.pk), by=by, leave_out={tea.pk})

    first, second = race_in_parallel(restore(cast.province_officer), restore(cast.council_chair))
    assert first is None
    assert isinstance(second, ValidationError) and "không ở trạng thái đã hủy" in " ".join(second.messages)
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
    assert list(session.items.values_list("registration", flat=True)) == [honey.pk]
    assert list(AgendaItem.objects.filter(registration=tea).values_list("session", flat=True)) == [other.pk]
    assert AuditEvent.objects.filter(action="council_session.restore").count() == 1
    assert Notification.objects.filter(user=cast.council_member, message__contains="khôi phục").count() == 1


def test_a_dossier_put_on_two_sessions_at_once_goes_on_one(cast):
    """A dossier is on one open agenda at a time, but the check read the agendas as they were: two officers putting
    the same dossier on two sessions at once both passed it, and it stood on both."""
    from evaluation.models import AgendaItem
    from evaluation.services.councils import session_add_registration

    from .factories import make_registration, make_scorecard

    council = make_council(cast)
    first, second = (CouncilSession.objects.create(council=council, date=dt.date(2026, 12, d)) for d in (10, 20))
    honey = make_registration(cast, make_scorecard(), name="Mật ong hoa nhãn")

    def add(session, by):
        return lambda: session_add_registration(session=session, registration=honey, by=by)

    outcome = race_in_parallel(add(first, cast.province_officer), add(second, cast.council_chair))
    assert outcome[0] is None
    assert isinstance(outcome[1], ValidationError) and "đang có trong chương trình" in " ".join(outcome[1].messages)
    assert list(AgendaItem.objects.filter(registration=honey).values_list("session", flat=True)) == [first.pk]


def test_a_restore_and_a_dossier_put_elsewhere_at_once_leave_it_on_one_agenda(cast):
    """The restore brought its agenda back while another officer put one of its dossiers on another session: both
    passed, and the dossier stood on two open agendas."""
    from evaluation.models import AgendaItem
    from evaluation.services.councils import session_add_registration
    from evaluation.services.session_schedule import session_cancel

    from .factories import make_registration, make_scorecard

    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10))
    card = make_scorecard()
    honey, tea = (make_registration(cast, card, name=name) for name in ("Mật ong hoa nhãn", "Trà xanh"))
    for registration in (honey, tea):
        session_add_registration(session=session, registration=registration, by=cast.province_officer)
    session_cancel(session=session, by=cast.province_officer, reason="Trùng lịch")
    other = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 20))

    restore = lambda: session_restore(session=CouncilSession.objects.get(pk=session.pk), by=cast.province_officer)  # noqa: E731
    add = lambda: session_add_registration(session=other, registration=tea, by=cast.council_chair)  # noqa: E731
    restored, added = race_in_parallel(restore, add)
    assert restored is None
    assert isinstance(added, ValidationError) and "đang có trong chương trình" in " ".join(added.messages)
    assert list(AgendaItem.objects.filter(registration=tea).values_list("session", flat=True)) == [session.pk]
