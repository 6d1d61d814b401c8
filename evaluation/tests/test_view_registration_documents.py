"""Dossier files through the browser: upload checks shown in the form, downloads only after the chokepoint."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import DossierDocument, Registration
from evaluation.services.documents import document_upload
from evaluation.tests.factories import (
    PDF_BYTES,
    exe_renamed,
    pdf_upload,
    registration_in,
    stored_files,
)
from products.models import Product

pytestmark = pytest.mark.django_db


def test_a_producer_uploads_a_pdf(cast, login, private_media):
    registration = registration_in(cast)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(url, {"kind": "label", "file": pdf_upload("nhan.pdf")})
    assert response.status_code == 302
    assert DossierDocument.objects.get(registration=registration).kind == "label"


def test_the_file_inputs_help_is_in_the_readers_language_with_the_sites_limit(cast, login, settings):
    # It was worded once, when the module was imported: Vietnamese with the limit of that moment, on English pages too.
    settings.OCOP_MAX_UPLOAD_BYTES = 30 * 1024 * 1024
    client = login(cast.producer_owner)
    url = reverse("evaluation:registration_documents", args=[registration_in(cast).pk])
    assert "tối đa 30 MB." in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "maximum 30 MB." in page and "tối đa" not in page


def test_the_dossiers_history_names_the_file_uploaded(cast, login, private_media):
    """The history said "Tài liệu: — → 25" (a row id) and no file name for an upload, where a deletion named it."""
    registration = registration_in(cast)
    document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan-mien-dong.pdf"), by=cast.producer_owner
    )
    Registration.objects.filter(pk=registration.pk).update(status=S.SUBMITTED)
    page = login(cast.commune_officer).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert "<li>Tên tệp: nhan-mien-dong.pdf</li>" in " ".join(page.content.decode().split())


def test_the_dossiers_history_does_not_show_a_documents_row_id(cast, login, private_media):
    """Beside the file's name and type the history listed "Tài liệu: 50" ("Documents: 50" in English), the row's id:
    a number that means nothing to its reader. The audit row keeps it."""
    from evaluation.services.documents import document_delete

    registration = registration_in(cast)
    document = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan.pdf"), by=cast.producer_owner
    )
    document_delete(document=document, by=cast.producer_owner)
    Registration.objects.filter(pk=registration.pk).update(status=S.SUBMITTED)
    url = reverse("evaluation:registration_detail", args=[registration.pk])
    page = " ".join(login(cast.commune_officer).get(url).content.decode().split())
    assert page.count("<li>Tên tệp: nhan.pdf</li>") == 2  # the upload and the deletion
    assert "<li>Tài liệu: " not in page  # neither the upload's nor the deletion's row id


def test_a_renamed_executable_is_refused_in_the_form(cast, login, private_media):
    registration = registration_in(cast)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(url, {"kind": "label", "file": exe_renamed("nhan.pdf")})
    assert response.status_code == 200
    assert "nội dung tệp này không hợp lệ" in response.content.decode()
    assert not DossierDocument.objects.exists() and stored_files(private_media) == []


def test_an_oversized_file_is_refused_in_the_form(cast, login, private_media, settings):
    settings.OCOP_MAX_UPLOAD_BYTES = 100
    registration = registration_in(cast)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(url, {"kind": "label", "file": pdf_upload(extra=b"x" * 500)})
    assert response.status_code == 200 and "quá lớn" in response.content.decode()
    assert not DossierDocument.objects.exists() and stored_files(private_media) == []


def test_a_refused_file_and_a_field_error_show_in_one_answer(cast, login, private_media):
    """The service's checks of the file (its content, its size) ran only once the form's own fields were right: a
    note too long beside a renamed executable was refused first, the file only at the next submit."""
    registration = registration_in(cast)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    note = "Nhãn sản phẩm " + "x" * 300
    response = login(cast.producer_owner).post(url, {"kind": "label", "note": note, "file": exe_renamed("nhan.pdf")})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ghi chú: tối đa 300 ký tự (hiện có 314)." in page
    assert "nội dung tệp này không hợp lệ" in page
    assert note in page  # what was typed stays
    assert not DossierDocument.objects.exists() and stored_files(private_media) == []


def test_a_misnamed_file_and_a_missing_criterion_show_in_one_answer(cast, login, private_media):
    """During a supplement asking a criterion's evidence: the criterion left unchosen and a PNG named .pdf, both
    refused beside their fields at the first submit."""
    from evaluation.services.advisory import registration_request_supplement
    from evaluation.tests.factories import criterion_by_number, png_upload

    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    c11 = criterion_by_number(registration.scorecard, "1.1")
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Chứng minh nguồn nguyên liệu", criteria=[c11]
    )
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(url, {"kind": "raw_material", "file": png_upload("nguon.pdf")})
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert "criterion" in errors
    assert errors["file"] == ["Không nhận tệp “nguon.pdf”: Phần mở rộng của tệp không khớp với nội dung (image/png)."]
    assert not DossierDocument.objects.exists() and stored_files(private_media) == []


@pytest.mark.parametrize("who", ["viewer", "council_chair"])
def test_read_only_roles_cannot_upload(cast, login, private_media, who):
    registration = registration_in(cast)
    if who == "council_chair":  # a council member sees a dossier only through their council's agenda
        from evaluation.models import AgendaItem, CouncilSession
        from evaluation.tests.factories import make_council

        session = CouncilSession.objects.create(council=make_council(cast), date=dt.date(2026, 9, 1))
        AgendaItem.objects.create(session=session, registration=registration)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    assert login(getattr(cast, who)).post(url, {"kind": "label", "file": pdf_upload()}).status_code == 403
    assert not DossierDocument.objects.exists()


def test_a_frozen_dossier_refuses_uploads_in_the_form(cast, login, private_media):
    registration = registration_in(cast, status=S.READY_FOR_COUNCIL)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(url, {"kind": "label", "file": pdf_upload()})
    assert response.status_code == 200 and "đang được đánh giá" in response.content.decode()
    assert not DossierDocument.objects.exists()


@pytest.mark.parametrize("who", ["producer_owner", "commune_officer", "advisory_member", "viewer", "central_officer"])
def test_download_serves_the_file_as_an_attachment(cast, login, private_media, who):
    registration = registration_in(cast)
    document = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("Nhãn.pdf"), by=cast.producer_owner
    )
    # Forwarded to the province: the advisory team reads dossiers under review only (least privilege).
    Registration.objects.filter(pk=registration.pk).update(status=S.FORWARDED)
    response = login(getattr(cast, who)).get(reverse("evaluation:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("who", ["other_producer", "other_commune_officer", "outsider"])
def test_download_is_404_outside_the_scope(cast, login, private_media, who):
    registration = registration_in(cast)
    document = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner
    )
    assert login(getattr(cast, who)).get(reverse("evaluation:document_download", args=[document.pk])).status_code == 404


def test_the_stored_file_is_not_under_a_served_url(cast, private_media, settings):
    registration = registration_in(cast)
    document = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner
    )
    from django.test import Client

    client = Client()
    assert client.get(f"{settings.MEDIA_URL}{document.file.name}").status_code == 404


def test_delete_is_post_only_and_scoped(cast, login, private_media):
    registration = registration_in(cast)
    document = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner
    )
    url = reverse("evaluation:document_delete", args=[document.pk])
    assert login(cast.producer_owner).get(url).status_code == 405
    assert login(cast.outsider).post(url).status_code == 404
    assert login(cast.viewer).post(url).status_code == 403
    assert login(cast.producer_owner).post(url).status_code == 302
    assert not DossierDocument.objects.exists()


def test_the_self_assessment_page_saves_answers_and_keeps_other_criteria_during_a_supplement(cast, login):
    from evaluation.models import Option, SelfAssessmentAnswer
    from evaluation.services.advisory import registration_request_supplement
    from evaluation.tests.factories import criterion_by_number

    registration = registration_in(cast)
    card = registration.scorecard
    c11, c12 = criterion_by_number(card, "1.1"), criterion_by_number(card, "1.2")
    url = reverse("evaluation:registration_selfassessment", args=[registration.pk])
    client = login(cast.producer_owner)
    o11 = Option.objects.get(criterion=c11, points=10)
    o12 = Option.objects.get(criterion=c12, points=10)
    assert client.post(url, {f"c_{c11.pk}": o11.pk, f"c_{c12.pk}": o12.pk}).status_code == 302
    assert SelfAssessmentAnswer.objects.filter(registration=registration).count() == 2
    registration.status = S.ADVISORY_REVIEW
    registration.save()
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Xem lại 1.1", criteria=[c11]
    )
    page = client.get(url).content.decode()
    assert page.count("disabled") >= 3  # 1.2, 4.1 and 6 are locked
    better = Option.objects.get(criterion=c11, points=20)
    worse = Option.objects.get(criterion=c12, points=0)
    # A tampered post for 1.2 is ignored: the field is disabled, so its stored answer stays.
    assert client.post(url, {f"c_{c11.pk}": better.pk, f"c_{c12.pk}": worse.pk}).status_code == 302
    points = dict(
        SelfAssessmentAnswer.objects.filter(registration=registration).values_list("criterion__number", "points")
    )
    assert points == {"1.1": 20, "1.2": 10}
    assert login(cast.viewer).post(url, {f"c_{c11.pk}": o11.pk}).status_code == 403


def test_a_large_upload_streams_through_a_temporary_file(cast, login, private_media, settings):
    """Above FILE_UPLOAD_MAX_MEMORY_SIZE Django spools to disk; the hash and size are still right."""
    import hashlib

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    registration = registration_in(cast)
    content = PDF_BYTES + b"0" * (300 * 1024)
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(
        url, {"kind": "test_report", "file": SimpleUploadedFile("ho-so-300-trang.pdf", content)}
    )
    assert response.status_code == 302
    document = DossierDocument.objects.get()
    assert document.size == len(content) and document.sha256 == hashlib.sha256(content).hexdigest()
    assert [p.stat().st_size for p in stored_files(private_media)] == [len(content)]


def test_copy_starts_a_reevaluation_from_a_decided_dossier(cast, login):
    from evaluation.models import Registration

    previous = registration_in(cast, status=S.DECIDED)
    Product.objects.filter(pk=previous.product_id).update(status="recognised", current_star=3)  # its live certificate
    url = reverse("evaluation:registration_copy", args=[previous.pk])
    assert login(cast.viewer).post(url, {"kind": "reevaluation"}).status_code == 403
    assert login(cast.outsider).post(url, {"kind": "reevaluation"}).status_code == 404
    response = login(cast.producer_owner).post(url, {"kind": "reevaluation"})
    copy = Registration.objects.get(previous=previous)
    assert response.status_code == 302 and response["Location"].endswith(f"/{copy.pk}/")
    assert copy.kind == "reevaluation" and copy.status == S.DRAFT


def test_a_submitted_dossier_offers_no_upload_and_no_delete(cast, login, private_media):
    registration = registration_in(cast)
    document_upload(registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner)
    registration.status = S.SUBMITTED
    registration.save()
    html = (
        login(cast.producer_owner)
        .get(reverse("evaluation:registration_documents", args=[registration.pk]))
        .content.decode()
    )
    assert 'enctype="multipart/form-data"' not in html and "bi-trash" not in html
    assert 'data-testid="documents-locked"' in html


def test_during_a_supplement_only_the_new_files_can_be_deleted(cast, login, private_media):
    from django.utils import timezone

    from evaluation.models import SupplementRequest

    registration = registration_in(cast)
    old = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("cu.pdf"), by=cast.producer_owner
    )
    registration.status = S.SUPPLEMENT_REQUESTED
    registration.save()
    SupplementRequest.objects.create(
        registration=registration, reason="Nhãn thiếu hạn dùng", document_kinds=["label"], requested_at=timezone.now()
    )
    new = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("moi.pdf"), by=cast.producer_owner
    )
    html = (
        login(cast.producer_owner)
        .get(reverse("evaluation:registration_documents", args=[registration.pk]))
        .content.decode()
    )
    assert reverse("evaluation:document_delete", args=[new.pk]) in html
    assert reverse("evaluation:document_delete", args=[old.pk]) not in html
    assert 'enctype="multipart/form-data"' in html


def test_attach_evidence_from_a_criterion_preselects_it(cast, login):
    from evaluation.tests.factories import criterion_by_number

    registration = registration_in(cast)
    criterion = criterion_by_number(registration.scorecard, "1.1")
    client = login(cast.producer_owner)
    sheet = client.get(reverse("evaluation:registration_selfassessment", args=[registration.pk])).content.decode()
    link = f"{reverse('evaluation:registration_documents', args=[registration.pk])}?criterion={criterion.pk}"
    assert link in sheet
    form = client.get(link).context["form"]
    assert str(form["criterion"].value()) == str(criterion.pk) and form["kind"].value() == "other"


def test_a_junk_criterion_parameter_is_ignored(cast, login):
    registration = registration_in(cast)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    assert login(cast.producer_owner).get(url, {"criterion": "abc'<"}).status_code == 200


def test_an_upload_from_a_stale_page_after_submitting_says_why_it_failed(cast, login, private_media):
    registration = registration_in(cast, status=S.SUBMITTED)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(url, {"kind": "label", "file": pdf_upload()})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() and "Không thể sửa hồ sơ" in response.content.decode()
    assert not DossierDocument.objects.exists()


def test_a_supplement_asking_a_criterion_limits_the_form_to_it(cast, login, private_media):
    from evaluation.services.advisory import registration_request_supplement
    from evaluation.tests.factories import criterion_by_number

    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    c11 = criterion_by_number(registration.scorecard, "1.1")
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Chứng minh nguồn nguyên liệu", criteria=[c11]
    )
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    client = login(cast.producer_owner)
    response = client.get(url)
    assert list(response.context["form"].fields["criterion"].queryset) == [c11]
    assert "Minh chứng cho tiêu chí 1.1" in response.content.decode()
    # Without the criterion the form says so next to the field, and nothing is stored.
    response = client.post(url, {"kind": "raw_material", "file": pdf_upload()})
    assert response.status_code == 200 and "criterion" in response.context["form"].errors
    response = client.post(url, {"kind": "raw_material", "criterion": c11.pk, "file": pdf_upload()})
    assert response.status_code == 302
    assert DossierDocument.objects.get(registration=registration).criterion == c11


def test_a_supplement_asking_a_kind_and_a_criterion_accepts_exactly_what_was_asked(cast, login, private_media):
    """The requested kind was refused without a criterion ("Minh chứng cho tiêu chí: Trường này là bắt buộc"), and
    any other kind was accepted once tagged with the criterion, though the page says "chỉ tải lên các mục được yêu
    cầu": a requested kind (criterion optional) or evidence for a requested criterion."""
    from evaluation.services.advisory import registration_request_supplement
    from evaluation.tests.factories import criterion_by_number

    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    c11 = criterion_by_number(registration.scorecard, "1.1")
    registration_request_supplement(
        registration=registration,
        by=cast.advisory_member,
        reason="Nhãn thiếu hạn dùng; chứng minh nguồn nguyên liệu",
        document_kinds=["label"],
        criteria=[c11],
    )
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    client = login(cast.producer_owner)
    response = client.get(url)
    assert [name for name in response.context["batch_form"].fields] == ["file_label"]
    response = client.post(url, {"kind": "label", "file": pdf_upload("nhan-moi.pdf")})
    assert response.status_code == 302
    response = client.post(url, {"kind": "raw_material", "file": pdf_upload("khac.pdf")})
    assert response.status_code == 200
    assert response.context["form"].errors["criterion"] == [
        "Loại tài liệu này không nằm trong yêu cầu bổ sung: chọn tiêu chí được yêu cầu mà tệp làm minh chứng, hoặc "
        "chọn một loại tài liệu được yêu cầu."
    ]
    response = client.post(url, {"kind": "raw_material", "criterion": c11.pk, "file": pdf_upload("hop-dong.pdf")})
    assert response.status_code == 302
    stored = DossierDocument.objects.filter(registration=registration).order_by("pk")
    assert [(d.original_name, d.kind, d.criterion_id) for d in stored] == [
        ("nhan-moi.pdf", "label", None),
        ("hop-dong.pdf", "raw_material", c11.pk),
    ]


