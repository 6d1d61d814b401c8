"""The periodic report (issue 14): figures for the period, the Excel workbook and the PDF read back."""

import datetime as dt
import html
import io
import re
import subprocess
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from certificates.choices import CertificateStatus
from certificates.tests.factories import CertificateFactory, result_for
from dashboard.choices import TargetMetric
from dashboard.reports import ReportPeriod, programme_report
from dashboard.services import REPORT_FORMATS, plan_create
from dashboard.tests.factories import awaiting_decision, not_recognised
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard_report")


def cert(producer, star, issued, **kwargs):
    return CertificateFactory(product=ProductFactory(producer=producer), star=star, issued_on=issued, **kwargs)


def build(cast):
    cert(cast.producer, 3, date(2026, 2, 10))
    cert(cast.producer, 4, date(2026, 5, 20))
    cert(cast.producer, 3, date(2026, 8, 1), status=CertificateStatus.REVOKED)  # counts as recognised in the period
    cert(cast.producer, 5, date(2025, 12, 31))  # before the year
    cert(cast.other_producer_org, 4, date(2026, 3, 3))  # another province


def past_evaluation(cast, on):
    """A past evaluation of a new product of the cast's producer, at 2★ (not recognised), recorded by the province."""
    from dashboard.services import historic_evaluations_record

    product = ProductFactory(producer=cast.producer)
    row = {"product": product, "evaluated_on": on, "mean_score": 41, "star": 2, "level": "province"}
    historic_evaluations_record(by=cast.province_officer, rows=[row | {"unit": cast.province}])


def test_period_bounds():
    assert (ReportPeriod("q1", 2026).start, ReportPeriod("q1", 2026).end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert ReportPeriod("h2", 2026).end == date(2026, 12, 31)
    assert ReportPeriod("q2", 2024).end == date(2024, 6, 30)


def test_the_report_counts_the_period_in_the_users_scope(cast):
    build(cast)
    year = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))
    assert year["recognised"] == {"total": 3, "s3": 2, "s4": 1, "s5": 0}
    assert year["live"]["total"] == 3  # 3★ Feb, 4★ May, 5★ 2025; the revoked one is not live
    assert [row["total"] for row in year["units"]] == [3]
    q1 = programme_report(user=cast.province_officer, period=ReportPeriod("q1", 2026))
    assert q1["recognised"]["total"] == 1
    national = programme_report(user=cast.central_officer, period=ReportPeriod("year", 2026))
    assert national["recognised"]["total"] == 4 and national["unit_level"] == "province"


def test_the_workbook_has_one_sheet_per_table_with_numbers_as_numbers(cast, login):
    build(cast)
    result_for(cast.producer, star=4)
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
    response = login(cast.province_officer).get(URL, {"period": "year", "year": 2026, "format": "xlsx"})
    assert response.status_code == 200
    assert "bao-cao-ocop-tinh-thu-nghiem-ca-nam-2026.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Theo ngành",
        "Giám sát, thu hồi",
        "Danh sách công nhận",
        "Kế hoạch",
    ]
    summary = list(book["Tổng hợp"].iter_rows(values_only=True))
    assert summary[1] == ("Sản phẩm được công nhận trong kỳ", 3, 2, 1, 0)
    assert isinstance(summary[1][1], int)
    listed = list(book["Danh sách công nhận"].iter_rows(values_only=True))
    assert len(listed) == 4  # header + the three certificates of 2026
    plans = list(book["Kế hoạch"].iter_rows(values_only=True))
    assert plans[1][0] == "58/KH-UBND" and plans[1][3:] == (6, 3, 50)
    # The target as the plan names it, its quantity in the next column (not "…từ 3 sao: 6", then 6 again).
    assert plans[1][2] == "Sản phẩm mới được công nhận từ 3 sao"
    page = login(cast.province_officer).get(URL, {"period": "year", "year": 2026}).content.decode()
    assert "Sản phẩm mới được công nhận từ 3 sao</td>" in page and "từ 3 sao: 6" not in page


