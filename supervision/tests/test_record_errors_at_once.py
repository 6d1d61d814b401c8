"""The on-site record's refusals in one answer: the representative left empty, a day after today, a finding without
its severity or note were refused a round each (the form's, then the service's day, then the findings), on a phone
on site."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.choices import CheckArea, InspectionStatus

from .factories import scheduled

pytestmark = pytest.mark.django_db


def test_it_refuses_the_representative_the_day_and_the_finding_at_once(cast, login):
    inspection = scheduled(cast)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {"inspected_on": f"{tomorrow:%d/%m/%Y}", "representative_name": "", "summary": "Cơ sở sạch sẽ."}
    for area in CheckArea.values:
        data.update({f"{area}-result": "met", f"{area}-severity": "none", f"{area}-note": ""})
    data.update({"mark-result": "finding", "mark-severity": "none", "mark-note": ""})
    response = login(inspection.inspectors.first()).post(
        reverse("supervision:inspection_record", args=[inspection.pk]), data
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"representative_name", "inspected_on", "mark-severity", "mark-note"}
    assert errors["inspected_on"] == [f"Ngày kiểm tra không thể sau hôm nay ({timezone.localdate():%d/%m/%Y})."]
    assert "Cơ sở sạch sẽ." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PLANNED and inspection.representative_name == ""