def test_each_file_shows_its_upload_time_and_a_delete_button_large_enough_to_tap(cast, login, private_media):
    """Two files of the same name were listed identically; the trash button was 16×23 px at 390 px."""
    from django.utils import timezone

    registration = registration_in(cast)
    first = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan.pdf"), by=cast.producer_owner
    )
    second = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan.pdf"), by=cast.producer_owner
    )
    earlier = dt.datetime(2026, 11, 30, 1, 5, tzinfo=dt.UTC)  # 08:05 in Hà Nội
    DossierDocument.objects.filter(pk=first.pk).update(uploaded_at=earlier)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    html = login(cast.producer_owner).get(url).content.decode()
    assert 'data-testid="uploaded-at"' in html and "30/11/2026 08:05" in html
    second.refresh_from_db()
    assert timezone.localtime(second.uploaded_at).strftime("%d/%m/%Y %H:%M") in html
    delete = f'action="{reverse("evaluation:document_delete", args=[first.pk])}"'
    button = html.split(delete, 1)[1].split("</button>", 1)[0]
    assert 'class="btn btn-sm btn-outline-danger"' in button and " p-0" not in button


def test_the_upload_times_machine_readable_value_is_valid_html(cast, login, private_media):
    """`<time datetime>` took Django's ISO format ("c"), which writes the microseconds an upload time has: the Nu Html
    Checker refuses "a fraction of a second" of more than three digits. The second is precise enough."""
    import re

    registration = registration_in(cast)
    document = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan.pdf"), by=cast.producer_owner
    )
    uploaded = dt.datetime(2026, 11, 30, 1, 5, 7, 123456, tzinfo=dt.UTC)  # 08:05:07.123456 in Hà Nội
    DossierDocument.objects.filter(pk=document.pk).update(uploaded_at=uploaded)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    html = login(cast.producer_owner).get(url).content.decode()
    assert re.findall(r'<time data-testid="uploaded-at" datetime="([^"]+)"', html) == ["2026-11-30T08:05:07+0700"]


