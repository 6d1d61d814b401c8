"""A periodic report's "plan implementation" counts what each plan achieved by the report period's end: the first
quarter's report, read in December, does not count a certificate issued in May (the same page says nothing was
recognised in the quarter)."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from certificates.tests.factories import CertificateFactory
from dashboard.choices import TargetMetric
from dashboard.reports import ReportPeriod, programme_report
from dashboard.tests.factories import plan_of_2026
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard_report")


def year_plan(cast):
    return plan_of_2026(
        cast,
        [
            {"metric": TargetMetric.NEW_RECOGNISED, "quantity": 4},
            {"metric": TargetMetric.RECOGNISED_STAR, "star": 4, "quantity": 2},
        ],
    )


def story(cast):
    """A 3★ product recognised in February (first quarter) and a 4★ one in May (second quarter)."""
    CertificateFactory(product=ProductFactory(producer=cast.producer), star=3, issued_on=date(2026, 2, 10))
    CertificateFactory(product=ProductFactory(producer=cast.producer), star=4, issued_on=date(2026, 5, 20))
    return year_plan(cast)


def achieved(report) -> list[int]:
    return [row["achieved"] for entry in report["plans"] for row in entry["progress"]]


def test_a_quarters_report_counts_the_plan_achieved_by_the_quarters_end(cast):
    story(cast)
    q1 = programme_report(user=cast.province_officer, period=ReportPeriod("q1", 2026))
    assert q1["recognised"]["total"] == 1
    assert achieved(q1) == [1, 0]  # the February 3★ only: the May 4★ came after the quarter
    h1 = programme_report(user=cast.province_officer, period=ReportPeriod("h1", 2026))
    assert achieved(h1) == [2, 1]
    year = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))
    assert achieved(year) == [2, 1]


def test_the_page_the_workbook_and_the_list_behind_the_number_agree(cast, login):
    plan = story(cast)
    client = login(cast.province_officer)
    book = load_workbook(io.BytesIO(client.get(URL, {"period": "q1", "year": 2026, "format": "xlsx"}).content))
    rows = list(book["Kế hoạch"].iter_rows(values_only=True))[1:]
    assert [row[4] for row in rows] == [1, 0]
    page = client.get(URL, {"period": "q1", "year": 2026}).content.decode()
    star_target = plan.targets.get(metric=TargetMetric.RECOGNISED_STAR)
    link = re.search(rf'href="([^"]*/chi-tieu/{star_target.pk}/[^"]*)">(\d+)</a>', page)
    assert link and link.group(2) == "0"
    listed = client.get(link.group(1).replace("&amp;", "&"))
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 0  # the May certificate is not behind the quarter's 0
    assert "31/03/2026" in listed.content.decode()
    # Without a day, the list is the plan's whole period, as its own page counts it.
    whole = client.get(reverse("dashboard_plan_target_detail", args=[plan.pk, star_target.pk]))
    assert whole.context["page"].paginator.count == 1
