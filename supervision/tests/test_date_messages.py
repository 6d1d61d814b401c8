"""A refused date says the days allowed (dd/mm/yyyy): "Ngày kết luận phải từ ngày kiểm tra đến hôm nay" named neither
day, so the inspector had to look both up before typing again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.choices import Outcome, Severity

from .factories import all_met, certificate_for, png, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db


def dmy(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def refused(call, field: str) -> str:
    with pytest.raises(ValidationError) as info:
        call()
    return " ".join(info.value.message_dict[field])


def test_the_inspection_date_names_today_and_the_certificates_issue_date(cast):
    inspection = scheduled(cast)
    issued, today = inspection.certificate.issued_on, timezone.localdate()

    def record(day):
        return lambda: services.inspection_record(
            inspection=inspection,
            by=inspection.inspectors.first(),
            inspected_on=day,
            representative_name="A",
            items=all_met(),
        )

    assert f"sau hôm nay ({dmy(today)})" in refused(record(today + dt.timedelta(days=1)), "inspected_on")
    assert f"ngày cấp giấy chứng nhận ({dmy(issued)})" in refused(record(issued - dt.timedelta(days=1)), "inspected_on")


def test_the_conclusion_date_names_the_inspection_day_and_today(cast):
    inspection = recorded(cast, items=with_finding(Severity.MAJOR))
    today = timezone.localdate()
    message = refused(
        lambda: services.inspection_conclude(
            inspection=inspection,
            by=inspection.inspectors.first(),
            outcome=Outcome.COMPLIANT,
            concluded_on=today + dt.timedelta(days=1),
        ),
        "concluded_on",
    )
    assert (
        message == f"Ngày kết luận phải từ ngày kiểm tra ({dmy(inspection.inspected_on)}) đến hôm nay ({dmy(today)})."
    )
    remedy = refused(
        lambda: services.inspection_conclude(
            inspection=inspection,
            by=inspection.inspectors.first(),
            outcome=Outcome.REMEDY,
            remedy_required="Sửa nhãn",
            remedy_due_on=today,
        ),
        "remedy_due_on",
    )
    assert remedy == f"Hạn khắc phục phải sau ngày kết luận ({dmy(today)})."


def test_a_new_remedy_deadline_names_today(cast):
    inspection = recorded(cast, items=with_finding(Severity.MAJOR))
    today = timezone.localdate()
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REMEDY,
        remedy_required="Sửa nhãn",
        remedy_due_on=today + dt.timedelta(days=30),
    )
    services.remedy_answer(remedy=inspection.remedy, by=cast.producer_owner, answer="Đã sửa.", uploads=[png()])
    message = refused(
        lambda: services.remedy_review(
            remedy=inspection.remedy, by=inspection.inspectors.first(), accept=False, note="Chưa rõ", due_on=today
        ),
        "due_on",
    )
    assert message == f"Hạn mới phải sau hôm nay ({dmy(today)})."


def test_the_communes_confirmation_date_names_the_issue_date_and_today(cast, login):
    certificate = certificate_for(cast)
    today = timezone.localdate()
    message = refused(
        lambda: services.production_stop_confirm(
            certificate=certificate,
            by=cast.commune_officer,
            confirmed_on=certificate.issued_on - dt.timedelta(days=1),
            document_number="5/XN-UBND",
        ),
        "confirmed_on",
    )
    assert message == (
        f"Ngày xác nhận phải từ ngày cấp giấy chứng nhận ({dmy(certificate.issued_on)}) đến hôm nay ({dmy(today)})."
    )
    response = login(cast.commune_officer).post(
        reverse("supervision:stop_confirm", args=[certificate.pk]),
        {"confirmed_on": dmy(today + dt.timedelta(days=3)), "document_number": "5/XN-UBND"},
    )
    assert response.context["form"].errors["confirmed_on"] == [f"Ngày xác nhận không thể sau hôm nay ({dmy(today)})."]