def test_during_a_supplement_the_upload_form_starts_at_a_requested_kind_never_at_mau_01(cast, login):
    """The kind started at "Phiếu đăng ký (Mẫu 01)": a VietGAP image attached for a requested criterion without
    changing the kind was filed under the Mẫu 01 row. It now starts at the first kind asked, at "other" when only
    criteria are asked, or at the kind the supplement page's link names (?kind=), if the form offers it."""
    from evaluation.services.advisory import registration_request_supplement
    from evaluation.tests.factories import criterion_by_number

    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    c12 = criterion_by_number(registration.scorecard, "1.2")
    registration_request_supplement(
        registration=registration,
        by=cast.advisory_member,
        reason="Bổ sung chứng nhận VietGAP; nhãn thiếu hạn dùng",
        document_kinds=["food_safety", "label"],
        criteria=[c12],
    )
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    client = login(cast.producer_owner)
    assert client.get(url).context["form"]["kind"].value() == "food_safety"
    assert client.get(url, {"kind": "label"}).context["form"]["kind"].value() == "label"
    assert client.get(url, {"kind": "junk'<"}).context["form"]["kind"].value() == "food_safety"
    form = client.get(url, {"criterion": c12.pk}).context["form"]
    assert form["kind"].value() == "other" and str(form["criterion"].value()) == str(c12.pk)


