"""The dashboards count certificates by their status of the day, as the lists behind their figures filter them (the
certificate list's `status`, models.status_today): the morning after a certificate's last day, before the 00:30 sweep
has stored it expired, the statistics still counted it live (by star, sector, unit, expiring this month) and "valid",
and the report "còn hiệu lực tại ngày báo cáo", while the list their figure opens no longer held it. An extended one
(re-evaluation pending, Điều 12.3) is live.

The suite's pinned day (02/12/2026) is the day after the certificates' last day (01/12/2026)."""

from datetime import date

import pytest
from django.core.cache import cache

from certificates.choices import CertificateStatus
from certificates.services.expiry import certificates_flag_expiring
from certificates.tests.factories import make_registration
from dashboard.reports import ReportPeriod, programme_report
from dashboard.selectors.statistics import programme_statistics

from .test_statistics import certificate

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)
LAST_DAY = date(2026, 12, 1)


@pytest.fixture(params=["before the sweep", "after the sweep"])
def world(request, cast, django_capture_on_commit_callbacks):
    certificate(cast.producer, star=3, issued=date(2023, 12, 1), valid_until=LAST_DAY)  # stored valid: lapsed
    extended = certificate(
        cast.producer, star=5, issued=date(2023, 12, 1), valid_until=LAST_DAY, status=CertificateStatus.EXPIRING
    )
    make_registration(extended.product, kind="reevaluation", status="returned")  # pending: extended today
    certificate(cast.producer, star=4, issued=date(2025, 3, 10), valid_until=date(2028, 3, 10))
    if request.param == "after the sweep":
        with django_capture_on_commit_callbacks(execute=True):
            certificates_flag_expiring()
    cache.clear()  # the factories write without the services that move the figures' version


@pytest.mark.parametrize("who", ["province_officer", "central_officer"])
def test_the_statistics_count_each_certificate_by_its_status_of_the_day(cast, login, world, who):
    figures = programme_statistics(user=getattr(cast, who), today=TODAY)
    assert [s["count"] for s in figures["stars"]] == [0, 1, 1] and figures["live_total"] == 2
    statuses = {row["status"]: row["count"] for row in figures["statuses"]}
    assert (statuses["valid"], statuses["extended"], statuses["expired"]) == (1, 1, 1)
    assert figures["expiring"][0]["count"] == 1  # December: the extended one, whose last day was the 1st
    assert sum(row["count"] for row in figures["sectors"]) == 2
    # Each figure opens the list of what it counts.
    client = login(getattr(cast, who))
    for row in (*figures["stars"], *figures["statuses"]):
        assert client.get(row["url"]).context["page"].paginator.count == row["count"], row["url"]


def test_the_report_counts_what_is_in_force_on_its_day(cast, world):
    for user in (cast.province_officer, cast.central_officer):
        live = programme_report(user=user, period=ReportPeriod("year", 2026))["live"]
        assert (live["total"], live["s3"], live["s4"], live["s5"]) == (2, 0, 1, 1)
