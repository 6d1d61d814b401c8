"""Coverage and the plan's proposals count inspections per product (Điều 9: the products recognised are inspected):
a re-evaluation that gives the product a new certificate does not make it uninspected again. On the demo, Mật ong
inspected today ("Đạt") had its re-evaluation's certificate issued: the home page's coverage fell from 2/3 to 1/3
and the plan proposed it again as "Chưa được kiểm tra trong 36 tháng"."""

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from certificates.services.decisions import certificate_supersede
from certificates.tests.factories import CertificateFactory, DecisionFactory
from supervision import services
from supervision.choices import InspectionStatus, Outcome, SelectionReason
from supervision.models import Inspection
from supervision.selectors import coverage, plan_candidates

from .factories import certificate_for, plan_for, recorded, scheduled

pytestmark = pytest.mark.django_db


def reevaluated(cast, old):
    """The product's re-evaluation certificate, issued today, which supersedes `old` (Điều 7.6)."""
    today = timezone.localdate()
    new = CertificateFactory(
        product=old.product,
        star=old.star,
        decision=DecisionFactory(date=today),
        issued_on=today,
        valid_until=today + relativedelta(months=36),
    )
    assert certificate_supersede(old=old, new=new, by=cast.province_officer)
    return new


@pytest.fixture
def honey(cast):
    """Mật ong, inspected today in the province's plan with the result "Đạt", then re-evaluated."""
    old = certificate_for(cast, name="Mật ong", issued_on=timezone.localdate() - relativedelta(months=33))
    inspection = recorded(cast, scheduled(cast, old, plan=plan_for(cast, number="15/KH-SNNMT")))
    services.inspection_conclude(inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.COMPLIANT)
    return reevaluated(cast, old)


def test_a_products_inspection_under_its_former_certificate_still_covers_it(cast, honey):
    certificate_for(cast, name="Miến dong")  # certified, never inspected
    got = coverage(user=cast.province_officer)
    assert (got["certified"], got["inspected"]) == (2, 1)


def test_the_plan_does_not_propose_again_a_product_inspected_under_its_former_certificate(cast, honey):
    never = certificate_for(cast, name="Miến dong")
    plan = plan_for(cast, number="16/KH-SNNMT")
    proposed = {row["certificate"].pk: row["reasons"] for row in plan_candidates(plan=plan)}
    assert honey.pk not in proposed
    assert proposed[never.pk] == [SelectionReason.NOT_INSPECTED]


def test_the_plan_page_and_the_overview_agree(cast, honey, login):
    never = certificate_for(cast, name="Miến dong")
    client = login(cast.province_officer)
    page = client.get(reverse("supervision:plan_detail", args=[plan_for(cast, number="16/KH-SNNMT").pk]))
    assert never.number in page.content.decode() and honey.number not in page.content.decode()
    cov = client.get(reverse("supervision:overview")).context["cov"]
    assert (cov["certified"], cov["inspected"]) == (2, 1)


def test_an_inspection_of_the_product_before_36_months_does_not_count(cast):
    old = certificate_for(cast, name="Mật ong", issued_on=timezone.localdate() - relativedelta(months=35))
    long_ago = timezone.localdate() - relativedelta(months=37)
    Inspection.objects.create(
        kind="periodic",
        reason="manual",
        certificate=old,
        product=old.product,
        scheduled_on=long_ago,
        inspected_on=long_ago,
        concluded_on=long_ago,
        status=InspectionStatus.CONCLUDED,
        outcome=Outcome.COMPLIANT,
    )
    new = reevaluated(cast, old)
    assert coverage(user=cast.province_officer)["inspected"] == 0
    plan = plan_for(cast, number="16/KH-SNNMT")
    assert {row["certificate"].pk: row["reasons"] for row in plan_candidates(plan=plan)}[new.pk] == [
        SelectionReason.NOT_INSPECTED
    ]
