"""Download headers are built by Django's content_disposition_header (ocop.downloads), so a decision number with
"/" and "Đ" still gives a file name the browser reads; the expiry export goes through the shared Excel writer."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.tests.factories import issued_decision, result_for
from ocop.downloads import download_response, safe_filename

from .factories import make_certificate


def test_it_builds_an_rfc6266_header_for_a_vietnamese_name():
    response = download_response(b"x", filename="quyet-dinh-12/QĐ-UBND.pdf", content_type="application/pdf")
    header = response["Content-Disposition"]
    assert not header.startswith("=?")
    assert header == "attachment; filename*=utf-8''quyet-dinh-12-Q%C4%90-UBND.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_quotes_an_ascii_name_and_drops_separators_and_control_characters():
    response = download_response(b"x", filename='a"b\\c\r\n.xlsx', content_type="text/plain", as_attachment=False)
    assert response["Content-Disposition"] == 'inline; filename="a\\"b-c.xlsx"'
    assert safe_filename("../../etc") == "-..-etc"


def test_the_decision_pdf_of_an_issued_decision_has_a_readable_header(cast, login):
    decision = issued_decision(
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number="12/QĐ-UBND"
    )
    response = login(cast.province_officer).get(reverse("certificates:decision_pdf", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == "inline; filename*=utf-8''quyet-dinh-12-Q%C4%90-UBND.pdf"


def test_the_certificate_download_has_a_readable_header(cast, login):
    decision = issued_decision(
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number="13/QĐ-UBND"
    )
    certificate = decision.certificates.get()
    response = login(cast.province_officer).get(reverse("certificates:certificate_download", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename")
    assert "=?utf-8?" not in response["Content-Disposition"]


def test_the_expiry_export_is_readable(cast, login):
    today = timezone.localdate()
    make_certificate(cast.producer, status=S.EXPIRING, valid_until=today + datetime.timedelta(days=10), star=5)
    response = login(cast.province_officer).get(reverse("certificates:expiry_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="giay-chung-nhan-het-han-{today:%Y%m%d}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    ws = book.active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:N2"
    assert ws.column_dimensions["B"].width == 40 and ws["H2"].number_format == "DD/MM/YYYY"
    assert book.properties.title.startswith("Giấy chứng nhận OCOP sắp hết hạn") and book.properties.creator


def test_the_decision_pdf_is_tagged_and_titled(cast, login):
    import subprocess

    decision = issued_decision(
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number="14/QĐ-UBND"
    )
    response = login(cast.province_officer).get(reverse("certificates:decision_pdf", args=[decision.pk]))
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info
    assert "14/QĐ-UBND" in info and decision.issuer_name in info
