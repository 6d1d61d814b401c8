"""Whether a re-evaluation was filed before its certificate expired is one rule (filed_before_expiry), read in Python
for a dossier (its submission, its page) and on the database for the extension of Điều 12.3 (filed_before_expiry_of,
which pending_reevaluations_of applies): the two say the same on every boundary minute, by the first submission and
the day in Việt Nam, not in UTC."""

import datetime as dt

import pytest
from django.utils import timezone

from evaluation.choices import RegistrationKind, RegistrationStatus
from evaluation.models import Registration
from evaluation.selectors.reevaluation import filed_before_expiry, filed_before_expiry_of, pending_reevaluations_of

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2026, 12, 1)


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


NEXT_DAY = LAST_DAY + dt.timedelta(days=1)
# (first submission, latest submission): the filing day is the first's, or the latest's on a row from before it was kept.
SUBMISSIONS = {
    "on the last day, one minute to midnight": (local(LAST_DAY, 23, 59), None),
    "at midnight after it (17:00 UTC on the last day)": (local(NEXT_DAY, 0), None),
    "at 06:00 the next day (23:00 UTC on the last day)": (local(NEXT_DAY, 6), None),
    "first in time, again after the last day": (local(LAST_DAY, 8), local(NEXT_DAY, 9)),
    "only the latest kept, on the last day": (None, local(LAST_DAY, 16)),
    "only the latest kept, the day after": (None, local(NEXT_DAY, 1)),
    "never submitted": (None, None),
}


def test_the_database_says_what_python_says_on_every_boundary(cast):
    made = {}
    for name, (first, latest) in SUBMISSIONS.items():
        registration = RegistrationFactory(
            kind=RegistrationKind.REEVALUATION,
            status=RegistrationStatus.RETURNED,
            first_submitted_at=first,
            submitted_at=latest or first,
        )
        made[registration.pk] = name
    registrations = Registration.objects.filter(pk__in=made)
    by_python = {pk for pk in made if filed_before_expiry(registrations.get(pk=pk), LAST_DAY)}
    by_database = set(filed_before_expiry_of(registrations, LAST_DAY).values_list("pk", flat=True))
    assert by_database == by_python
    assert {made[pk] for pk in by_python} == {
        "on the last day, one minute to midnight",
        "first in time, again after the last day",
        "only the latest kept, on the last day",
    }
    # The extension reads it: of each product's pending re-evaluation, only those filed by the certificate's last day.
    extending = {pk for pk in made if pending_reevaluations_of(registrations.get(pk=pk).product_id, LAST_DAY).exists()}
    assert extending == by_python
