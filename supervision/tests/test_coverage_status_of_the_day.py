"""Coverage (the share of certified products inspected in 36 months) and a plan's scope (the products it may
include, and the rules' proposals among them) count the certificates live by their status of the day
(certificates.models.status.live_today_q), not by the status the night's sweep last stored. The morning after a
certificate's last valid day, before the 00:30 sweep (or after a missed night), it was still counted among the
certified products and proposed for a plan, where scheduling it was then refused. A certificate on its last valid
day, or extended while its re-evaluation is pending (Điều 12.3), still counts.

The suite's pinned day is 02/12/2026: a certificate whose last day is 01/12/2026 has lapsed today."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus
from certificates.models import Certificate
from certificates.tests.factories import make_registration
from supervision.selectors import coverage, plan_candidates, plan_scope_certificates, plan_unplanned_certificates

from .factories import certificate_for, plan_for

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def last_day(certificate: Certificate, day: dt.date, status=CertificateStatus.EXPIRING) -> Certificate:
    """`certificate` valid through `day`, stored `status` (the sweep has not run since)."""
    assert timezone.localdate() == TODAY
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=day, status=status)
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def certificates(cast):
    """Four certified products, none inspected: one lapsed yesterday (stored "expiring", and one stored "valid"),
    one on its last day today, one extended today by its pending re-evaluation."""
    yesterday = TODAY - dt.timedelta(days=1)
    lapsed = last_day(certificate_for(cast, name="Miến dong"), yesterday)
    lapsed_valid = last_day(certificate_for(cast, name="Mật ong"), yesterday, CertificateStatus.VALID)
    last = last_day(certificate_for(cast, name="Chè xanh"), TODAY)
    extended = last_day(certificate_for(cast, name="Gạo nếp"), yesterday)
    make_registration(extended.product, kind="reevaluation", status="returned")
    return {"lapsed": lapsed, "lapsed_valid": lapsed_valid, "last": last, "extended": extended}


def test_coverage_counts_the_certificates_live_today(cast, certificates):
    got = coverage(user=cast.province_officer)
    assert (got["certified"], got["inspected"]) == (2, 0)


def test_coverage_on_the_last_valid_day_counts_the_certificate(cast, certificates):
    got = coverage(user=cast.province_officer, today=TODAY - dt.timedelta(days=1))
    assert got["certified"] == 4  # yesterday the lapsed ones were in force, their last day


def test_the_plan_may_include_only_the_products_certified_today(cast, certificates):
    plan = plan_for(cast)
    live = {certificates["last"].pk, certificates["extended"].pk}
    assert set(plan_scope_certificates(plan).values_list("pk", flat=True)) == live
    assert set(plan_unplanned_certificates(plan).values_list("pk", flat=True)) == live
    assert {row["certificate"].pk for row in plan_candidates(plan=plan)} == live


def test_the_plan_page_and_the_overview_leave_out_a_lapsed_certificate(cast, certificates, login):
    client = login(cast.province_officer)
    page = client.get(reverse("supervision:plan_detail", args=[plan_for(cast).pk])).content.decode()
    assert certificates["last"].number in page and certificates["extended"].number in page
    assert certificates["lapsed"].number not in page and certificates["lapsed_valid"].number not in page
    cov = client.get(reverse("supervision:overview")).context["cov"]
    assert (cov["certified"], cov["share"]) == (2, 0)
