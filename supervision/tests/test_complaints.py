"""Complaints: the public product page's short form (no account, honeypot, rate limit, optional photo) and the
officers'; the OCOP office triages them into an ad hoc inspection or closes them with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus
from supervision import services
from supervision.choices import ComplaintSource, ComplaintStatus, InspectionKind, SelectionReason
from supervision.models import Complaint

from .factories import certificate_for, inspector, png

pytestmark = pytest.mark.django_db

TEXT = "Sản phẩm bày bán ở chợ dùng nhãn 5 sao, giấy chứng nhận ghi 4 sao."


def url(certificate):
    return reverse("supervision:complaint_public", args=[certificate.product_id])


def test_a_visitor_sends_a_complaint_with_a_photo_and_the_office_is_told(client, cast):
    certificate = certificate_for(cast)
    response = client.post(url(certificate), {"text": TEXT, "name": "Lê Văn An", "photo": png()}, follow=True)
    assert response.redirect_chain and b"complaint-thanks" in response.content
    complaint = Complaint.objects.get()
    assert complaint.source == ComplaintSource.PUBLIC and complaint.created_by is None and complaint.photo
    assert complaint.text == TEXT
    assert cast.province_officer.notifications.filter(message__contains="Phản ánh mới").exists()
    assert not cast.outsider.notifications.exists()


def test_a_complaint_is_named_by_its_local_date(cast):
    """At 06:00 in Hà Nội it is still the day before in UTC: the complaint's name (lists, audit rows) gave that."""
    import datetime as dt

    import time_machine

    certificate = certificate_for(cast)
    early = dt.datetime(2026, 12, 2, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    with time_machine.travel(early, tick=False):
        complaint = services.complaint_submit(product=certificate.product, text=TEXT, name="Lê Văn An")
    assert str(complaint).endswith("– 02/12/2026")


def test_the_form_page_shows_the_camera_free_photo_field_and_a_hidden_honeypot(client, cast):
    response = client.get(url(certificate_for(cast)))
    assert response.status_code == 200
    assert b'name="website"' in response.content and b'accept="image/*"' in response.content


def test_a_robot_filling_the_honeypot_is_answered_as_a_sender_and_nothing_is_kept(client, cast):
    """Answered as a complaint sent: a redirect to a receipt's address (a reload of it sends nothing again), whose page
    thanks it for its complaint about the product, says nothing of the hidden field and gives no code (a person whose
    browser filled the field must not be given a code the office cannot find)."""
    import re

    certificate = certificate_for(cast)
    form = client.get(url(certificate)).content.decode()
    token = re.search(r'name="submission" value="([0-9a-f-]{36})"', form)[1]
    sent = client.post(url(certificate), {"text": TEXT, "website": "http://spam.example", "submission": token})
    receipt = reverse("supervision:complaint_receipt", args=[token])
    assert sent.status_code == 302 and sent["Location"] == receipt
    for _reload in range(2):
        page = client.get(receipt)
        assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex"
        text = page.content.decode()
        assert "Cảm ơn bạn đã phản ánh" in text and certificate.product.name in text
        assert "website" not in text and "Để trống ô này" not in text and "PA-" not in text
    tokenless = client.post(url(certificate), {"text": TEXT, "website": "http://spam.example"})
    assert tokenless.status_code == 302 and client.get(tokenless["Location"]).status_code == 200
    assert not Complaint.objects.exists()


def test_a_fake_photo_is_refused_next_to_the_field(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = client.post(url(certificate_for(cast)), {"text": TEXT, "photo": fake})
    assert response.status_code == 200
    assert "Tệp không phải là ảnh hợp lệ" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_fake_photo_is_refused_with_the_other_errors_not_asked_for_again(client, cast):
    """The photo was checked only by the service, which the form reaches once it is valid: sent with an empty text, a
    file that is no photo was answered "choose it again before sending", and refused only once chosen again."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bad.txt", b"hello", content_type="text/plain")
    response = client.post(url(certificate_for(cast)), {"text": "", "photo": fake})
    errors = response.context["form"].errors
    assert "text" in errors
    assert errors["photo"] == ["Tệp không phải là ảnh hợp lệ."]
    assert not Complaint.objects.exists()


def test_an_image_bomb_is_refused_next_to_the_field(client, cast):
    # 48 kB of PNG that decodes to 400 million pixels: the public form answered 500 (Pillow's bomb guard).
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG")
    bomb = SimpleUploadedFile("anh.png", out.getvalue(), content_type="image/png")
    response = client.post(url(certificate_for(cast)), {"text": TEXT, "photo": bomb})
    assert response.status_code == 200
    assert "50 triệu điểm ảnh" in response.content.decode()
    assert not Complaint.objects.exists()


def test_too_many_posts_from_one_address_answer_429(client, cast, settings):
    settings.OCOP_COMPLAINT_RATE = "2/h"
    target = url(certificate_for(cast))
    codes = [client.post(target, {"text": f"{TEXT} ({n})"}).status_code for n in range(3)]  # each another one
    assert codes == [302, 302, 429]  # each redirected to its receipt
    assert Complaint.objects.count() == 2


def test_a_product_without_a_live_certificate_has_no_form(client, cast):
    certificate = certificate_for(cast)
    type(certificate).objects.filter(pk=certificate.pk).update(status=CertificateStatus.REVOKED)
    assert client.get(url(certificate)).status_code == 404
    assert client.get(reverse("supervision:complaint_public", args=[999999])).status_code == 404


def test_the_portal_product_page_links_to_the_form(client, cast):
    certificate = certificate_for(cast)
    response = client.get(reverse("portal:product_short", args=[certificate.product_id]), follow=True)
    assert url(certificate).encode() in response.content


def test_an_officer_files_a_complaint_about_a_product_of_their_scope(cast):
    certificate = certificate_for(cast)
    complaint = services.complaint_submit(product=certificate.product, text=TEXT, by=cast.commune_officer)
    assert complaint.source == ComplaintSource.OFFICER
    far = certificate_for(cast, producer=cast.other_producer_org)
    with pytest.raises(PermissionDenied):
        services.complaint_submit(product=far.product, text=TEXT, by=cast.commune_officer)


def test_triage_into_an_ad_hoc_inspection(cast):
    certificate = certificate_for(cast)
    complaint = services.complaint_submit(product=certificate.product, text=TEXT)
    who = inspector(cast)
    services.complaint_triage(
        complaint=complaint,
        by=cast.province_officer,
        action="inspect",
        inspectors=[who],
        scheduled_on=timezone.localdate(),
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.INSPECTION
    inspection = complaint.inspection
    assert inspection.kind == InspectionKind.AD_HOC and inspection.reason == SelectionReason.COMPLAINT
    assert inspection.reason_detail == TEXT and list(inspection.inspectors.all()) == [who]
    with pytest.raises(ValidationError):  # already triaged
        services.complaint_triage(complaint=complaint, by=cast.province_officer, action="close", reason="x")


def test_a_second_complaint_joins_the_ad_hoc_inspection_still_to_conclude(cast):
    """Two complaints about one product triaged into inspections: one visit, not two open ad hoc inspections."""
    from supervision.models import Inspection

    certificate = certificate_for(cast)
    first = services.complaint_submit(product=certificate.product, text=TEXT)
    second = services.complaint_submit(product=certificate.product, text="Bao bì ghi sai hạn sử dụng.")
    for complaint in (first, second):
        services.complaint_triage(
            complaint=complaint,
            by=cast.province_officer,
            action="inspect",
            inspectors=[inspector(cast)],
            scheduled_on=timezone.localdate(),
        )
        complaint.refresh_from_db()
    assert Inspection.objects.filter(certificate=certificate, kind=InspectionKind.AD_HOC).count() == 1
    assert first.inspection_id == second.inspection_id is not None
    assert second.status == ComplaintStatus.INSPECTION


def test_closing_needs_a_reason_and_the_right_office(cast):
    complaint = services.complaint_submit(product=certificate_for(cast).product, text=TEXT)
    with pytest.raises(ValidationError):
        services.complaint_triage(complaint=complaint, by=cast.province_officer, action="close", reason=" ")
    for user in (cast.commune_officer, cast.viewer, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.complaint_triage(complaint=complaint, by=user, action="close", reason="Trùng lặp.")
    services.complaint_triage(complaint=complaint, by=cast.province_officer, action="close", reason="Trùng lặp.")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.close_reason == "Trùng lặp."


def test_triage_view_by_role(client, cast, login):
    complaint = services.complaint_submit(product=certificate_for(cast).product, text=TEXT, photo=png())
    page = reverse("supervision:complaint_detail", args=[complaint.pk])
    photo = reverse("supervision:complaint_photo", args=[complaint.pk])
    expected = {
        cast.province_officer: (200, 200),
        cast.commune_officer: (200, 403),
        cast.viewer: (200, 403),
        cast.central_officer: (200, 302),
        cast.outsider: (404, 404),
        cast.producer_owner: (404, 404),
        cast.other_commune_officer: (404, 404),
    }
    for user, (get_code, post_code) in expected.items():
        c = login(user)
        assert c.get(page).status_code == get_code, user
        assert c.get(photo).status_code == get_code, user
        body = (
            {"action": "close", "reason": "Không có căn cứ."} if user == cast.central_officer else {"action": "close"}
        )
        assert c.post(page, body).status_code == post_code, user


def test_a_complaint_that_fails_after_its_photo_is_stored_leaves_no_photo(cast, settings, tmp_path, monkeypatch):
    """The photo is stored before the complaint's row, its audit row and the office's notices are written: any of
    those failing rolls the complaint back and now takes the stored photo along."""
    from django.db import DatabaseError

    import supervision.services.complaints

    def database_gone(**kwargs):
        raise DatabaseError("server closed the connection unexpectedly")

    settings.MEDIA_ROOT = tmp_path
    certificate = certificate_for(cast)
    monkeypatch.setattr(supervision.services.complaints, "notify", database_gone)
    with pytest.raises(DatabaseError):
        services.complaint_submit(product=certificate.product, text=TEXT, name="Lê Văn An", photo=png())
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_triage_refuses_an_inspection_date_in_the_past_next_to_the_date(cast, login):
    """01/01/2020: years before the complaint and before the certificate was issued."""
    certificate = certificate_for(cast)
    complaint = services.complaint_submit(product=certificate.product, text=TEXT)
    response = login(cast.province_officer).post(
        reverse("supervision:complaint_detail", args=[complaint.pk]),
        {"action": "inspect", "inspectors": [inspector(cast).pk], "scheduled_on": "01/01/2020"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["scheduled_on"] == [
        "Ngày kiểm tra dự kiến không thể trước hôm nay (02/12/2026)."
    ]
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.NEW and complaint.inspection is None


CONTACT_REFUSED = (
    "Nhập số điện thoại (ít nhất 8 chữ số) hoặc địa chỉ e-mail để cơ quan quản lý liên hệ lại được, hoặc để trống ô "
    "này."
)


def test_a_contact_nobody_could_reply_to_is_refused_beside_it_with_the_other_errors(client, cast):
    """The box "Điện thoại hoặc e-mail để liên hệ lại" took anything: "anh Nam" or "abc@" was kept, and the office
    had no way to answer the visitor who thought they had left one."""
    certificate = certificate_for(cast)
    for typed in ("anh Nam", "abc@", "0912 345"):
        response = client.post(url(certificate), {"text": "", "name": "Lê Văn An", "contact": typed})
        errors = response.context["form"].errors
        assert "text" in errors and errors["contact"] == [CONTACT_REFUSED], typed
        assert f'value="{typed}"' in response.content.decode()  # what was typed stays in the box
    with pytest.raises(ValidationError) as refused:
        services.complaint_submit(product=certificate.product, text=TEXT, contact="anh Nam")
    assert refused.value.message_dict == {"contact": [CONTACT_REFUSED]}
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("typed", ["", "0912 345 678", "Zalo: 0912.345.678 (anh Nam)", "+84 209 3884 000", "an@vd.vn"])
def test_a_phone_number_an_e_mail_or_nothing_is_a_contact(client, cast, typed):
    response = client.post(url(certificate_for(cast)), {"text": TEXT, "contact": typed}, follow=True)
    assert b"complaint-thanks" in response.content
    assert Complaint.objects.get().contact == typed