@pytest.mark.parametrize("output", ["xlsx", "pdf"])
def test_the_download_links_of_the_report_first_shown_give_that_report(cast, login, output):
    """The page opens on this year's report; its download links carried only the request's own parameters (none),
    so "Tải Excel" answered the empty form ("Trường này là bắt buộc") instead of a file."""
    build(cast)
    client = login(cast.province_officer)
    page = client.get(URL)
    assert page.context["report"]["period"].year == 2026
    if output == "xlsx":
        link = re.search(rf'href="([^"]*)" data-testid="report-{output}"', page.content.decode()).group(1)
        response = client.get(URL + html.unescape(link))
    else:  # a form, which asks who signs the PDF (test_report_signer): sent as the page offers it
        form = page.content.decode().split('data-testid="report-pdf-form"')[1].split("</form>")[0]
        fields = dict(re.findall(r'<input type="(?:hidden|text)" name="(\w+)" value="([^"]*)"', form))
        response = client.get(URL, {**{k: html.unescape(v) for k, v in fields.items()}, "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == REPORT_FORMATS[output]
    assert f"bao-cao-ocop-tinh-thu-nghiem-ca-nam-2026.{output}" in response["Content-Disposition"]


def test_a_download_asked_without_a_period_is_this_years(cast, login):
    build(cast)
    response = login(cast.province_officer).get(URL, {"format": "xlsx"})
    assert (
        response.status_code == 200
        and "bao-cao-ocop-tinh-thu-nghiem-ca-nam-2026.xlsx" in response["Content-Disposition"]
    )
    summary = list(load_workbook(io.BytesIO(response.content))["Tổng hợp"].iter_rows(values_only=True))
    assert summary[1] == ("Sản phẩm được công nhận trong kỳ", 3, 2, 1, 0)


@pytest.mark.parametrize(
    ("now", "year"),
    [
        (dt.datetime(2027, 1, 20, 9, tzinfo=dt.UTC), 2026),
        (dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC), 2027),
        (dt.datetime(2027, 1, 31, 18, tzinfo=dt.UTC), 2027),  # already 01/02 in Việt Nam
        (dt.datetime(2026, 12, 31, 18, tzinfo=dt.UTC), 2026),  # 01/01/2027 in Việt Nam: the year just ended
    ],
)
def test_in_january_the_report_opens_on_the_year_just_ended(cast, login, now, year):
    with time_machine.travel(now, tick=False):
        assert login(cast.province_officer).get(URL).context["report"]["period"].year == year


def test_a_cleared_year_is_answered_next_to_the_field_not_replaced(cast, login):
    response = login(cast.province_officer).get(URL, {"period": "q1", "year": ""})
    assert "report" not in response.context and response.context["form"].errors.keys() == {"year"}


def test_a_bad_period_is_answered_next_to_the_field(cast, login):
    response = login(cast.province_officer).get(URL, {"period": "q9", "year": "99999999999999999999"})
    assert response.status_code == 400  # no report drawn (test_report_refused_form)
    assert "report" not in response.context
    assert response.context["form"].errors.keys() == {"period", "year"}


@pytest.mark.parametrize("who", ["commune_officer", "province_officer", "central_officer", "viewer"])
def test_officers_open_the_report(cast, login, who):
    response = login(getattr(cast, who)).get(URL)
    assert response.status_code == 200 and "report" in response.context


@pytest.mark.parametrize("who", ["producer_owner", "council_member", "advisory_member"])
def test_other_roles_are_refused(cast, login, who):
    assert login(getattr(cast, who)).get(URL).status_code == 403


def test_the_report_costs_the_same_queries_for_few_or_many_certificates(cast, login, django_assert_max_num_queries):
    client = login(cast.province_officer)
    params = {"period": "year", "year": 2026}
    cert(cast.producer, 3, date(2026, 2, 10))
    with django_assert_max_num_queries(30) as few:
        client.get(URL, params)
    for n in range(15):
        cert(cast.producer, 3 + n % 3, date(2026, 4, 1 + n))
    cache.clear()  # counted again, not read from the cache (factories bypass the services that bump its version)
    with django_assert_max_num_queries(30) as many:
        client.get(URL, params)
    assert len(few.captured_queries) == len(many.captured_queries)


def test_a_large_report_is_built_by_a_background_job_with_progress(
    cast, login, monkeypatch, django_capture_on_commit_callbacks, tmp_path
):
    from ocop.choices import JobKind, JobStatus
    from ocop.models import BackgroundJob

    monkeypatch.setattr("dashboard.reports.REPORT_ASYNC_ROWS", 2)
    monkeypatch.setattr("dashboard.reports.PROGRESS_EVERY", 1)
    build(cast)
    client = login(cast.central_officer)
    page = client.get(URL, {"period": "year", "year": 2026, "format": "xlsx"})
    assert page.status_code == 200 and page.context["large"]  # no file built in the request
    assert 'data-testid="report-job-form"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dashboard_report_job_create"), {"period": "year", "year": 2026, "format": "xlsx"}
        )
    job = BackgroundJob.objects.get(kind=JobKind.REPORT)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard_report_job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.done == job.total == 4 + 2  # four certificates of 2026, two steps
    assert client.get(reverse("dashboard_report_job_detail", args=[job.pk])).status_code == 200
    download = client.get(reverse("dashboard_report_job_download", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    summary = list(book["Tổng hợp"].iter_rows(values_only=True))
    assert summary[1] == ("Sản phẩm được công nhận trong kỳ", 4, 2, 2, 0)
    units = list(book["Theo đơn vị"].iter_rows(values_only=True))
    assert [row[0] for row in units[1:]] == ["Tỉnh Khác", "Tỉnh Thử Nghiệm"]  # every province side by side
    # The job is its maker's: anyone else gets a 404.
    assert login(cast.province_officer).get(reverse("dashboard_report_job_download", args=[job.pk])).status_code == 404


def test_a_report_job_writes_the_workbook_in_the_language_of_the_person_who_asked(
    cast, login, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from ocop.models import BackgroundJob

    monkeypatch.setattr("dashboard.reports.REPORT_ASYNC_ROWS", 2)
    build(cast)
    client = login(cast.central_officer)
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("dashboard_report_job_create"), {"period": "year", "year": 2026, "format": "xlsx"})
    with translation.override("vi"):  # the worker's own language
        for callback in callbacks:
            callback()
    job = BackgroundJob.objects.get()
    book = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("dashboard_report_job_download", args=[job.pk])).streaming_content))
    )
    assert book.sheetnames[0] == "Summary" and "Tổng hợp" not in book.sheetnames


