"""A plan holds a product once, whichever of its certificates it was put in under (Điều 9 inspects the products
recognised): a product planned, then re-certified (an upgrade, Điều 7.5; a re-evaluation, Điều 7.6) under a new
certificate, is the same product. The plan judged "already in the plan" by certificate: it proposed the new
certificate again as "Chưa được kiểm tra trong 36 tháng", took it by hand and scheduled a second inspection."""

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.services.decisions import certificate_supersede
from certificates.tests.factories import CertificateFactory, DecisionFactory
from supervision import services
from supervision.choices import SelectionReason
from supervision.models import Inspection
from supervision.selectors import plan_candidates

from .factories import certificate_for, inspector, plan_for, scheduled

pytestmark = pytest.mark.django_db


def upgraded(cast, old):
    """The product's upgrade certificate (one star more), issued today, which supersedes `old` (Điều 7.5)."""
    today = timezone.localdate()
    new = CertificateFactory(
        product=old.product,
        star=old.star + 1,
        decision=DecisionFactory(date=today),
        issued_on=today,
        valid_until=today + relativedelta(months=36),
    )
    assert certificate_supersede(old=old, new=new, by=cast.province_officer)
    return new


@pytest.fixture
def planned(cast):
    """Mật ong, put in the province's plan (not inspected yet) under its 3★ certificate, then upgraded to 4★."""
    plan = plan_for(cast)
    old = certificate_for(cast, star=3, name="Mật ong")
    scheduled(cast, old, plan=plan)
    return plan, upgraded(cast, old)


def test_the_plan_does_not_propose_again_a_product_it_holds_under_its_former_certificate(cast, planned):
    plan, new = planned
    never = certificate_for(cast, name="Miến dong")
    proposed = {row["certificate"].pk for row in plan_candidates(plan=plan)}
    assert new.pk not in proposed and never.pk in proposed


def test_the_plan_page_neither_lists_nor_takes_it_by_hand(cast, planned, login):
    plan, new = planned
    client = login(cast.province_officer)
    assert new.number not in client.get(reverse("supervision:plan_detail", args=[plan.pk])).content.decode()
    response = client.post(
        reverse("supervision:plan_schedule", args=[plan.pk]),
        {
            "manual_number": new.number,
            "inspectors": [inspector(cast).pk],
            "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 400 and response.context["form"].errors["manual_number"]
    assert new.number in response.content.decode()  # what was typed stays
    assert Inspection.objects.filter(plan=plan).count() == 1


def test_the_service_refuses_a_second_inspection_of_the_product_in_one_plan(cast, planned):
    plan, new = planned
    with pytest.raises(ValidationError) as info:
        services.inspection_schedule(
            plan=plan,
            certificate=new,
            reason=SelectionReason.MANUAL,
            inspectors=[inspector(cast)],
            scheduled_on=timezone.localdate(),
            by=cast.province_officer,
        )
    assert "đã có trong kế hoạch" in " ".join(info.value.messages)
    assert Inspection.objects.filter(plan=plan).count() == 1
    # Another plan may hold it, under the certificate it has now.
    assert scheduled(cast, new, plan=plan_for(cast, number="3/KH-SNN")).certificate == new
