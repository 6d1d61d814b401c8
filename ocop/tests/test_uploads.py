"""The checks every stored upload shares (ocop/uploads.py): the site's size limit and a PDF by its content."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.uploads import is_pdf, pdf_upload_check, upload_size_check

PDF = b"%PDF-1.4\n%%EOF\n"


def _file(content: bytes, name: str = "van-ban.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_pdf_is_known_by_its_content_not_its_name():
    assert is_pdf(_file(PDF, "scan.jpg"))
    assert not is_pdf(_file(b"MZ\x90\x00 a program", "scan.pdf"))
    upload = _file(PDF)
    is_pdf(upload)
    assert upload.read() == PDF  # read again from the start by whoever stores it


def test_a_file_over_the_sites_limit_is_refused_with_the_limit(settings):
    settings.OCOP_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    upload_size_check(_file(b"x" * (2 * 1024 * 1024)))  # at the limit: taken
    with pytest.raises(ValidationError) as refused:
        upload_size_check(_file(b"x" * (2 * 1024 * 1024 + 1)))
    assert refused.value.messages == ["Tệp quá lớn (tối đa 2 MB)."] and refused.value.code == "too_large"


def test_a_services_refusal_names_its_field():
    with pytest.raises(ValidationError) as refused:
        pdf_upload_check(_file(b"<html>"), field="document")
    assert refused.value.message_dict == {"document": ["Tệp phải là PDF."]}
    pdf_upload_check(_file(PDF), field="document")
