"""The report's "recognised" figures count products, each once at the star of its last certificate of the period:
each opens the certificate list narrowed to those certificates (its `last` filter), not every certificate issued in
the period (the 4★ of March and the 5★ that upgraded it in September, for a product counted once)."""

import pytest
from django.urls import reverse

from dashboard.reports import ReportPeriod, programme_report
from dashboard.tests.test_report_products_once import recognised_then_upgraded

pytestmark = pytest.mark.django_db


def listed(client, url: str) -> int:
    return client.get(url).context["page"].paginator.count


def test_each_recognised_figure_of_the_report_opens_the_certificates_it_counts(cast, login):
    recognised_then_upgraded(cast)
    report = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))
    assert report["recognised"] == {"total": 2, "s3": 1, "s4": 0, "s5": 1}
    client = login(cast.province_officer)
    for key, url in report["links"]["recognised"].items():
        assert listed(client, url) == report["recognised"][key], key
    assert report["sectors"]
    for row in [*report["units"], *report["sectors"]]:
        if row.get("url"):
            assert listed(client, row["url"]) == row["total"], row["name"]
            for star in (3, 4, 5):
                assert listed(client, row[f"s{star}_url"]) == row[f"s{star}"], (row["name"], star)


def test_a_quarter_opens_the_certificate_it_counts_within_the_quarter(cast, login):
    """The first quarter holds the upgraded product's 4★ of March, its last certificate of that quarter."""
    recognised_then_upgraded(cast)
    report = programme_report(user=cast.province_officer, period=ReportPeriod("q1", 2026))
    assert report["recognised"] == {"total": 1, "s3": 0, "s4": 1, "s5": 0}
    client = login(cast.province_officer)
    assert listed(client, report["links"]["recognised"]["s4"]) == 1


def test_the_certificate_list_keeps_each_products_last_certificate_of_the_period(cast, login):
    """The filter behind the report's links: the upgraded product's 5★ of September, not its 4★ of March; within
    March alone, the 4★."""
    recognised_then_upgraded(cast)
    client = login(cast.province_officer)
    url = reverse("certificates:certificate_list")
    year = client.get(url, {"issued_from": "2026-01-01", "issued_to": "2026-12-31", "last": "true"})
    assert sorted(c.star for c in year.context["page"]) == [3, 5]
    march = client.get(url, {"issued_from": "2026-03-01", "issued_to": "2026-03-31", "last": "true"})
    assert [c.star for c in march.context["page"]] == [4]
    by_year = client.get(url, {"year": "2026", "last": "true"})
    assert sorted(c.star for c in by_year.context["page"]) == [3, 5]
    assert client.get(url, {"year": "2026"}).context["page"].paginator.count == 3  # without it, every certificate