def test_a_supplement_asking_only_criteria_starts_the_upload_form_at_other_evidence(cast, login):
    from evaluation.services.advisory import registration_request_supplement
    from evaluation.tests.factories import criterion_by_number

    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    c12 = criterion_by_number(registration.scorecard, "1.2")
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Bổ sung chứng nhận VietGAP", criteria=[c12]
    )
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    html = login(cast.producer_owner).get(url).content.decode()
    assert '<option value="other" selected>' in html
    assert '<option value="registration_form" selected>' not in html


def test_a_kind_named_in_the_link_starts_the_upload_form_outside_a_supplement(cast, login):
    registration = registration_in(cast)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    assert login(cast.producer_owner).get(url, {"kind": "label"}).context["form"]["kind"].value() == "label"


def test_the_supply_page_shows_the_request_and_links_each_missing_item_to_its_upload(cast, login, private_media):
    """ "Gửi bổ sung" with a requested document missing said "Còn thiếu tài liệu bổ sung: …" on a page that named
    neither what was asked nor where to upload it: a dead end."""
    from evaluation.services.advisory import registration_request_supplement
    from evaluation.tests.factories import criterion_by_number

    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    c12 = criterion_by_number(registration.scorecard, "1.2")
    registration_request_supplement(
        registration=registration,
        by=cast.advisory_member,
        reason="Nhãn thiếu hạn dùng; bổ sung chứng nhận VietGAP",
        document_kinds=["label", "food_safety"],
        criteria=[c12],
    )
    documents = reverse("evaluation:registration_documents", args=[registration.pk])
    supply = reverse("evaluation:registration_supply", args=[registration.pk])
    client = login(cast.producer_owner)
    response = client.post(supply, {"note": "Đã sửa nhãn"})
    html = response.content.decode()
    assert response.status_code == 200 and "Còn thiếu tài liệu bổ sung" in html
    assert response.context["form"]["note"].value() == "Đã sửa nhãn"
    assert "Nhãn thiếu hạn dùng; bổ sung chứng nhận VietGAP" in html
    assert f'<a href="{documents}?kind=label">Nhãn sản phẩm</a>' in html
    assert f'<a href="{documents}?kind=food_safety">Giấy chứng nhận cơ sở đủ điều kiện ATTP</a>' in html
    assert f'<a href="{documents}?criterion={c12.pk}">Đính kèm minh chứng</a>' in html
    # The link opens the upload form at the kind it names.
    assert client.get(f"{documents}?kind=food_safety").context["form"]["kind"].value() == "food_safety"

    document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan-moi.pdf"), by=cast.producer_owner
    )
    html = client.get(supply).content.decode()
    assert f"{documents}?kind=label" not in html and "Đã có tệp mới" in html
    assert f'<a href="{documents}?kind=food_safety">' in html


