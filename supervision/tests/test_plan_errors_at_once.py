"""The supervision plan's forms (its record and its correction) say every wrong field in their first answer: a field
left empty (the title) does not hide, until the next submit, what the service's rule of the signing date
(plan_signed_on_check) says of it. What was typed stays, and nothing is written."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.testing import form_as_shown
from supervision.models import SupervisionPlan

from .factories import plan_for

pytestmark = pytest.mark.django_db

FUTURE = "Ngày ban hành không thể sau hôm nay (02/12/2026)."


def test_a_plan_with_an_empty_title_and_a_signing_date_to_come_is_refused_at_once(cast, login):
    data = {
        "level": "province",
        "unit": cast.province.pk,
        "year": timezone.localdate().year,
        "number": "23/KH-SNN",
        "signed_on": "01/01/2099",
        "title": "",
    }
    response = login(cast.province_officer).post(reverse("supervision:plan_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["signed_on"] == [FUTURE]
    assert 'value="01/01/2099"' in response.content.decode()
    assert not SupervisionPlan.objects.filter(number="23/KH-SNN").exists()


def test_a_correction_with_an_empty_title_and_a_signing_date_to_come_is_refused_at_once(cast, login):
    plan = plan_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:plan_update", args=[plan.pk])
    data = form_as_shown(client.get(url)) | {"title": "", "signed_on": "01/01/2099"}
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["signed_on"] == [FUTURE]
    assert 'value="01/01/2099"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Kiểm tra, giám sát sản phẩm OCOP" and plan.signed_on.year == plan.year
