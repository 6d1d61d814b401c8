"""The periodic report covers the programme after recognition too (D26 Điều 1.1: the decision governs "thu hồi giấy
chứng nhận … và công tác kiểm tra, giám sát sản phẩm OCOP sau khi được công nhận"): the inspections concluded in
the period, periodic and ad hoc (Điều 9.2a), with their outcomes, and the certificates revoked in it by ground (Điều
8.1) and star. And it is addressed up the chain: a commune's to its province's People's Committee (Điều 7.2b, 10.4),
a province's to the ministry, the ministry's to the Prime Minister."""

import io
import subprocess
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.tests.factories import revoke_with_four_eyes
from dashboard.reports import ReportPeriod, programme_report
from supervision import services as supervision
from supervision.choices import Outcome, SelectionReason, Severity
from supervision.tests.factories import all_met, certificate_for, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db

URL = reverse("dashboard_report")


def build(cast):
    """In 2026 (the tests' clock is 02/12/2026): a periodic inspection found compliant, an ad hoc one ending in a
    remedy, a 4★ certificate revoked on ground c, a 3★ one on ground đ; another province's revocation."""
    compliant = recorded(cast, items=all_met())
    supervision.inspection_conclude(inspection=compliant, by=compliant.inspectors.first(), outcome=Outcome.COMPLIANT)
    ad_hoc = supervision.inspection_open_ad_hoc(
        certificate=certificate_for(cast, name="Miến dong"),
        reason=SelectionReason.AGENCY,
        detail="Phản ánh của Chi cục Quản lý thị trường.",
        inspectors=[cast.central_officer],
        scheduled_on=timezone.localdate(),
        by=cast.central_officer,
    )
    recorded(cast, ad_hoc, items=with_finding(Severity.MAJOR), by=cast.central_officer)
    supervision.inspection_conclude(
        inspection=ad_hoc,
        by=cast.central_officer,
        outcome=Outcome.REMEDY,
        remedy_required="Sửa nhãn.",
        remedy_due_on=date(2026, 12, 31),
    )
    revoke_with_four_eyes(certificate=certificate_for(cast, star=4), by=cast.province_officer, ground="c")
    revoke_with_four_eyes(certificate=certificate_for(cast, star=3), by=cast.province_officer, ground="dd")
    far = certificate_for(cast, star=4, producer=cast.other_producer_org)
    revoke_with_four_eyes(certificate=far, by=cast.outsider, ground="a")


def test_the_report_counts_the_inspections_and_the_revocations_of_the_period_in_the_users_scope(cast):
    build(cast)
    year = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))["supervision"]
    assert year["inspections"] == {"total": 2, "periodic": 1, "ad_hoc": 1, "compliant": 1, "remedy": 1, "revoke": 0}
    assert year["revoked"] == {"total": 2, "s3": 1, "s4": 1, "s5": 0}
    grounds = {row["ground"]: row for row in year["grounds"]}
    assert list(grounds) == ["a", "b", "c", "d", "dd", "e"]  # every ground of Điều 8.1, in its order
    assert (grounds["c"]["total"], grounds["c"]["s4"], grounds["dd"]["s3"], grounds["a"]["total"]) == (1, 1, 1, 0)
    q1 = programme_report(user=cast.province_officer, period=ReportPeriod("q1", 2026))["supervision"]
    assert q1["inspections"]["total"] == 0 and q1["revoked"]["total"] == 0
    national = programme_report(user=cast.central_officer, period=ReportPeriod("year", 2026))["supervision"]
    assert national["revoked"]["total"] == 3 and {row["ground"]: row["total"] for row in national["grounds"]}["a"] == 1


def test_the_page_the_workbook_and_the_pdf_show_them(cast, login, tmp_path):
    build(cast)
    client = login(cast.province_officer)
    page = client.get(URL, {"period": "year", "year": 2026}).content.decode()
    assert 'data-testid="report-supervision"' in page and "Giấy chứng nhận bị thu hồi trong kỳ" in page
    book = load_workbook(io.BytesIO(client.get(URL, {"period": "year", "year": 2026, "format": "xlsx"}).content))
    rows = list(book["Giám sát, thu hồi"].iter_rows(values_only=True))
    assert ("Cuộc kiểm tra đã kết luận trong kỳ", 2, None, None, None) in rows
    assert ("Giấy chứng nhận bị thu hồi trong kỳ", 2, 1, 1, 0) in rows
    ground_c = next(row for row in rows if str(row[0]).startswith("c)"))
    assert ground_c[1:] == (1, 0, 1, 0) and isinstance(ground_c[1], int)
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(URL, {"period": "year", "year": 2026, "format": "pdf"}).content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Kiểm tra, giám sát và thu hồi giấy chứng nhận" in text
    assert "Giấy chứng nhận bị thu hồi trong kỳ" in text and "Đột xuất" in text


def test_a_conclusion_recounts_the_report(cast, login, django_capture_on_commit_callbacks):
    """The report's figures are cached under the province's statistics version: concluding an inspection moves it."""
    cache.clear()
    client = login(cast.province_officer)
    inspection = recorded(cast, items=all_met())

    def concluded() -> int:
        report = client.get(URL, {"period": "year", "year": 2026}).context["report"]
        return report["supervision"]["inspections"]["total"]

    assert concluded() == 0
    with django_capture_on_commit_callbacks(execute=True):
        supervision.inspection_conclude(
            inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.COMPLIANT
        )
    assert concluded() == 1


def pdf_text(client, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(URL, {"period": "year", "year": 2026, "format": "pdf"}).content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())  # the recipients' lines wrap in the signature table's narrow column


def test_a_communes_report_goes_to_the_provinces_peoples_committee(cast, login, tmp_path):
    text = pdf_text(login(cast.commune_officer), tmp_path)
    assert "Ủy ban nhân dân tỉnh Thử Nghiệm (để báo cáo)" in text
    assert "Bộ Nông nghiệp và Môi trường (để báo cáo)" not in text
    assert "Bộ Nông nghiệp và Môi trường (để báo cáo)" in pdf_text(login(cast.province_officer), tmp_path)


def test_an_inspection_still_to_conclude_is_not_counted(cast):
    scheduled(cast)
    report = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))
    assert report["supervision"]["inspections"]["total"] == 0


def test_no_row_of_the_report_pdf_is_cut_across_two_pages(cast):
    """The grounds' labels wrap on two lines: a row cut at the page's foot left its counts on one page and its
    label on the next (the demo's "c) Vi phạm pháp luật …" row, Thái Nguyên 2026). Every row is kept whole."""
    import weasyprint
    from django.conf import settings
    from weasyprint.formatting_structure.boxes import TableRowBox

    from dashboard.reports import STARS
    from ocop.pdf import URL_FETCHER, render_template_html

    build(cast)
    report = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))
    listed = report["issued"]
    html = render_template_html(
        "dashboard/pdf/report.html",
        {"report": report, "stars": STARS, "issued_count": listed.count(), "listed": listed},
    )
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=URL_FETCHER).render()

    def rows(box):
        if isinstance(box, TableRowBox):
            yield box
        for child in getattr(box, "children", ()):
            yield from rows(child)

    laid_out = [row for page in document.pages for row in rows(page._page_box)]
    assert laid_out
    assert {row.style["break_inside"] for row in laid_out} == {"avoid"}
