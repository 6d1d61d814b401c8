"""The forms that schedule an inspection (ad hoc, and a plan's products) say every wrong field in their first answer: a
field the form itself refuses (no inspector ticked) does not hide, until the next submit, what the service's checks say
of the others (a day already past, outside the plan's year, an agency's conclusion missing its number and date). What
was typed stays."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.models import Inspection

from .factories import certificate_for, plan_for

pytestmark = pytest.mark.django_db


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def test_no_inspector_and_a_past_day_are_refused_at_once(cast, login):
    certificate = certificate_for(cast)
    typed = _day(timezone.localdate() - dt.timedelta(days=3))
    response = login(cast.province_officer).post(
        reverse("supervision:inspection_create"),
        {"certificate_number": certificate.number, "detail": "Đội QLTT số 2: nhãn ghi sai.", "scheduled_on": typed},
    )
    assert response.status_code == 200 and not Inspection.objects.exists()
    form = response.context["form"]
    assert form.errors["inspectors"] == ["Trường này là bắt buộc."]
    today = _day(timezone.localdate())
    assert form.errors["scheduled_on"] == [f"Ngày kiểm tra dự kiến không thể trước hôm nay ({today})."]
    html = response.content.decode()
    assert f'value="{typed}"' in html and "Đội QLTT số 2: nhãn ghi sai." in html


def test_a_past_day_is_refused_even_when_the_certificate_is_not_found(cast, login):
    typed = _day(timezone.localdate() - dt.timedelta(days=3))
    response = login(cast.province_officer).post(
        reverse("supervision:inspection_create"),
        {"certificate_number": "không-có", "detail": "Đội QLTT số 2: nhãn ghi sai.", "scheduled_on": typed},
    )
    form = response.context["form"]
    assert response.status_code == 200 and {"certificate_number", "inspectors", "scheduled_on"} <= set(form.errors)
    assert f'value="{typed}"' in response.content.decode()


def test_no_inspector_and_an_incomplete_agency_conclusion_are_refused_at_once(cast, login):
    certificate = certificate_for(cast)
    response = login(cast.province_officer).post(
        reverse("supervision:inspection_create"),
        {
            "certificate_number": certificate.number,
            "detail": "Đội QLTT số 2: nhãn ghi sai.",
            "scheduled_on": _day(timezone.localdate()),
            "agency": "Đội Quản lý thị trường số 2",
        },
    )
    assert response.status_code == 200 and not Inspection.objects.exists()
    form = response.context["form"]
    assert {"inspectors", "document_number", "concluded_on"} <= set(form.errors)
    assert 'value="Đội Quản lý thị trường số 2"' in response.content.decode()


def test_the_plans_form_refuses_no_inspector_and_a_past_day_at_once(cast, login):
    plan = plan_for(cast)
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    typed = _day(timezone.localdate() - dt.timedelta(days=3))
    response = login(cast.province_officer).post(
        reverse("supervision:plan_schedule", args=[plan.pk]), {"certificates": [honey.pk], "scheduled_on": typed}
    )
    assert response.status_code == 400 and not Inspection.objects.exists()
    form = response.context["form"]
    assert form.errors["inspectors"] == ["Trường này là bắt buộc."]
    today = _day(timezone.localdate())
    assert form.errors["scheduled_on"] == [f"Ngày kiểm tra dự kiến không thể trước hôm nay ({today})."]
    assert f'value="{typed}"' in response.content.decode()


def test_the_plans_form_refuses_no_inspector_and_a_day_outside_the_plans_year_at_once(cast, login):
    plan = plan_for(cast)
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    typed = _day(dt.date(plan.year + 1, 1, 15))
    response = login(cast.province_officer).post(
        reverse("supervision:plan_schedule", args=[plan.pk]), {"certificates": [honey.pk], "scheduled_on": typed}
    )
    assert response.status_code == 400 and not Inspection.objects.exists()
    form = response.context["form"]
    assert form.errors["inspectors"] == ["Trường này là bắt buộc."]
    assert form.errors["scheduled_on"] == ["Ngày kiểm tra phải thuộc năm của kế hoạch."]
    assert f'value="{typed}"' in response.content.decode()