def test_a_report_job_needs_a_known_format(cast, login):
    response = login(cast.central_officer).post(
        reverse("dashboard_report_job_create"), {"period": "year", "year": 2026, "format": "doc"}
    )
    assert response.status_code == 400


def test_the_report_counts_past_evaluations_that_were_not_recognised(cast):
    build(cast)
    past_evaluation(cast, date(2026, 1, 15))
    evaluated = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))["evaluated"]
    # three certificates recorded outside a council of this system, one past evaluation not recognised
    assert evaluated == {"evaluated": 4, "reached": 3, "not_recognised": 1, "share": 75}


def test_the_report_page_costs_the_same_queries_at_1_and_1000_certificates(cast, login, django_assert_max_num_queries):
    from dashboard.tests.bulk import bulk_certificates

    client = login(cast.province_officer)
    params = {"period": "year", "year": 2026}
    product = ProductFactory(producer=cast.producer)
    cert(cast.producer, 3, date(2026, 2, 10))
    with django_assert_max_num_queries(40) as one:
        client.get(URL, params)
    bulk_certificates(product, 999, issued=date(2026, 3, 1), valid_until=date(2029, 3, 1))
    cache.clear()  # counted again, not read from the cache (bulk writes bypass the services that bump its version)
    with django_assert_max_num_queries(40) as many:
        response = client.get(URL, params)
    assert len(one.captured_queries) == len(many.captured_queries)
    # 1000 certificates of two products: the figure counts the products, the list the certificates
    assert response.context["report"]["recognised"]["total"] == 2
    assert response.context["report"]["issued"].count() == 1000


def test_the_report_can_count_by_the_units_in_force_before_the_reform(cast, login):
    from ocop.testing import make_unit
    from products.models import Producer

    old_province = make_unit(level="province", code="06", name="Tỉnh Bắc Kạn", era="historic")
    district = make_unit(level="district", code="063", name="Huyện Na Rì", parent=old_province, era="historic")
    commune = make_unit(level="commune", code="01900", name="Xã Côn Minh", parent=district, era="historic")
    Producer.objects.filter(pk=cast.producer.pk).update(historic_commune=commune)
    build(cast)
    client = login(cast.province_officer)
    report = client.get(URL, {"period": "year", "year": 2026, "historic_units": "on"}).context["report"]
    assert [(row["name"], row["total"]) for row in report["units"]] == [("Huyện Na Rì", 3)]
    na_ri = report["units"][0]  # each of its numbers opens the certificates it counts, as today's units do
    assert client.get(na_ri["url"]).context["page"].paginator.count == 3
    for star in (3, 4, 5):
        assert client.get(na_ri[f"s{star}_url"]).context["page"].paginator.count == na_ri[f"s{star}"]
    response = client.get(URL, {"period": "year", "year": 2026, "historic_units": "on", "format": "xlsx"})
    sheet = list(load_workbook(io.BytesIO(response.content))["Theo đơn vị"].iter_rows(values_only=True))
    assert sheet[0][0] == "Huyện (trước 01/07/2025)" and sheet[1][:2] == ("Huyện Na Rì", 3)
    national = programme_report(user=cast.central_officer, period=ReportPeriod("year", 2026), historic_units=True)
    assert ("Tỉnh Bắc Kạn", 3) in [(row["name"], row["total"]) for row in national["units"]]


