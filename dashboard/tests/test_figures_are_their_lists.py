"""Every figure of the statistics page and of the report counts the rows of the list its link opens: products, each
once, however many dossiers, results or certificates it had in the year (a product recognised 4★ in March and
upgraded to 5★ in September, a product evaluated and not recognised twice in one year)."""

from datetime import date
from decimal import Decimal

import pytest

from certificates.choices import CertificateStatus
from certificates.tests.factories import CertificateFactory
from dashboard.reports import ReportPeriod, programme_report
from dashboard.selectors.statistics import programme_statistics
from dashboard.tests.factories import not_recognised
from dashboard.tests.test_report_products_once import recognised_then_upgraded
from evaluation.choices import RegistrationStatus
from evaluation.tests.factories import CouncilResultFactory, RegistrationFactory
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


def twice_in_a_year(cast):
    """The upgraded product (two dossiers, two results, two certificates in 2026), another recognised 3★, and a
    product evaluated twice in 2026 and not recognised either time (two dossiers, each scored 2★)."""
    upgraded = recognised_then_upgraded(cast)
    first = not_recognised(cast.producer)
    again = RegistrationFactory(product=first.registration.product, status=RegistrationStatus.NOT_RECOGNISED)
    CouncilResultFactory(registration=again, mean_score=Decimal("48.00"), band_star=2, final_star=2)
    return upgraded


def rows_of(client, url: str) -> int:
    """The number of rows the list at `url` shows: a figure's list (its sections) or the certificate list."""
    context = client.get(url).context
    return context["total"] if "total" in context else context["page"].paginator.count


def test_each_figure_of_the_statistics_page_is_the_length_of_its_list(cast, login):
    twice_in_a_year(cast)
    stats = programme_statistics(user=cast.province_officer, today=TODAY)
    (year,) = stats["evaluated"]
    # The upgraded product and the 3★ were evaluated and recognised, the third product evaluated and not recognised:
    # three products, whatever their five dossiers.
    assert (year["label"], year["evaluated"], year["reached"], year["recognised"], year["not_recognised"]) == (
        2026,
        3,
        2,
        2,
        1,
    )
    client = login(cast.province_officer)
    for figure, url in (
        ("evaluated", "evaluated_url"),
        ("reached", "reached_url"),
        ("recognised", "url"),
        ("not_recognised", "not_recognised_url"),
    ):
        assert rows_of(client, year[url]) == year[figure], figure
    assert stats["rounds"]
    for in_round in stats["rounds"]:
        for figure in ("evaluated", "recognised", "not_recognised"):
            assert rows_of(client, in_round[f"{figure}_url"]) == in_round[figure], (in_round["label"], figure)
    (in_round,) = stats["rounds"]  # every dossier of the test outside any round
    assert (in_round["evaluated"], in_round["recognised"], in_round["not_recognised"]) == (3, 2, 1)


def test_a_past_round_counts_a_product_once_too(cast, login):
    """Recorded from before the system: a product recognised 3★ then 4★ in 2020 by the same district's rounds."""
    product = ProductFactory(producer=cast.producer)
    CertificateFactory(product=product, star=3, issued_on=date(2020, 3, 1), status=CertificateStatus.SUPERSEDED)
    CertificateFactory(product=product, star=4, issued_on=date(2020, 10, 1), status=CertificateStatus.EXPIRED)
    stats = programme_statistics(user=cast.province_officer, today=TODAY)
    client = login(cast.province_officer)
    rows = [row for row in stats["evaluated"] if row["label"] == 2020]
    assert [(row["evaluated"], row["recognised"]) for row in rows] == [(1, 1)]
    for figure, url in (("evaluated", "evaluated_url"), ("reached", "reached_url"), ("recognised", "url")):
        assert rows_of(client, rows[0][url]) == rows[0][figure], figure
    for in_round in stats["rounds"]:
        for figure in ("evaluated", "recognised", "not_recognised"):
            assert rows_of(client, in_round[f"{figure}_url"]) == in_round[figure], (in_round["label"], figure)


def test_each_evaluation_figure_of_the_report_is_the_length_of_its_list(cast, login):
    """The report counts a period as the statistics page a year: its lists name each product once, a product not
    recognised twice in the year included."""
    twice_in_a_year(cast)
    report = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))
    assert report["evaluated"] == {"evaluated": 3, "reached": 2, "not_recognised": 1, "share": 67}
    client = login(cast.province_officer)
    for figure in ("evaluated", "reached", "not_recognised"):
        assert rows_of(client, report["links"][figure]) == report["evaluated"][figure], figure
