"""Files: uploads of each kind (a PDF, a PNG, an .exe renamed to .pdf, an Excel sheet), stored media sent to a
temporary folder, and PDF layout skipped where a test is about access, not print.

    pdf_upload("label.pdf"), png_upload(), exe_renamed("label.pdf")
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

# ---------------------------------------------------------------- files

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


def use_private_media(settings, tmp_path):
    """Send stored files to a temporary folder (Django resets default_storage when STORAGES changes)."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }
    return root


@pytest.fixture
def private_media(settings, tmp_path):
    """Stored files go to a temporary folder (and we can look at what was left behind)."""
    return use_private_media(settings, tmp_path)


# What the layout-free renderer returns: a PDF header and end marker, enough for a download response.
LAYOUT_FREE_PDF = b"%PDF-1.7\n% layout skipped in this test\n%%EOF\n"


@pytest.fixture
def pdf_layout_skipped(monkeypatch):
    """For tests of who may open a document, not of what it prints: the document's template is rendered and its
    HTML parsed as always, but WeasyPrint's layout (a quarter of a second or more per document, most of such a
    test) is skipped and a stub PDF returned. The PDF tests of each document check the real layout and text."""
    import weasyprint

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda document, *args, **kwargs: LAYOUT_FREE_PDF)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def pdf_upload(name: str = "tai-lieu.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES + extra, content_type="application/pdf")


def png_upload(name: str = "nhan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_renamed(name: str = "nhan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def xlsx_upload(name: str = "ke-hoach.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Phương án kinh doanh"
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
