"""An inspection of a plan is carried out under it (Điều 9.2: kiểm tra theo kế hoạch): its on-site day is not before
the plan's signing. The record took any day from the certificate's issue to today, so a visit could be dated before
the plan that ordered it; and a plan's signing date could be corrected to after a visit already recorded under it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from supervision import services
from supervision.choices import CheckArea, InspectionStatus

from .factories import all_met, plan_for, recorded, scheduled

pytestmark = pytest.mark.django_db

SIGNED = dt.date(2026, 1, 15)  # plan_for's signing day; the certificate was issued 400 days before 02/12/2026


def test_the_service_refuses_a_visit_before_the_plan_was_signed(cast):
    inspection = scheduled(cast)
    assert inspection.plan.signed_on == SIGNED and inspection.certificate.issued_on < SIGNED - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        services.inspection_record(
            inspection=inspection,
            by=inspection.inspectors.first(),
            inspected_on=SIGNED - dt.timedelta(days=1),
            representative_name="A",
            items=all_met(),
        )
    assert info.value.message_dict == {
        "inspected_on": ["Ngày kiểm tra không thể trước ngày ban hành kế hoạch kiểm tra (15/01/2026)."]
    }
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED and inspection.inspected_on is None
    recorded_on_signing = services.inspection_record(
        inspection=inspection,
        by=inspection.inspectors.first(),
        inspected_on=SIGNED,
        representative_name="A",
        items=all_met(),
    )
    assert recorded_on_signing.inspected_on == SIGNED


def test_the_record_page_says_it_beside_the_date_keeping_what_was_typed(cast, login):
    inspection = scheduled(cast)
    data = {"inspected_on": "14/01/2026", "representative_name": "Nguyễn Thị Hoan"}
    for area in CheckArea.values:
        data.update({f"{area}-result": "met", f"{area}-severity": "none", f"{area}-note": ""})
    response = login(inspection.inspectors.first()).post(
        reverse("supervision:inspection_record", args=[inspection.pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "inspected_on": ["Ngày kiểm tra không thể trước ngày ban hành kế hoạch kiểm tra (15/01/2026)."]
    }
    body = response.content.decode()
    assert 'value="14/01/2026"' in body and 'value="Nguyễn Thị Hoan"' in body
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED and inspection.representative_name == ""


def test_a_plans_signing_is_not_moved_after_a_visit_recorded_under_it(cast):
    inspection = recorded(cast)  # visited today, 02/12/2026
    services.inspection_record(
        inspection=inspection,
        by=inspection.inspectors.first(),
        inspected_on=dt.date(2026, 3, 2),
        representative_name="A",
        items=all_met(),
    )
    plan = plan_for(cast)
    with pytest.raises(ValidationError) as info:
        services.plan_update(plan=plan, by=cast.province_officer, data={"signed_on": dt.date(2026, 3, 3)})
    assert info.value.message_dict == {
        "signed_on": ["Ngày ban hành không thể sau ngày kiểm tra đầu tiên theo kế hoạch này (02/03/2026)."]
    }
    plan.refresh_from_db()
    assert plan.signed_on == SIGNED
    services.plan_update(plan=plan, by=cast.province_officer, data={"signed_on": dt.date(2026, 3, 2)})
    plan.refresh_from_db()
    assert plan.signed_on == dt.date(2026, 3, 2)
