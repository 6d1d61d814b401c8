"""The font configuration and the parsed stylesheets are built once per process and reused by every render
(a FontConfiguration per document loaded and registered the fonts again for each certificate)."""

import subprocess
from unittest import mock

import pytest

from certificates import pdf as certificate_pdf
from certificates.services.certificates import certificate_verify_url
from certificates.tests.factories import issued_decision, result_for
from ocop import pdf as ocop_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificates(cast):
    decision = issued_decision(
        province=cast.province,
        by=cast.province_officer,
        results=[result_for(cast.producer, name="Miến dong Bình Liêu"), result_for(cast.producer, name="Chè Shan")],
    )
    return list(decision.certificates.order_by("number"))


def test_two_certificates_build_the_font_configuration_and_stylesheet_once(certificates, monkeypatch, tmp_path):
    monkeypatch.setattr(ocop_pdf, "_local", type(ocop_pdf._local)())  # a fresh process
    calls, write_pdf = [], ocop_pdf.weasyprint.HTML.write_pdf

    def recording_write_pdf(document, *args, **kwargs):
        calls.append(kwargs)
        return write_pdf(document, *args, **kwargs)

    monkeypatch.setattr(ocop_pdf.weasyprint.HTML, "write_pdf", recording_write_pdf)
    with (
        mock.patch.object(ocop_pdf, "FontConfiguration", wraps=ocop_pdf.FontConfiguration) as configs,
        mock.patch.object(ocop_pdf.weasyprint, "CSS", wraps=ocop_pdf.weasyprint.CSS) as sheets,
    ):
        documents = [
            certificate_pdf.render_certificate_pdf(certificate=c, verify_url=certificate_verify_url(c))
            for c in certificates
        ]
    assert configs.call_count == 1 and sheets.call_count == 1
    first, second = calls
    assert first["font_config"] is second["font_config"]
    assert first["stylesheets"] == second["stylesheets"] and len(first["stylesheets"]) == 1
    for c, content in zip(certificates, documents, strict=True):  # each document is its own, styled and embedded
        path = tmp_path / f"{c.pk}.pdf"
        path.write_bytes(content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert c.product_name in text and c.number in text
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        # the shared stylesheet's @font-face reached the document (no fallback font)
        assert "+Be-Vietnam-Pro" in fonts and "DejaVu" not in fonts
        size = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "841.89 x 595.276 pts (A4)" in size  # A4 landscape from the stylesheet's @page
