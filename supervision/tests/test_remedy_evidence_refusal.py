"""A remedy's evidence is a photo or a PDF: a file that is neither is refused in those words, not as "not a valid
image" (the producer who sent a damaged PDF, or a Word file, was told only about images)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supervision.choices import RemedyStatus

from .factories import png
from .test_outcomes import remedied

pytestmark = pytest.mark.django_db

NEITHER = "Minh chứng phải là ảnh JPEG, PNG, WebP hoặc tệp PDF."


def test_it_refuses_a_file_that_is_neither_a_photo_nor_a_pdf_in_those_words(cast, login):
    remedy = remedied(cast).remedy
    files = [
        SimpleUploadedFile("bien-ban.pdf", b"hello, not a pdf"),
        SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04"),
        png("nhan-moi.png"),
    ]
    response = login(cast.producer_owner).post(
        reverse("supervision:remedy_answer", args=[remedy.pk]), {"answer": "Đã in lại nhãn.", "files": files}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [f"bien-ban.pdf: {NEITHER}", f"bao-cao.docx: {NEITHER}"]
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.OPEN and not remedy.evidence.exists()
