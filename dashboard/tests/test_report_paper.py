"""The periodic report as the office sends it (Nghị định 30/2020): a number line under the agency and the
place-and-date line under the motto; and a file name that says whose report and which period, in Vietnamese
words without accents ("bao-cao-ocop-tinh-thu-nghiem-ca-nam-2026.pdf", never the code "year")."""

import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

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
