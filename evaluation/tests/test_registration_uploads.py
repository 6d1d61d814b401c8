"""Uploads are checked by content, size-capped, stored privately, and never half-saved."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.choices import FROZEN_STATUSES
from evaluation.choices import RegistrationStatus as S
from evaluation.models import DossierDocument
from evaluation.services.advisory import registration_request_supplement
from evaluation.services.documents import document_delete, document_upload
from evaluation.services.dossier import registration_create_from_previous
from evaluation.tests.factories import (
    EXE_BYTES,
    PDF_BYTES,
    criterion_by_number,
    exe_renamed,
    pdf_upload,
    png_upload,
    registration_in,
    stored_files,
    xlsx_upload,
)
from products.models import Product

pytestmark = pytest.mark.django_db


def test_it_stores_a_pdf_privately_with_its_hash(cast, private_media):
    registration = registration_in(cast)
    upload = pdf_upload("Nhãn sản phẩm mới.pdf")
    document = document_upload(registration=registration, kind="label", uploaded_file=upload, by=cast.producer_owner)
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.size == len(PDF_BYTES) and document.content_type == "application/pdf"
    assert document.original_name == "Nhãn sản phẩm mới.pdf"
    parts = document.file.name.split("/")
    assert parts[0] == "dossiers" and parts[1] == str(registration.pk) and len(parts[2]) >= 20
    assert parts[3] == "nhan-san-pham-moi.pdf"
    assert len(stored_files(private_media)) == 1


def test_it_refuses_a_renamed_executable_and_keeps_nothing(cast, private_media):
    registration = registration_in(cast)
    with pytest.raises(ValidationError):
        document_upload(
            registration=registration, kind="label", uploaded_file=exe_renamed("nhan.pdf"), by=cast.producer_owner
        )
    assert not DossierDocument.objects.exists()
    assert stored_files(private_media) == []


def test_it_refuses_an_oversized_file_and_keeps_nothing(cast, private_media, settings):
    settings.OCOP_MAX_UPLOAD_BYTES = 1024
    registration = registration_in(cast)
    with pytest.raises(ValidationError, match="quá lớn"):
        document_upload(
            registration=registration, kind="label", uploaded_file=pdf_upload(extra=b"0" * 2000), by=cast.producer_owner
        )
    assert not DossierDocument.objects.exists() and stored_files(private_media) == []


def test_it_refuses_a_png_named_pdf_and_a_text_file(cast, private_media):
    registration = registration_in(cast)
    with pytest.raises(ValidationError, match="không khớp"):
        document_upload(
            registration=registration, kind="label", uploaded_file=png_upload("nhan.pdf"), by=cast.producer_owner
        )
    with pytest.raises(ValidationError):
        document_upload(
            registration=registration,
            kind="label",
            uploaded_file=SimpleUploadedFile("ghi-chu.pdf", b"just text, not a pdf"),
            by=cast.producer_owner,
        )
    assert not DossierDocument.objects.exists()


def test_it_accepts_office_documents_only_where_the_law_expects_them(cast, private_media):
    registration = registration_in(cast)
    document = document_upload(
        registration=registration, kind="business_plan", uploaded_file=xlsx_upload(), by=cast.producer_owner
    )
    assert document.content_type.endswith("spreadsheetml.sheet")
    with pytest.raises(ValidationError):
        document_upload(
            registration=registration, kind="label", uploaded_file=xlsx_upload("nhan.xlsx"), by=cast.producer_owner
        )


def test_it_deletes_the_stored_file_when_the_row_cannot_be_saved(cast, private_media, monkeypatch):
    registration = registration_in(cast)

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(DossierDocument, "save", broken_save)
    with pytest.raises(RuntimeError):
        document_upload(registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner)
    assert stored_files(private_media) == []


@pytest.mark.parametrize("status", sorted(FROZEN_STATUSES | {S.SUBMITTED}))
def test_it_refuses_uploads_while_the_dossier_is_frozen(cast, private_media, status):
    registration = registration_in(cast, status=status)
    with pytest.raises(ValidationError):
        document_upload(registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner)
    assert stored_files(private_media) == []


def test_it_refuses_viewers_and_council_members(cast, private_media):
    registration = registration_in(cast)
    for who in (cast.viewer, cast.council_member):
        with pytest.raises(PermissionDenied):
            document_upload(registration=registration, kind="label", uploaded_file=pdf_upload(), by=who)


def test_during_a_supplement_only_the_items_asked_may_be_uploaded(cast, private_media):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    c11 = criterion_by_number(registration.scorecard, "1.1")
    registration_request_supplement(
        registration=registration,
        by=cast.advisory_member,
        reason="Bổ sung nhãn",
        document_kinds=["label"],
        criteria=[c11],
    )
    registration.refresh_from_db()
    document_upload(registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner)
    document_upload(
        registration=registration,
        kind="raw_material",
        criterion=c11,
        uploaded_file=pdf_upload(),
        by=cast.producer_owner,
    )
    with pytest.raises(ValidationError, match="yêu cầu"):
        document_upload(registration=registration, kind="trademark", uploaded_file=pdf_upload(), by=cast.producer_owner)
    assert DossierDocument.objects.filter(registration=registration).count() == 2


def test_the_advisory_team_attaches_its_site_visit_record_during_review(cast, private_media):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    document = document_upload(
        registration=registration, kind="site_visit", uploaded_file=pdf_upload(), by=cast.advisory_member
    )
    assert document.uploaded_by == cast.advisory_member
    with pytest.raises(PermissionDenied):
        document_upload(
            registration=registration, kind="site_visit", uploaded_file=pdf_upload(), by=cast.producer_owner
        )


def test_deleting_a_copied_document_keeps_the_file_the_original_still_uses(
    cast, private_media, django_capture_on_commit_callbacks
):
    previous = registration_in(cast, status=S.DECIDED)
    Product.objects.filter(pk=previous.product_id).update(status="recognised", current_star=3)  # its live certificate
    original = DossierDocument.objects.create(
        registration=previous,
        kind="label",
        file="dossiers/x/tok/nhan.pdf",
        original_name="nhan.pdf",
        sha256="0" * 64,
        size=10,
        content_type="application/pdf",
    )
    (private_media / "dossiers/x/tok").mkdir(parents=True)
    (private_media / "dossiers/x/tok/nhan.pdf").write_bytes(PDF_BYTES)
    copy = registration_create_from_previous(previous=previous, kind="reevaluation", by=cast.producer_owner)
    copied = copy.documents.get()
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=copied, by=cast.producer_owner)
    assert DossierDocument.objects.filter(pk=original.pk).exists()
    assert (private_media / "dossiers/x/tok/nhan.pdf").exists()


def test_deleting_the_last_reference_removes_the_file(cast, private_media, django_capture_on_commit_callbacks):
    registration = registration_in(cast)
    document = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner
    )
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document, by=cast.producer_owner)
    assert stored_files(private_media) == []


def test_the_executable_bytes_are_really_an_executable():
    import filetype

    assert filetype.guess(EXE_BYTES).mime == "application/x-msdownload"


def test_a_stale_draft_in_memory_cannot_receive_files_once_submitted(cast, private_media):
    from evaluation.models import Registration

    registration = registration_in(cast)
    Registration.objects.filter(pk=registration.pk).update(status=S.SUBMITTED)
    assert registration.status == S.DRAFT  # the page loaded it before it was submitted
    with pytest.raises(ValidationError):
        document_upload(registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner)
    assert stored_files(private_media) == []


def test_it_stores_the_file_name_in_nfc_single_and_batch(cast, private_media):
    """A name sent in NFD (macOS, some browsers) was stored as sent: it then differs from the same name typed, in
    search, sorting and the download's name."""
    import unicodedata

    from evaluation.services.documents import documents_upload_many

    registration = registration_in(cast)
    name = unicodedata.normalize("NFD", "Nhãn sản phẩm mới.pdf")
    single = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload(name), by=cast.producer_owner
    )
    saved, refused = documents_upload_many(
        registration=registration, files=[("label", pdf_upload(name))], by=cast.producer_owner
    )
    assert refused == [] and len(saved) == 1
    for document in (single, *saved):
        document.refresh_from_db()
        assert document.original_name == "Nhãn sản phẩm mới.pdf"
        assert unicodedata.is_normalized("NFC", document.original_name)


def test_the_stored_name_keeps_d_of_a_vietnamese_dd(cast, private_media):
    """ "Giấy đăng ký kinh doanh.pdf" was stored as giay-ang-ky-kinh-doanh.pdf: slugify drops "đ" (a letter of its
    own, not a d with a mark), so the name read "ang ky". ocop.text.strip_accents folds it to d first."""
    registration = registration_in(cast)
    document = document_upload(
        registration=registration,
        kind="business_registration",
        uploaded_file=pdf_upload("Giấy đăng ký kinh doanh ĐỒNG THÁP.pdf"),
        by=cast.producer_owner,
    )
    assert document.file.name.rsplit("/", 1)[-1] == "giay-dang-ky-kinh-doanh-dong-thap.pdf"
    assert document.original_name == "Giấy đăng ký kinh doanh ĐỒNG THÁP.pdf"