def test_the_producers_detail_page_links_each_missing_requested_item_to_its_upload(cast, login, private_media):
    """The dossier's page showed an open supplement in a box of its own, naming what was asked without saying where
    to supply it; the supply page's request (evaluation/_supplement_request.html) links each item."""
    from evaluation.services.advisory import registration_request_supplement
    from evaluation.tests.factories import criterion_by_number

    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    c12 = criterion_by_number(registration.scorecard, "1.2")
    registration_request_supplement(
        registration=registration,
        by=cast.advisory_member,
        reason="Nhãn thiếu hạn dùng; bổ sung chứng nhận VietGAP",
        document_kinds=["label", "food_safety"],
        criteria=[c12],
    )
    document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan-moi.pdf"), by=cast.producer_owner
    )
    documents = reverse("evaluation:registration_documents", args=[registration.pk])
    detail = reverse("evaluation:registration_detail", args=[registration.pk])
    html = login(cast.producer_owner).get(detail).content.decode()
    assert 'data-testid="supplement-request"' in html and "Nhãn thiếu hạn dùng; bổ sung chứng nhận VietGAP" in html
    assert f'<a href="{documents}?kind=food_safety">Giấy chứng nhận cơ sở đủ điều kiện ATTP</a>' in html
    assert f"{documents}?kind=label" not in html and "Đã có tệp mới" in html
    assert f'<a href="{documents}?criterion={c12.pk}">Đính kèm minh chứng</a>' in html
    # The advisory team sees what it asked, with no upload links: supplying is the producer's.
    html = login(cast.advisory_member).get(detail).content.decode()
    assert (
        "Nhãn thiếu hạn dùng; bổ sung chứng nhận VietGAP" in html and "Giấy chứng nhận cơ sở đủ điều kiện ATTP" in html
    )
    assert "?kind=" not in html and "?criterion=" not in html


def test_the_batch_uploads_file_inputs_read_in_the_pages_language_and_know_the_limit(cast, login, settings):
    # Its inputs are added after BaseForm's __init__: they missed the page-language button and "no file chosen"
    # (Chromium showed "Choose Files / No file chosen" on a Vietnamese page) and the limit checked when a file is
    # chosen (a 60 MB scan took minutes to upload before the server refused it).
    settings.OCOP_MAX_UPLOAD_BYTES = 30 * 1024 * 1024
    client = login(cast.producer_owner)
    url = reverse("evaluation:registration_documents", args=[registration_in(cast).pk])
    form = client.get(url).context["batch_form"]
    assert form.fields
    for name in form.fields:
        attrs = form[name].field.widget.attrs
        assert (attrs["data-choose"], attrs["data-none-chosen"]) == ("Chọn tệp", "Chưa chọn tệp"), name
        assert attrs["data-max-bytes"] == 30 * 1024 * 1024, name
        assert "lớn hơn 30 MB" in attrs["data-too-large"], name
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    batch = page[page.index('data-testid="batch-upload"') :]
    assert batch.count('data-choose="Choose file"') == len(form.fields)