def test_a_pdf_too_long_to_list_names_the_count_and_leaves_the_list_to_the_excel(cast, login, tmp_path, monkeypatch):
    # A country's year is ~6,000 certificates: listed in the PDF, WeasyPrint laid out 150 pages for minutes.
    monkeypatch.setattr("dashboard.reports.PDF_LIST_LIMIT", 1)
    build(cast)
    response = login(cast.province_officer).get(URL, {"period": "h1", "year": 2026, "format": "pdf"})
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Danh sách 2 sản phẩm được công nhận trong kỳ có trong tệp Excel" in flat
    assert "Danh sách công nhận" in flat
    monkeypatch.setattr("dashboard.reports.PDF_LIST_LIMIT", 400)
    cache.clear()  # the file is cached under its figures' version: a new limit is a new deployment
    listed = login(cast.province_officer).get(URL, {"period": "h1", "year": 2026, "format": "pdf"})
    path.write_bytes(listed.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "có trong tệp Excel" not in " ".join(text.split())
    assert text.count(" sao ") >= 2  # the two certificates of the half-year in the province, each with its star


def test_the_workbook_is_built_once_until_a_certificate_of_the_province_changes(
    cast, login, monkeypatch, django_capture_on_commit_callbacks
):
    """The report's file is cached under the version of its figures: the second download is not built again, a
    certificate revoked in the province (through its service, which bumps the version) makes the next one anew."""
    from certificates.tests.factories import revoke_with_four_eyes
    from dashboard import reports

    cache.clear()
    build(cast)
    built = []
    real = reports.report_workbook
    monkeypatch.setattr(reports, "report_workbook", lambda report: built.append(1) or real(report))
    client = login(cast.province_officer)
    query = {"period": "year", "year": 2026, "format": "xlsx"}

    def live_in_summary() -> int:
        response = client.get(URL, query)
        assert response.status_code == 200
        rows = list(load_workbook(io.BytesIO(response.content))["Tổng hợp"].iter_rows(values_only=True))
        return next(row[1] for row in rows if row[0] == "Sản phẩm còn hiệu lực tại ngày báo cáo")

    assert (live_in_summary(), len(built)) == (3, 1)
    assert (live_in_summary(), len(built)) == (3, 1)
    may = cast.producer.products.get(certificates__issued_on=date(2026, 5, 20)).certificates.get()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(certificate=may, by=cast.province_officer)
    assert (live_in_summary(), len(built)) == (2, 2)


def test_the_page_body_is_rendered_once_until_a_certificate_of_the_province_changes(
    cast, login, django_capture_on_commit_callbacks
):
    from certificates.tests.factories import revoke_with_four_eyes

    cache.clear()
    build(cast)
    client = login(cast.province_officer)

    def live_row() -> str:
        html = client.get(URL, {"period": "year", "year": 2026}).content.decode()
        row = html[html.index("Sản phẩm còn hiệu lực tại ngày báo cáo") :]
        cells = row.split('class="text-end">')[1:5]
        return " ".join(re.sub(r"<[^>]*>", "", cell.split("</td>")[0]) for cell in cells)

    assert live_row() == "3 1 1 1"
    with CaptureQueriesContext(connection) as second:
        assert live_row() == "3 1 1 1"
    assert not any("dashboard_plan" in q["sql"] for q in second.captured_queries)  # the plans are not read again
    may = cast.producer.products.get(certificates__issued_on=date(2026, 5, 20)).certificates.get()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(certificate=may, by=cast.province_officer)
    assert live_row() == "2 1 0 1"


def test_the_reports_units_read_in_vietnamese_order(cast):
    """The report's table by commune, sorted by code point, put Xã Đồng Hỷ after Xã Yên Lạc."""
    from ocop.testing import make_unit
    from products.tests.factories import ProducerFactory

    for code, name in (("90011", "Xã Yên Lạc"), ("90013", "Xã Đồng Hỷ"), ("90014", "Xã Dương Sơn")):
        commune = make_unit(level="commune", code=code, name=name, parent=cast.province)
        cert(ProducerFactory(commune=commune), 3, date(2026, 2, 10))
    cert(cast.producer, 3, date(2026, 2, 10))
    report = programme_report(user=cast.province_officer, period=ReportPeriod("year", 2026))
    assert [row["name"] for row in report["units"]] == ["Xã Dương Sơn", "Xã Đồng Hỷ", "Xã Hoà An", "Xã Yên Lạc"]


def test_the_years_report_counts_evaluated_and_not_recognised_as_the_statistics_page_does(cast):
    """A council scored one product in December 2025 and the decision recognising it came in January 2026; another
    was scored at 2★ in November 2026 and holds no certificate. 'Not recognised' is a product evaluated in the period
    that holds no certificate from that evaluation and no longer waits for its decision
    (dashboard.selectors.evaluated): the 2025 report had 1 (evaluated 1 minus 0 certificates issued in 2025) and the
    2026 report 0 (1 minus the January certificate), the statistics page's rows of the same years 0 and 1. Three
    dossiers scored in November 2026 still wait for their decision (one in a decision not issued yet, one forwarded
    to the central council, one sent back to the province): evaluated, not 'not recognised'."""
    from zoneinfo import ZoneInfo

    from dashboard.selectors.statistics import programme_statistics
    from evaluation.models import CouncilResult

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    december = result_for(cast.producer, star=4)
    cert(cast.producer, 4, date(2026, 1, 10), registration=december.registration)
    CouncilResult.objects.filter(pk=december.pk).update(decided_at=dt.datetime(2025, 12, 20, 9, tzinfo=vn))
    november = dt.datetime(2026, 11, 5, 9, tzinfo=vn)
    not_recognised(cast.producer, on=november)
    awaiting_decision(cast, on=november)
    for user in (cast.province_officer, cast.central_officer):  # a province's count and the whole country's
        statistics = {
            row["label"]: {key: row[key] for key in ("evaluated", "reached", "not_recognised", "share")}
            for row in programme_statistics(user=user, today=date(2026, 12, 2))["evaluated"]
        }
        for year in (2025, 2026):
            report = programme_report(user=user, period=ReportPeriod("year", year))
            assert report["evaluated"] == statistics[year], (user, year)
        assert statistics[2025]["not_recognised"] == 0 and statistics[2026]["not_recognised"] == 1
        assert statistics[2026]["evaluated"] == 4


def _listed(client, url) -> int:
    """How many rows the list behind a figure holds: the certificate list's count or the figure list's total."""
    context = client.get(url).context
    return context["total"] if "total" in context else context["page"].paginator.count


def test_each_figure_of_the_report_opens_the_rows_it_counts(cast, login):
    """The certificates recognised in the period and those live (by star and by unit), the products evaluated and
    not recognised: each number of the report links to a list holding as many rows, for a quarter and a year, in a
    province's report and in the national one, whole and narrowed to a province. The dossiers waiting for their
    decision are evaluated, and neither recognised nor not recognised."""
    from evaluation.models import CouncilResult

    build(cast)
    march = dt.datetime(2026, 3, 20, 3, tzinfo=dt.UTC)
    scored = result_for(cast.producer, star=4)
    cert(cast.producer, 4, date(2026, 4, 2), registration=scored.registration)  # recognised in the second quarter
    CouncilResult.objects.filter(pk=scored.pk).update(decided_at=march)
    not_recognised(cast.producer, on=march)
    awaiting_decision(cast, on=march)
    past_evaluation(cast, date(2026, 2, 15))
    cases = [
        (cast.province_officer, {}),
        (cast.central_officer, {}),
        (cast.central_officer, {"province": cast.province.pk}),
    ]
    checked = 0
    for user, narrowed in cases:
        client = login(user)
        for period in ("q1", "year"):
            report = client.get(URL, {"period": period, "year": 2026, **narrowed}).context["report"]
            links = report["links"]
            for figure in ("recognised", "live"):
                for key, url in links[figure].items():
                    assert _listed(client, url) == report[figure][key], (user, period, figure, key)
                    checked += 1
            for figure in ("evaluated", "reached", "not_recognised"):
                assert _listed(client, links[figure]) == report["evaluated"][figure], (user, period, figure)
            for row in report["units"]:
                assert _listed(client, row["url"]) == row["total"], (user, period, row["name"])
                for star in (3, 4, 5):
                    assert _listed(client, row[f"s{star}_url"]) == row[f"s{star}"], (user, period, row["name"], star)
    q1 = programme_report(user=cast.province_officer, period=ReportPeriod("q1", 2026))
    # five scored in March (one recognised in April, three waiting for their decision, one at 2★), one certificate
    # of February, one past evaluation of February
    assert q1["evaluated"] == {"evaluated": 7, "reached": 5, "not_recognised": 2, "share": 14}
    assert checked == 3 * 2 * 2 * 4


def test_the_page_shows_the_recognitions_by_sector_each_count_opening_its_certificates(cast, login):
    """The PDF and the workbook have a table by sector that the page lacked. On the page it comes where the PDF has
    it (after the units, before the plans), wrapped for a phone like the other tables, each of its numbers linking
    to the certificate list narrowed to the sector's code: a list holding as many rows, for a quarter and a year, in
    a province's report and in the national one, whole and narrowed to a province."""
    from products.models import ProductSet

    build(cast)  # the product set of the factories: sector I
    crafts = ProductSet.objects.filter(group__sector__code="II").order_by("number").first()
    CertificateFactory(
        product=ProductFactory(producer=cast.producer, product_set=crafts), star=5, issued_on=date(2026, 3, 9)
    )
    CertificateFactory(
        product=ProductFactory(producer=cast.producer, product_set=crafts), star=4, issued_on=date(2026, 7, 1)
    )
    CertificateFactory(
        product=ProductFactory(producer=cast.other_producer_org, product_set=crafts), star=3, issued_on=date(2026, 9, 9)
    )
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
        targets=[{"metric": TargetMetric.NEW_RECOGNISED, "quantity": 10}],
    )
    cases = [
        (cast.province_officer, {}, {"year": {"I": 3, "II": 2}, "q1": {"I": 1, "II": 1}}),
        (cast.central_officer, {}, {"year": {"I": 4, "II": 3}, "q1": {"I": 2, "II": 1}}),
        (cast.central_officer, {"province": cast.province.pk}, {"year": {"I": 3, "II": 2}, "q1": {"I": 1, "II": 1}}),
    ]
    for user, narrowed, expected in cases:
        client = login(user)
        for period in ("q1", "year"):
            response = client.get(URL, {"period": period, "year": 2026, **narrowed})
            text = response.content.decode()
            table = re.search(
                r'<div class="table-responsive"><table class="table table-sm" data-testid="report-sectors">(.*?)</table>',
                text,
                re.S,
            ).group(1)
            order = [text.index(f'data-testid="report-{name}"') for name in ("summary", "units", "sectors", "plans")]
            assert order == sorted(order), (user, period)
            sectors = response.context["report"]["sectors"]
            assert {row["code"]: row["total"] for row in sectors} == expected[period], (user, period)
            links = re.findall(r'<a href="([^"]*)">(\d+)</a>', table)
            assert len(links) == 4 * len(sectors)
            for url, count in links:
                assert "sector=" in url
                assert _listed(client, html.unescape(url)) == int(count), (user, period, url)


