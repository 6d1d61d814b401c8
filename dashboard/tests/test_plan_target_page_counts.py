"""A target's page says what the plan says it achieved: products (new producers: producers), each once, however many
certificates it got in the period; the certificates behind them stay listed. The page said "Đạt 2 giấy chứng
nhận" for a product upgraded twice in the year that the plan counted as one product upgraded."""

import datetime as dt
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from certificates.tests.factories import CertificateFactory, RegistrationFactory
from dashboard.choices import TargetMetric as M
from dashboard.selectors.plans import plan_progress, target_achieved
from dashboard.tests.factories import plan_of_2026
from evaluation.choices import RegistrationKind, RegistrationStatus
from products.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

DURING = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def upgraded_twice_in_the_year(cast):
    """3★ since 2023, upgraded to 4★ in March 2026 and to 5★ in October: two certificates of one product."""
    raised = ProductFactory(producer=cast.producer, name="Miến dong Bình Minh")
    CertificateFactory(product=raised, star=3, issued_on=date(2023, 5, 2))
    for star, issued in ((4, date(2026, 3, 2)), (5, date(2026, 10, 2))):
        upgrade = RegistrationFactory(product=raised, kind=RegistrationKind.UPGRADE, status=RegistrationStatus.DECIDED)
        CertificateFactory(product=raised, star=star, issued_on=issued, registration=upgrade)
    return raised


def new_producer_with_two_products(cast):
    newcomer = ProducerFactory(commune=cast.commune, name="HTX Chè Tân Cương")
    for issued in (date(2026, 4, 10), date(2026, 9, 14)):
        CertificateFactory(product=ProductFactory(producer=newcomer), star=3, issued_on=issued)
    return newcomer


def plan_of_the_year(cast):
    return plan_of_2026(
        cast,
        [
            {"metric": M.UPGRADED, "quantity": 2},
            {"metric": M.NEW_PRODUCERS, "quantity": 3},
        ],
    )


@time_machine.travel(DURING, tick=False)
def test_a_product_with_two_certificates_in_the_period_is_one_product_on_the_plan_and_on_its_target(cast, login):
    upgraded_twice_in_the_year(cast)
    new_producer_with_two_products(cast)
    plan = plan_of_the_year(cast)
    client = login(cast.province_officer)
    rows = {row["target"].metric: row for row in plan_progress(plan)}
    assert rows[M.UPGRADED]["achieved"] == 1 and rows[M.NEW_PRODUCERS]["achieved"] == 1
    for metric, said in (
        (M.UPGRADED, "Đạt 1 sản phẩm (2 giấy chứng nhận) / kế hoạch 2"),
        (M.NEW_PRODUCERS, "Đạt 1 chủ thể (2 giấy chứng nhận) / kế hoạch 3"),
    ):
        target = rows[metric]["target"]
        assert target_achieved(target) == rows[metric]["achieved"]  # the one figure, read on its own
        page = client.get(reverse("dashboard_plan_target_detail", args=[plan.pk, target.pk]))
        html = page.content.decode()
        assert said in html, metric
        assert page.context["achieved"] == rows[metric]["achieved"]
        assert html.count('data-testid="target-certificate"') == 2  # the certificates behind the figure, listed


@time_machine.travel(DURING, tick=False)
def test_one_certificate_a_product_says_the_products_only(cast, login):
    raised = ProductFactory(producer=cast.producer)
    CertificateFactory(product=raised, star=3, issued_on=date(2023, 5, 2))
    upgrade = RegistrationFactory(product=raised, kind=RegistrationKind.UPGRADE, status=RegistrationStatus.DECIDED)
    CertificateFactory(product=raised, star=4, issued_on=date(2026, 3, 2), registration=upgrade)
    plan = plan_of_the_year(cast)
    target = plan.targets.get(metric=M.UPGRADED)
    html = login(cast.province_officer).get(reverse("dashboard_plan_target_detail", args=[plan.pk, target.pk]))
    assert "Đạt 1 sản phẩm / kế hoạch 2" in html.content.decode()


@time_machine.travel(DURING, tick=False)
def test_a_periodic_reports_day_counts_the_products_by_that_day(cast, login):
    """?until= (the report's quarter end): the figure and the list stop there, as the report's figure does."""
    upgraded_twice_in_the_year(cast)
    plan = plan_of_the_year(cast)
    target = plan.targets.get(metric=M.UPGRADED)
    url = reverse("dashboard_plan_target_detail", args=[plan.pk, target.pk])
    html = login(cast.province_officer).get(url, {"until": "2026-06-30"}).content.decode()
    assert "Đạt 1 sản phẩm / kế hoạch 2" in html and html.count('data-testid="target-certificate"') == 1
    assert (
        target_achieved(target, until=date(2026, 6, 30)) == plan_progress(plan, until=date(2026, 6, 30))[0]["achieved"]
    )
