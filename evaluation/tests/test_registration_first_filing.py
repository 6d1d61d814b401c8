"""A dossier is filed on its first submission (Điều 7.1, 7.6a): returned to the producer to complete (Điều 7.3a) and
submitted again, it keeps that day. A re-evaluation filed within its window (180 to 120 days before expiry), returned
and submitted again after the window has closed was filed in time: its page and its submission judge it on the first
day (`filed_on`), while the latest submission still starts the commune's 15 working days and is shown too."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation import hooks
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.selectors.reevaluation import filed_before_expiry, filed_on, filing_window_state
from evaluation.services.transitions import registration_return, registration_submit
from evaluation.tests.factories import complete_dossier, registration_in, round_taking_proposals

pytestmark = pytest.mark.django_db

migration = importlib.import_module("evaluation.migrations.0023_registration_first_submitted_at")

T0 = dt.date(2027, 3, 1)
EXPIRES = T0 + dt.timedelta(days=150)  # filed on T0, 150 days before expiry: inside the window
CLOSED = T0 + dt.timedelta(days=40)  # 110 days before expiry: the window closed ten days ago


@pytest.fixture
def expiry():
    """Stand in for the certificates app (evaluation never imports it): product id → expiry date."""
    dates: dict[int, dt.date] = {}
    with hooks.certificate_expiry.override(dates.get):
        yield dates


def at(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone()))


@pytest.fixture
def returned(cast, expiry, private_media, time_machine):
    """A re-evaluation filed inside its window on T0 and returned by the commune five days later."""
    at(time_machine, T0)
    registration = registration_in(cast, kind=K.REEVALUATION)
    expiry[registration.product_id] = EXPIRES
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    at(time_machine, T0 + dt.timedelta(days=5))
    registration.refresh_from_db()
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm.")
    registration.refresh_from_db()
    return registration


def test_a_resubmission_keeps_the_first_day_and_moves_the_latest(cast, returned, time_machine):
    at(time_machine, CLOSED)
    registration_submit(registration=returned, by=cast.producer_owner)
    returned.refresh_from_db()
    assert returned.status == S.SUBMITTED
    assert timezone.localdate(returned.first_submitted_at) == T0
    assert timezone.localdate(returned.submitted_at) == CLOSED
    assert filed_on(returned) == T0


def test_a_reevaluation_filed_in_the_window_is_in_time_after_its_return_and_resubmission(cast, returned, time_machine):
    at(time_machine, CLOSED)
    window = filing_window_state(returned)
    assert window["state"] == "open" and window["filed_on"] == T0
    registration_submit(registration=returned, by=cast.producer_owner)
    returned.refresh_from_db()
    assert filing_window_state(returned)["state"] == "open"


def test_the_returned_dossier_page_says_it_was_filed_in_time_not_late(cast, login, returned, time_machine):
    at(time_machine, CLOSED)
    page = login(cast.producer_owner).get(reverse("evaluation:registration_detail", args=[returned.pk]))
    html = page.content.decode()
    assert 'data-testid="filed-in-time"' in html and "01/03/2027" in html
    assert "Đã quá thời hạn" not in html


def test_the_dossier_page_shows_the_first_and_the_latest_submission(cast, login, returned, time_machine):
    at(time_machine, CLOSED)
    registration_submit(registration=returned, by=cast.producer_owner)
    html = login(cast.commune_officer).get(reverse("evaluation:registration_detail", args=[returned.pk]))
    html = html.content.decode()
    assert 'data-testid="first-submitted">01/03/2027<' in html
    assert 'data-testid="submitted">10/04/2027<' in html


def test_a_dossier_submitted_once_shows_one_day(cast, login, private_media):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.first_submitted_at == registration.submitted_at
    html = login(cast.producer_owner).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert b'data-testid="first-submitted"' not in html.content and b'data-testid="submitted"' in html.content


def test_the_migration_takes_the_first_submission_from_the_audit_trail(cast, returned, time_machine):
    at(time_machine, CLOSED)
    registration_submit(registration=returned, by=cast.producer_owner)
    once = registration_in(cast, status=S.SUBMITTED, name="Nộp một lần, không qua dịch vụ")
    # As rows looked before the first submission was kept.
    Registration.objects.filter(pk__in=[returned.pk, once.pk]).update(first_submitted_at=None)
    migration.backfill(apps, None)
    returned.refresh_from_db()
    once.refresh_from_db()
    assert timezone.localdate(returned.first_submitted_at) == T0
    assert timezone.localdate(returned.submitted_at) == CLOSED
    assert once.first_submitted_at == once.submitted_at  # no audit row: the only submission known


def test_the_migration_leaves_a_dossier_submitted_once_as_submitted_once(cast, private_media):
    registration = registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    Registration.objects.filter(pk=registration.pk).update(first_submitted_at=None)
    migration.backfill(apps, None)
    registration.refresh_from_db()
    # Its audit row was written a moment after the submission: not a second one.
    assert registration.first_submitted_at == registration.submitted_at and not registration.filed_again


# ---------------------------------------------------------------- after the certificate's last day (Điều 12.3)


def at_time(time_machine, day: dt.date, hour: int, minute: int = 0) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone()))


@pytest.mark.parametrize(("hour", "minute"), [(0, 10), (6, 0), (10, 0), (23, 59)])
def test_a_dossier_filed_in_time_is_accepted_again_after_its_certificate_s_last_day(
    cast, returned, time_machine, hour, minute
):
    """Returned, completed and submitted again the day after the certificate's last day: the certificate is extended
    while it is pending (Điều 12.3) and the dossier was filed in time, at any hour of that day (06:00 in Việt Nam is
    still the last day in UTC: the day is Việt Nam's), whether the night's sweep has run or not (the certificates app
    gives the expiry of the certificate in both cases)."""
    at_time(time_machine, EXPIRES + dt.timedelta(days=1), hour, minute)
    window = filing_window_state(returned)
    assert window["state"] == "open" and window["filed_on"] == T0
    registration_submit(registration=returned, by=cast.producer_owner)
    returned.refresh_from_db()
    assert returned.status == S.SUBMITTED and filed_on(returned) == T0


def test_a_late_dossier_filed_on_the_last_day_is_still_late_not_expired_the_day_after(
    cast, expiry, private_media, time_machine
):
    registration = registration_in(cast, kind=K.REEVALUATION)
    expiry[registration.product_id] = EXPIRES
    complete_dossier(registration, cast.producer_owner)
    at_time(time_machine, EXPIRES, 23, 59)  # 16:59 UTC: the last day in both
    registration_submit(registration=registration, by=cast.producer_owner)
    at_time(time_machine, EXPIRES + dt.timedelta(days=1), 0, 5)
    registration.refresh_from_db()
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm.")
    registration.refresh_from_db()
    assert filed_before_expiry(registration, EXPIRES)
    assert filing_window_state(registration)["state"] == "late"
    registration_submit(registration=registration, by=cast.producer_owner)


@pytest.mark.parametrize(("hour", "minute"), [(0, 1), (6, 0), (23, 59)])
def test_a_dossier_first_submitted_the_day_after_the_last_is_refused_at_any_hour(
    cast, expiry, private_media, time_machine, hour, minute
):
    registration = registration_in(cast, kind=K.REEVALUATION)
    expiry[registration.product_id] = EXPIRES
    complete_dossier(registration, cast.producer_owner)
    at_time(time_machine, EXPIRES + dt.timedelta(days=1), hour, minute)
    assert not filed_before_expiry(registration, EXPIRES)
    assert filing_window_state(registration)["state"] == "expired"
    with pytest.raises(ValidationError, match="đã hết hạn ngày"):
        registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.status == S.DRAFT and registration.first_submitted_at is None


def test_the_rule_reads_the_day_in_viet_nam(cast):
    """Filed at 06:00 on the day after the last (23:00 UTC of the last day): after the expiry. Filed at 23:59 of the
    last day: before it."""
    zone = timezone.get_current_timezone()
    registration = registration_in(cast, kind=K.REEVALUATION, status=S.RETURNED)
    day_after = EXPIRES + dt.timedelta(days=1)
    registration.first_submitted_at = dt.datetime.combine(day_after, dt.time(6), tzinfo=zone)
    assert registration.first_submitted_at.astimezone(dt.UTC).date() == EXPIRES
    assert not filed_before_expiry(registration, EXPIRES)
    registration.first_submitted_at = dt.datetime.combine(EXPIRES, dt.time(23, 59), tzinfo=zone)
    assert filed_before_expiry(registration, EXPIRES)


def test_a_row_filed_before_the_first_day_was_kept_keeps_its_filing_day_through_a_resubmission(
    cast, returned, time_machine
):
    """A dossier submitted before `first_submitted_at` existed reads its filing day from `submitted_at` (filed_on);
    submitted again the day after its certificate's last day, it stays filed then, not today: a second return and
    resubmission is judged on the same day."""
    Registration.objects.filter(pk=returned.pk).update(first_submitted_at=None)
    returned.refresh_from_db()
    filed = timezone.localdate(returned.submitted_at)
    assert filed == T0 and filed_on(returned) == T0
    at_time(time_machine, EXPIRES + dt.timedelta(days=1), 10)
    registration_submit(registration=returned, by=cast.producer_owner)
    returned.refresh_from_db()
    assert filed_on(returned) == T0 and timezone.localdate(returned.first_submitted_at) == T0
