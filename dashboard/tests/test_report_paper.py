"""The periodic report as the office sends it (Nghị định 30/2020): a number line under the agency and the
place-and-date line under the motto; and a file name that says whose report and which period, in Vietnamese
words without accents ("bao-cao-ocop-tinh-thu-nghiem-ca-nam-2026.pdf", never the code "year"); the PDF read back
(its sections, its language)."""

import re
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.choices import TargetMetric
from dashboard.services import plan_create
from dashboard.tests.test_report import URL, build
from ocop.templatetags.documents import document_date

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def test_the_report_pdf_has_its_number_line_and_its_place_and_date(cast, login):
    build(cast)
    response = login(cast.province_officer).get(URL, {"period": "year", "year": 2026, "format": "pdf"})
    text = _text(response.content)
    place = cast.province.name.removeprefix("Tỉnh ")
    assert f"{place}, {document_date(timezone.localdate())}" in text, text
    assert "Số: ……/BC-UBND" in text


def test_the_national_report_is_dated_from_ha_noi_under_the_ministrys_number(cast, login):
    build(cast)
    response = login(cast.central_officer).get(URL, {"period": "q2", "year": 2026, "format": "pdf"})
    text = _text(response.content)
    assert f"Hà Nội, {document_date(timezone.localdate())}" in text and "Số: ……/BC-BNNMT" in text


@pytest.mark.parametrize(
    "period,words", [("year", "ca-nam"), ("h1", "6-thang-dau-nam"), ("h2", "6-thang-cuoi-nam"), ("q3", "quy-3")]
)
@pytest.mark.parametrize("output", ["xlsx", "pdf"])
def test_the_report_file_says_whose_report_and_which_period_in_vietnamese(cast, login, period, words, output):
    build(cast)
    response = login(cast.province_officer).get(URL, {"period": period, "year": 2026, "format": output})
    assert f'filename="bao-cao-ocop-tinh-thu-nghiem-{words}-2026.{output}"' in response["Content-Disposition"]


def test_a_report_built_in_the_background_is_named_the_same_way(
    cast, login, monkeypatch, django_capture_on_commit_callbacks
):
    from ocop.models import BackgroundJob

    monkeypatch.setattr("dashboard.reports.REPORT_ASYNC_ROWS", 2)
    build(cast)
    client = login(cast.central_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dashboard_report_job_create"), {"period": "h2", "year": 2026, "format": "xlsx"})
    job = BackgroundJob.objects.get()
    assert job.file_name == "bao-cao-ocop-toan-quoc-6-thang-cuoi-nam-2026.xlsx"
    download = client.get(reverse("dashboard_report_job_download", args=[job.pk]))
    assert 'filename="bao-cao-ocop-toan-quoc-6-thang-cuoi-nam-2026.xlsx"' in download["Content-Disposition"]


def test_the_pdf_reads_as_an_administrative_report(cast, login, tmp_path):
    build(cast)
    response = login(cast.province_officer).get(URL, {"period": "h1", "year": 2026, "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "BÁO CÁO" in text and "6 tháng đầu năm 2026" in text
    assert "Sản phẩm được công nhận trong kỳ" in text


SECTIONS = (
    "Kết quả đánh giá, phân hạng và công nhận",
    "Sản phẩm được công nhận trong kỳ theo",
    "Công nhận trong kỳ theo ngành",
    "Kiểm tra, giám sát và thu hồi giấy chứng nhận",
    "Thực hiện kế hoạch",
    "Danh sách sản phẩm được công nhận trong kỳ",
)


@pytest.mark.parametrize("who", ["province_officer", "central_officer"])
def test_the_pdfs_sections_are_numbered_in_order_whichever_it_holds(cast, login, tmp_path, who):
    """The plan's and the list's sections had no number after 1–4, and the sector table's title differed from the
    page's ("3. Theo ngành"). Every section is numbered in order, the plan's included when the report has one."""
    build(cast)
    plan_create(
        by=cast.province_officer,
        fields={
            "unit": cast.province,
            "number": "58/KH-UBND",
            "signed_on": date(2026, 3, 18),
            "title": "Kế hoạch OCOP 2026",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31),
        },
        targets=[{"metric": TargetMetric.NEW_RECOGNISED, "quantity": 6}],
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(login(getattr(cast, who)).get(URL, {"period": "year", "year": 2026, "format": "pdf"}).content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    headings = re.findall(r"^(\d+)\. (.+)$", text, flags=re.MULTILINE)
    numbered = [(int(number), title) for number, title in headings if title.startswith(SECTIONS)]
    assert [number for number, _ in numbered] == list(range(1, len(numbered) + 1))
    assert [next(s for s in SECTIONS if title.startswith(s)) for _, title in numbered][-2:] == list(SECTIONS[-2:])


def test_the_national_pdf_is_a_vietnamese_document_whatever_the_ui_language(cast, login, tmp_path):
    """An administrative report is Vietnamese; the scope of a national report was written in the UI's language
    ("Ủy ban nhân dân Whole country") and its issuer and recipients, chosen by comparing that text, were wrong."""
    build(cast)
    client = login(cast.central_officer)
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"period": "year", "year": 2026, "format": "pdf"})
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text.upper() and "Phạm vi: Toàn quốc." in text
    assert "Thủ tướng Chính phủ (để báo cáo)" in text
    assert "Whole country" not in text and "Ủy ban nhân dân" not in text
