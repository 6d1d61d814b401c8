"""Điều 12.3 extends a certificate past its last valid day while "its" re-evaluation is pending: one filed on or before
that day (evaluation.selectors.reevaluation.filed_before_expiry, by its first submission, the day in Việt Nam). The
extension checks it itself (pending_reevaluations_of, through filed_before_expiry_of), in every reader of the status
of the day and in the sweep that stores it, rather than trusting that a first submission after the expiry is refused:
a dossier pending but first filed after the last day (written by another path: an import, the admin, a row from before
the refusal) extends nothing.

The suite's pinned day (02/12/2026, 10:00) is the day after the certificate's last day (01/12/2026)."""

import datetime

import pytest
from django.utils import timezone

from certificates.choices import LIVE_STATUSES
from certificates.choices import CertificateStatus as S
from certificates.models import Certificate
from certificates.models.status import effective_status, live_today_q
from certificates.services.expiry import certificates_flag_expiring

from .factories import make_certificate, make_registration

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2026, 12, 1)
TODAY = LAST_DAY + datetime.timedelta(days=1)


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# When the pending dossier was first submitted and last submitted (None: never), and whether it extends.
FILINGS = {
    "late, 10 days before the last day": (local(LAST_DAY - datetime.timedelta(days=10), 10), None, True),
    "on the last evening (16:50 UTC)": (local(LAST_DAY, 23, 50), None, True),
    "in time, returned and submitted again today": (local(LAST_DAY - datetime.timedelta(days=150), 9), "now", True),
    "a row from before the first submission was kept": (None, local(LAST_DAY, 8), True),
    "just after midnight (still the last day in UTC)": (local(TODAY, 0, 10), None, False),
    "this morning": (local(TODAY, 9), None, False),
    "never submitted": (None, None, False),
}


@pytest.fixture
def certificate(cast):
    return make_certificate(cast.producer, status=S.EXPIRING, valid_until=LAST_DAY)


def pending(certificate, first, latest, status="submitted"):
    registration = make_registration(certificate.product, kind="reevaluation", status=status)
    latest = timezone.now() if latest == "now" else (latest or first)
    type(registration).objects.filter(pk=registration.pk).update(first_submitted_at=first, submitted_at=latest)
    return registration


@pytest.mark.parametrize("status", ["submitted", "returned"])
@pytest.mark.parametrize("filing", FILINGS)
def test_only_a_dossier_filed_by_the_last_day_extends_the_certificate(certificate, filing, status):
    first, latest, extends = FILINGS[filing]
    pending(certificate, first, latest, status=status)
    today = timezone.localdate()
    assert today == TODAY
    expected = S.EXTENDED if extends else S.EXPIRED

    certificate.refresh_from_db()
    assert certificate.effective_status(today) == expected  # the verification page, the certificate's page
    certificates = Certificate.objects.filter(pk=certificate.pk)
    assert certificates.with_status_today(today).get().status_today == expected  # the lists
    assert certificates.filter(live_today_q(today=today)).exists() is extends  # the catalogue, the home
    row = certificates.with_reevaluation_pending().values("status", "valid_until", "reevaluation_pending").get()
    pending_today = row["reevaluation_pending"]
    assert effective_status(row["status"], row["valid_until"], today, reevaluation_pending=pending_today) == expected
    assert (expected in LIVE_STATUSES) is extends

    certificates_flag_expiring(today=today)  # and the night's sweep stores the same
    certificate.refresh_from_db()
    assert certificate.status == expected


def test_the_catalogue_of_products_reads_the_certificates_own_last_day(cast, certificate):
    """live_today_q through a relation (a query of products): the dossier is judged against the last day of the
    product's certificate the row joins, not another's."""
    from products.models import Product

    pending(certificate, local(TODAY, 9), None)  # too late for this certificate
    products = Product.objects.filter(pk=certificate.product_id)
    live = live_today_q("certificates__", today=TODAY, product="pk")
    assert not products.filter(live).exists()
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=TODAY)  # (it would be in time for this one)
    assert products.filter(live).exists()


def test_the_sweep_reads_the_filing_day_in_a_constant_number_of_queries(cast, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def past_last_day(n):
        for _ in range(n):
            pending(make_certificate(cast.producer, status=S.EXPIRING, valid_until=LAST_DAY), local(LAST_DAY, 9), None)

    past_last_day(1)
    with CaptureQueriesContext(connection) as one:
        assert certificates_flag_expiring(today=TODAY)["extended"] == 1
    Certificate.objects.filter(status=S.EXTENDED).update(status=S.EXPIRING)
    from certificates.models import CertificateNotice

    CertificateNotice.objects.all().delete()
    past_last_day(9)
    with django_assert_num_queries(len(one.captured_queries)):
        assert certificates_flag_expiring(today=TODAY)["extended"] == 10
