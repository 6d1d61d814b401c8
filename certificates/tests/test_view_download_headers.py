"""Download headers are built by Django's content_disposition_header (ocop.downloads), so a decision number with
"/" and "Đ" still gives a file name the browser reads; the expiry export goes through the shared Excel writer."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.tests.factories import issued_decision, result_for
from ocop.choices import JobKind, JobStatus
from ocop.downloads import download_response, safe_filename
from ocop.models import BackgroundJob

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
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:O2"
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


def _header(content: bytes) -> tuple:
    return next(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_an_export_job_writes_the_file_in_the_language_of_the_person_who_asked(
    cast, login, monkeypatch, django_capture_on_commit_callbacks
):
    """A large export is written by a worker, which has no request: it must not fall back to its own language
    (the small export, written in the request, is in the asker's; the large one must be too)."""
    today = timezone.localdate()
    for days in (10, 20, 30):
        make_certificate(cast.producer, status=S.EXPIRING, valid_until=today + datetime.timedelta(days=days))
    client = login(cast.province_officer)
    client.cookies["django_language"] = "en"
    english = _header(client.get(reverse("certificates:expiry_export")).content)  # written at once, in English
    assert english[0] == "Certificate number"
    monkeypatch.setattr("ocop.services.EXPORT_ASYNC_ROWS", 2)
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.get(reverse("certificates:expiry_export")).status_code == 302
    with translation.override("vi"):  # the worker's own language
        for callback in callbacks:
            callback()
    job = BackgroundJob.objects.get(kind=JobKind.EXPORT)
    assert job.status == JobStatus.DONE
    content = b"".join(client.get(reverse("job_download", args=[job.pk])).streaming_content)
    assert _header(content) == english
