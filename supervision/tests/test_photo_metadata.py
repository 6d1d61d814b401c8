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


def test_the_command_cleans_the_supervision_photos_stored_before(cast, settings, tmp_path):
    """Inspection, complaint and remedy evidence photos stored before the upload left metadata behind are written
    anew under the same name; a PDF of evidence is left as it is, and a second run has nothing left to write."""
    import io

    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from supervision.models import InspectionPhoto, RemedyEvidence

    settings.MEDIA_ROOT = tmp_path
    certificate = certificate_for(cast)
    complaint = Complaint.objects.create(product=certificate.product, source="public", text="Nhãn sai số sao.")
    complaint.photo.save("old-complaint.jpg", camera_photo("jpg"))  # as the upload stored it before
    inspection = scheduled(cast)
    old = InspectionPhoto(inspection=inspection, uploaded_by=inspection.inspectors.first())
    old.image.save("old-inspection.png", camera_photo("png"), save=False)
    old.thumbnail.save("old-inspection-thumb.png", camera_photo("png"), save=False)
    old.save()
    recorded_inspection = recorded(cast, items=with_finding(Severity.MAJOR))
    services.inspection_conclude(
        inspection=recorded_inspection,
        by=recorded_inspection.inspectors.first(),
        outcome=Outcome.REMEDY,
        remedy_required="Sửa nhãn",
        remedy_due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    remedy = recorded_inspection.remedy
    pdf = b"%PDF-1.4 Exif GPS camera"
    for name, content in (("old-evidence.webp", camera_photo("webp").read()), ("old-evidence.pdf", pdf)):
        evidence = RemedyEvidence(remedy=remedy, original_name=name, content_type="image/webp")
        evidence.file.save(name, ContentFile(content), save=False)
        evidence.save()
    out = io.StringIO()
    call_command("strip_photo_metadata", stdout=out)
    lines = out.getvalue().splitlines()
    assert "1 inspection photo(s) written without metadata." in lines
    assert "1 complaint photo(s) written without metadata." in lines
    assert "1 remedy evidence photo(s) written without metadata." in lines
    complaint.refresh_from_db()
    old.refresh_from_db()
    assert complaint.photo.name.endswith("old-complaint.jpg") and old.image.name.endswith("old-inspection.png")
    for field_file in (complaint.photo, old.image, old.thumbnail, remedy.evidence.get(file__endswith=".webp").file):
        assert_no_metadata(stored(field_file))
    assert stored(remedy.evidence.get(file__endswith=".pdf").file) == pdf
    out = io.StringIO()
    call_command("strip_photo_metadata", stdout=out)
    assert "0 inspection photo(s)" in out.getvalue() and "0 complaint photo(s)" in out.getvalue()
    assert "0 remedy evidence photo(s)" in out.getvalue()
