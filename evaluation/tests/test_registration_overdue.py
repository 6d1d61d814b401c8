"""The daily overdue sweep: one notice per dossier past its 15 working days, however often it runs."""

import datetime as dt

import pytest
from django.core.management import call_command

from evaluation.choices import RegistrationStatus as S
from evaluation.services.notices import registrations_notify_overdue
from evaluation.tests.factories import registration_in, round_taking_proposals
from ocop.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 14)


def test_it_notifies_once_per_overdue_dossier(cast, django_capture_on_commit_callbacks, mailoutbox):
    late = registration_in(cast, status=S.SUBMITTED, name="Nước mắm trễ", commune_due_on=dt.date(2026, 12, 11))
    registration_in(cast, status=S.SUBMITTED, name="Tương đúng hạn", commune_due_on=TODAY)
    registration_in(cast, status=S.FORWARDED, name="Đã chuyển", commune_due_on=dt.date(2026, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations_notify_overdue(today=TODAY) == 1
    assert registrations_notify_overdue(today=TODAY) == 0  # a rerun sends nothing more
    notices = Notification.objects.filter(message__contains="Nước mắm trễ")
    assert set(notices.values_list("user__username", flat=True)) == {
        "commune_officer",
        "province_officer",
        "advisory_member",
    }
    assert not Notification.objects.filter(message__contains="đúng hạn").exists()
    assert AuditEvent.objects.filter(action="registration.commune_overdue", target_id=str(late.pk)).count() == 1
    assert len(mailoutbox) == 2 and "Quá hạn kiểm tra" in mailoutbox[0].subject


def test_a_resubmitted_dossier_gets_a_new_deadline_and_a_new_notice(cast, private_media):
    from evaluation.services.transitions import registration_return, registration_submit
    from evaluation.tests.factories import complete_dossier

    registration = registration_in(
        cast, status=S.SUBMITTED, commune_due_on=dt.date(2026, 12, 11), round=round_taking_proposals(cast)
    )
    assert registrations_notify_overdue(today=TODAY) == 1
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu tài liệu")
    registration.refresh_from_db()
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.commune_overdue_notified_at is None


def test_the_command_replays_a_day(cast):
    from io import StringIO

    registration_in(cast, status=S.SUBMITTED, commune_due_on=dt.date(2026, 12, 11))
    out = StringIO()
    call_command("notify_overdue_commune_checks", "--today", "2026-12-14", stdout=out)
    assert "1 notice" in out.getvalue()


def test_the_badge_the_lists_and_the_sweep_read_one_rule(cast):
    """Overdue is answered in Python for a dossier's page (`is_commune_overdue`, `is_reevaluation_overdue`) and as a
    condition for the lists, the home counts and the daily sweep (`commune_overdue_q`, `reevaluation_overdue_q`)."""
    import time_machine

    from evaluation.choices import RegistrationKind as K
    from evaluation.models import Registration
    from evaluation.selectors.registrations import commune_overdue_q, reevaluation_overdue_q

    for kind in K.values:
        for status in S.values:
            for due in (TODAY - dt.timedelta(days=1), TODAY, None):
                registration_in(cast, status=status, kind=kind, commune_due_on=due, reevaluation_due_on=due)
    with time_machine.travel(dt.datetime(2026, 12, 14, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False):
        rows = list(Registration.objects.all())
        commune = {r.pk for r in rows if r.is_commune_overdue}
        reevaluation = {r.pk for r in rows if r.is_reevaluation_overdue}
    assert commune and reevaluation
    assert set(Registration.objects.filter(commune_overdue_q(TODAY)).values_list("pk", flat=True)) == commune
    assert set(Registration.objects.filter(reevaluation_overdue_q(TODAY)).values_list("pk", flat=True)) == reevaluation
    assert registrations_notify_overdue(today=TODAY) == len(commune) + len(reevaluation)