def test_the_certificate_list_names_the_period_it_is_narrowed_to(cast, login):
    build(cast)
    client = login(cast.province_officer)
    page = client.get(
        reverse("certificates:certificate_list"), {"issued_from": "2026-01-01", "issued_to": "2026-03-31"}
    )
    assert page.context["page"].paginator.count == 1  # the 3★ of 10/02/2026
    text = page.content.decode()
    assert "Cấp từ ngày: 01/01/2026" in text and "Cấp đến ngày: 31/03/2026" in text
    assert '<input type="hidden" name="issued_from" value="2026-01-01">' in text  # a search keeps the period
    assert "issued_from" not in re.search(r'href="([^"]*)">Bỏ các điều kiện này', text).group(1)


def test_a_unit_row_without_its_units_id_links_nowhere():
    """A row without a commune, or one counted by an older version and still cached that day, has no id: it gets no
    link rather than one to every certificate of the period."""
    from dashboard.reports import _with_urls

    row = {"pk": None, "name": None, "total": 2, "s3": 2, "s4": 0, "s5": 0}
    assert _with_urls(row, ReportPeriod("year", 2026), None, "commune") == row
    linked = _with_urls({**row, "pk": 7}, ReportPeriod("year", 2026), None, "commune")
    assert "commune=7" in linked["url"] and "commune=7" in linked["s3_url"] and "star=3" in linked["s3_url"]
