"""The report and the plans count products, not certificates (a product recognised 4★ then upgraded to 5★ in the
same year is one product, a 5★ one), and a past period's report counts the certificates live at its end, not today.
"""

from datetime import date

import pytest
from django.urls import reverse

from certificates.choices import CertificateStatus, RevocationStatus
from certificates.models import Revocation
from certificates.tests.factories import CertificateFactory, result_for
from dashboard.choices import TargetMetric as M
from dashboard.reports import ReportPeriod, programme_report
from dashboard.selectors.plans import plan_progress, target_certificates
from dashboard.services import plan_create
from evaluation.choices import Level, RegistrationKind, RegistrationStatus
from evaluation.tests.factories import CouncilResultFactory, RegistrationFactory
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

LIST = reverse("dashboard_figure_list")


def recognised_then_upgraded(cast):
    """Miến dong Tài Hoan: evaluated and recognised 4★ in March, then upgraded to 5★ in September (two dossiers,
    two council results, two certificates); and another product recognised 3★."""
    first = result_for(cast.producer, star=4, name="Miến dong Tài Hoan")
    product = first.registration.product
    four = CertificateFactory(product=product, star=4, issued_on=date(2026, 3, 2), registration=first.registration)
    upgrade = RegistrationFactory(product=product, kind=RegistrationKind.UPGRADE, status=RegistrationStatus.DECIDED)
    CouncilResultFactory(registration=upgrade, level=Level.CENTRAL, final_star=5, band_star=5, mean_score=92)
    five = CertificateFactory(product=product, star=5, issued_on=date(2026, 9, 1), registration=upgrade)
    four.status, four.superseded_by, four.status_changed_on = CertificateStatus.SUPERSEDED, five, date(2026, 9, 1)
    four.save()
    other = result_for(cast.producer, star=3)
    CertificateFactory(
        product=other.registration.product, star=3, issued_on=date(2026, 5, 4), registration=other.registration
    )
    return product


def test_a_product_recognised_twice_in_the_year_counts_once_under_its_last_star(cast):
    recognised_then_upgraded(cast)
    report = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))
    assert report["recognised"] == {"total": 2, "s3": 1, "s4": 0, "s5": 1}
    assert report["evaluated"] == {"evaluated": 2, "reached": 2, "not_recognised": 0, "share": 100}
    assert [row["total"] for row in report["sectors"]] == [2]


def test_the_evaluated_list_names_each_product_once(cast, login):
    recognised_then_upgraded(cast)
    client = login(cast.province_officer)
    for figure in ("evaluated", "reached"):
        context = client.get(LIST, {"figure": figure, "start": "2026-01-01", "end": "2026-12-31"}).context
        assert context["total"] == 2, figure


def test_a_plan_counts_an_upgraded_product_as_upgraded_only(cast):
    """Tân An: certified 4★ in 2023, recognised 4★ again and upgraded to 5★ the same day in 2026 (the 4★
    superseded that day). Not a new product, not a 4★ of the year: one product upgraded from 4★ to 5★."""
    product = ProductFactory(producer=cast.producer)
    CertificateFactory(product=product, star=4, issued_on=date(2023, 1, 10), status=CertificateStatus.EXPIRED)
    again = RegistrationFactory(product=product, kind=RegistrationKind.FIRST, status=RegistrationStatus.DECIDED)
    four = CertificateFactory(product=product, star=4, issued_on=date(2026, 4, 1), registration=again)
    five = CertificateFactory(product=product, star=5, issued_on=date(2026, 4, 1))
    four.status, four.superseded_by, four.status_changed_on = CertificateStatus.SUPERSEDED, five, date(2026, 4, 1)
    four.save()
    new = ProductFactory(producer=cast.producer)
    CertificateFactory(product=new, star=3, issued_on=date(2026, 2, 1))
    CertificateFactory(product=new, star=3, issued_on=date(2026, 6, 1))  # a second certificate of the new product
    plan = plan_create(
        by=cast.province_officer,
        fields={
            "unit": cast.province,
            "number": "58/KH-UBND",
            "signed_on": date(2026, 1, 5),
            "title": "Kế hoạch OCOP 2026",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31),
        },
        targets=[
            {"metric": M.NEW_RECOGNISED, "quantity": 5},
            {"metric": M.RECOGNISED_STAR, "star": 4, "quantity": 5},
            {"metric": M.RECOGNISED_STAR, "star": 3, "quantity": 5},
            {"metric": M.UPGRADED, "star": 5, "from_star": 4, "quantity": 5},
        ],
    )
    rows = {(row["target"].metric, row["target"].star): row["achieved"] for row in plan_progress(plan)}
    assert rows == {
        (M.NEW_RECOGNISED, None): 1,
        (M.RECOGNISED_STAR, 4): 0,
        (M.RECOGNISED_STAR, 3): 1,
        (M.UPGRADED, 5): 1,
    }
    new_target = plan.targets.get(metric=M.NEW_RECOGNISED)
    assert [c.product for c in target_certificates(new_target)] == [new]


def test_a_past_quarter_counts_the_certificates_live_at_its_end(cast, login):
    def cert(star, issued, **kwargs):
        return CertificateFactory(product=ProductFactory(producer=cast.producer), star=star, issued_on=issued, **kwargs)

    cert(3, date(2025, 6, 1))  # live then and now
    cert(4, date(2026, 12, 1))  # issued after the quarter: live today, not at its end
    revoked_later = cert(4, date(2025, 2, 1), status=CertificateStatus.REVOKED, status_changed_on=date(2026, 5, 1))
    revoked_before = cert(5, date(2025, 2, 1), status=CertificateStatus.REVOKED, status_changed_on=date(2026, 2, 1))
    for certificate, on in ((revoked_later, date(2026, 5, 1)), (revoked_before, date(2026, 2, 1))):
        Revocation.objects.create(
            certificate=certificate,
            status=RevocationStatus.ISSUED,
            ground="b",
            decision_number="9/QĐ",
            decision_date=on,
        )
    superseded_later = cert(3, date(2025, 3, 1))
    successor = CertificateFactory(product=superseded_later.product, star=4, issued_on=date(2026, 6, 1))
    superseded_later.status, superseded_later.superseded_by = CertificateStatus.SUPERSEDED, successor
    superseded_later.status_changed_on = date(2026, 6, 1)
    superseded_later.save()
    cert(3, date(2022, 1, 1), valid_until=date(2026, 2, 1), status=CertificateStatus.EXPIRED)  # lapsed in the quarter

    report = programme_report(user=cast.province_officer, period=ReportPeriod("q1", 2026))
    assert report["live"] == {
        "total": 3,
        "s3": 2,
        "s4": 1,
        "s5": 0,
    }  # 3★ 2025, the 4★ revoked and the 3★ superseded later
    client = login(cast.province_officer)
    assert client.get(report["links"]["live"]["total"]).context["page"].paginator.count == 3
    assert client.get(report["links"]["live"]["s3"]).context["page"].paginator.count == 2
    year = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))
    assert year["live"]["total"] == 3  # today: the 3★ of 2025, the 4★ of December and the successor
