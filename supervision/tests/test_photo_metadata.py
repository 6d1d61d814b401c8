"""The photos of supervision keep nothing of where they were taken: an anonymous visitor's complaint photo (read by
the province's officers), an inspector's (shown to the producer) and a producer's evidence."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from products.tests.test_photo_metadata import assert_no_metadata, camera_photo
from supervision import services
from supervision.choices import Outcome, Severity
from supervision.models import Complaint

from .factories import certificate_for, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db


def stored(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def test_a_visitors_complaint_photo_keeps_no_gps_position(client, cast):
    certificate = certificate_for(cast)
    text = "Sản phẩm bày bán ở chợ dùng nhãn 5 sao, giấy chứng nhận ghi 4 sao."
    url = reverse("supervision:complaint_public", args=[certificate.product_id])
    response = client.post(url, {"text": text, "photo": camera_photo()}, follow=True)
    assert response.redirect_chain and b"complaint-thanks" in response.content  # the receipt after a redirect
    assert_no_metadata(stored(Complaint.objects.get().photo))


def test_an_inspection_photo_keeps_no_gps_position(cast):
    inspection = scheduled(cast)
    photo = services.inspection_add_photo(
        inspection=inspection, by=inspection.inspectors.first(), upload=camera_photo("png")
    )
    assert_no_metadata(stored(photo.image))


def test_a_remedy_evidence_photo_keeps_no_gps_position(cast):
    inspection = recorded(cast, items=with_finding(Severity.MAJOR))
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REMEDY,
        remedy_required="Sửa nhãn",
        remedy_due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    services.remedy_answer(
        remedy=inspection.remedy, by=cast.producer_owner, answer="Đã sửa.", uploads=[camera_photo("webp")]
    )
    evidence = inspection.remedy.evidence.get()
    assert evidence.content_type == "image/webp"
    assert_no_metadata(stored(evidence.file))
