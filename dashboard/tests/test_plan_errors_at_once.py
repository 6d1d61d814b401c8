"""The plan form says every wrong field in its first answer: a field left empty (the title) does not hide, until the
next submit, what the service's checks say of the dates (plan_dates_check) or of the targets (plan_targets_check).
What was typed stays."""

import pytest
from django.urls import reverse

from dashboard.models import Plan

from .test_plans import form_data

pytestmark = pytest.mark.django_db


def test_an_empty_title_and_a_signing_date_to_come_are_refused_at_once(cast, login):
    response = login(cast.province_officer).post(
        reverse("dashboard_plan_create"), form_data(cast, title="", signed_on="10/03/2099")
    )
    assert response.status_code == 200 and not Plan.objects.exists()
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["signed_on"] == ["Ngày ban hành không thể sau hôm nay (02/12/2026)."]
    html = response.content.decode()
    assert 'value="10/03/2099"' in html and 'value="58/KH-UBND"' in html


def test_an_empty_title_and_no_target_are_refused_at_once(cast, login):
    data = form_data(cast, title="") | {"target-0-metric": "", "target-0-quantity": ""}
    response = login(cast.province_officer).post(reverse("dashboard_plan_create"), data)
    assert response.status_code == 200 and not Plan.objects.exists()
    assert response.context["form"].errors["title"] == ["Trường này là bắt buộc."]
    assert response.context["targets"].non_form_errors() == ["Kế hoạch cần ít nhất một chỉ tiêu."]
    assert 'value="58/KH-UBND"' in response.content.decode()
