"""The periodic report is signed for the authority that sends it (Nghị định 30/2020, Phụ lục I: "TM. ỦY BAN NHÂN DÂN"
over "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH", then the name), as the recognition decision is: the PDF was signed
"NGƯỜI LẬP BÁO CÁO (Ký, ghi rõ họ tên)", by whoever prepared it. The officer names who signs when producing it; left
empty, the capacity of the issuing level over a blank for the name. The PDF read back."""

import subprocess

import pytest
from django.urls import reverse

from dashboard.tests.test_report import URL, build

pytestmark = pytest.mark.django_db

SIGNER = {"signer_title": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn An"}


def _lines(content: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return [line.strip() for line in text.splitlines() if line.strip()]


def _pdf(client, **extra):
    return client.get(URL, {"period": "year", "year": 2026, "format": "pdf", **extra})


def test_the_pdf_is_signed_for_the_authority_by_whom_the_officer_names(cast, login):
    build(cast)
    response = _pdf(login(cast.province_officer), **SIGNER)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    lines = _lines(response.content)
    at = lines.index("TM. ỦY BAN NHÂN DÂN")
    assert lines[at : at + 4] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    text = "\n".join(lines)
    assert "NGƯỜI LẬP BÁO CÁO" not in text and "Ký, ghi rõ họ tên" not in text
    assert "- Lưu: VT." in text


@pytest.mark.parametrize(
    "who,capacity",
    [
        ("province_officer", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("commune_officer", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("central_officer", ["BỘ TRƯỞNG"]),
    ],
)
def test_left_empty_it_is_signed_for_the_issuing_level_s_head(cast, login, who, capacity):
    build(cast)
    client = login(getattr(cast, who))
    lines = _lines(_pdf(client).content)
    at = lines.index(capacity[0])
    assert lines[at : at + len(capacity)] == capacity
    assert "NGƯỜI LẬP BÁO CÁO" not in lines
    # The page offers that capacity in the form that downloads the PDF.
    page = client.get(URL, {"period": "year", "year": 2026}).content.decode()
    assert 'data-testid="report-pdf-form"' in page and f'value="{" ".join(capacity)}"' in page


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"signer_title": "KT. CHỦ TỊCH", "signer_name": "Nguyễn Văn An"}, "signer_title", "ghi cả chức vụ"),
        ({"signer_title": "TM. ỦY BAN NHÂN DÂN"}, "signer_title", "ghi cả chức vụ"),
        ({"signer_title": "", "signer_name": "Nguyễn Văn An"}, "signer_title", "Ghi quyền hạn, chức vụ"),
        ({"signer_title": "CHỦ TỊCH", "signer_name": "Nguyễn Văn 4n"}, "signer_name", "không có chữ số"),
        ({"signer_title": "CHỦ TỊCH" * 20}, "signer_title", "150"),
    ],
)
def test_a_bad_signer_is_refused_beside_its_field_and_kept(cast, login, data, field, message):
    build(cast)
    response = _pdf(login(cast.province_officer), **data)
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    form = response.context["signer_form"]
    assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    assert 'data-testid="report-pdf-form"' in page and "is-invalid" in page
    for value in data.values():
        if value:
            assert f'value="{value}"' in page  # what was typed is kept
    assert response.context["report"]["recognised"]["total"] == 3  # the report is still shown


def test_a_large_report_built_in_the_background_is_signed_the_same_way(
    cast, login, monkeypatch, django_capture_on_commit_callbacks
):
    from ocop.models import BackgroundJob

    monkeypatch.setattr("dashboard.reports.REPORT_ASYNC_ROWS", 2)
    build(cast)
    client = login(cast.province_officer)
    refused = client.post(
        reverse("dashboard_report_job_create"), {"period": "year", "year": 2026, "format": "pdf", "signer_title": "KT."}
    )
    assert refused.status_code == 400 and refused.context["signer_form"].errors["signer_title"]
    assert not BackgroundJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dashboard_report_job_create"), {"period": "year", "year": 2026, "format": "pdf", **SIGNER})
    job = BackgroundJob.objects.get()
    download = client.get(reverse("dashboard_report_job_download", args=[job.pk]))
    lines = _lines(b"".join(download.streaming_content))
    at = lines.index("TM. ỦY BAN NHÂN DÂN")
    assert lines[at : at + 4] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]


@pytest.mark.parametrize("role,status", [("viewer", 200), ("producer_owner", 403), ("council_member", 403)])
def test_who_may_produce_the_signed_pdf(cast, login, role, status):
    build(cast)
    assert _pdf(login(getattr(cast, role)), **SIGNER).status_code == status


def test_an_outsider_s_pdf_holds_nothing_of_the_province(cast, login):
    """The report has no record behind its URL (no 404 to give): an officer of another province gets their own."""
    build(cast)
    text = "\n".join(_lines(_pdf(login(cast.outsider), **SIGNER).content))
    assert cast.province.name not in text and "Nguyễn Văn An" in text
