"""A double click, two tabs or a network retry: an ad hoc inspection and a complaint are recorded once, the second
sending told why (the race itself, with real parallel connections: test_double_submission_postgres.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import Complaint, Inspection

from .factories import certificate_for, inspector, recorded, scheduled

pytestmark = pytest.mark.django_db

TEXT = "Sản phẩm bày bán ở chợ dùng nhãn 5 sao, giấy chứng nhận ghi 4 sao."
FINDING = "Chi cục Quản lý thị trường phát hiện nhãn ghi sai hạng sao (biên bản số 12/BB-QLTT)."


def ad_hoc_post(certificate, cast):
    return {
        "certificate_number": certificate.number,
        "detail": FINDING,
        "inspectors": [inspector(cast).pk],
        "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"),
    }


def test_an_ad_hoc_inspection_sent_twice_is_opened_once_with_a_message(cast, login):
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:inspection_create")
    assert client.post(url, ad_hoc_post(certificate, cast)).status_code == 302
    again = client.post(url, ad_hoc_post(certificate, cast))
    assert again.status_code == 200
    assert "đã có một cuộc kiểm tra đột xuất chưa kết luận" in again.context["form"].non_field_errors()[0]
    assert Inspection.objects.filter(certificate=certificate).count() == 1


def test_a_new_ad_hoc_inspection_opens_once_the_open_one_is_concluded(cast):
    certificate = certificate_for(cast)
    kwargs = {
        "certificate": certificate,
        "reason": "agency",
        "detail": FINDING,
        "inspectors": [inspector(cast)],
        "scheduled_on": timezone.localdate(),
        "by": cast.province_officer,
    }
    planned = scheduled(cast, certificate)  # a periodic inspection of the plan does not stand in the way
    first = services.inspection_open_ad_hoc(**kwargs)
    recorded(cast, first)
    services.inspection_conclude(inspection=first, by=first.inspectors.first(), outcome="compliant")
    second = services.inspection_open_ad_hoc(**kwargs)
    assert {planned.pk, first.pk, second.pk} == set(Inspection.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("who", ["public", "officer"])
def test_a_complaint_sent_twice_is_recorded_once_with_a_message(cast, client, login, who):
    certificate = certificate_for(cast)
    if who == "public":
        url = reverse("supervision:complaint_public", args=[certificate.product_id])
        data = {"text": TEXT, "name": "Lê Văn An", "contact": "0912 345 678"}
    else:
        client = login(cast.province_officer)
        url = reverse("supervision:complaint_create")
        data = {"certificate_number": certificate.number, "text": TEXT}
    assert client.post(url, data).status_code in (200, 302)
    again = client.post(url, data)
    assert "vừa được gửi và đã được ghi nhận" in again.context["form"].non_field_errors()[0]
    assert Complaint.objects.filter(product=certificate.product).count() == 1


def test_the_same_text_from_another_contact_or_later_is_another_complaint(cast):
    product = certificate_for(cast).product
    first = services.complaint_submit(product=product, text=TEXT, contact="0912 345 678")
    services.complaint_submit(product=product, text=TEXT, contact="an@example.vn")
    Complaint.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(minutes=11))
    services.complaint_submit(product=product, text=TEXT, contact="0912 345 678")
    assert Complaint.objects.filter(product=product).count() == 3
