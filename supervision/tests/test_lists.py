"""The supervision lists at a province's scale: the inspections filtered by text, status, outcome, year and commune;
the plan page's proposals filtered, paged and ticked a page at a time."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from products.tests.factories import ProducerFactory
from supervision import services
from supervision.models import Complaint, Inspection
from supervision.views.plans import CANDIDATES_PER_PAGE

from .factories import certificate_for, inspector, plan_for, recorded, scheduled

pytestmark = pytest.mark.django_db

INSPECTIONS = reverse("supervision:inspection_list")


def _rows(html: str, testid: str) -> int:
    return html.count(f'data-testid="{testid}"')


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# --- The inspections -------------------------------------------------------------------------------------------


def test_the_inspection_list_finds_by_product_producer_and_certificate_number(cast, login):
    honey = scheduled(cast, certificate_for(cast, name="Mật ong rừng Hương Rừng"))
    tea = scheduled(cast, certificate_for(cast, name="Trà Giảo cổ lam"), plan=honey.plan)
    client = login(cast.province_officer)

    page = client.get(INSPECTIONS, {"q": "mật ong"}).content.decode()
    assert honey.product.name in page and tea.product.name not in page
    page = client.get(INSPECTIONS, {"q": tea.certificate.number}).content.decode()
    assert tea.product.name in page and honey.product.name not in page
    page = client.get(INSPECTIONS, {"q": "rừng trà"}).content.decode()  # every word must match
    assert _rows(page, "inspection-row") == 0 and "Chưa có cuộc kiểm tra nào." in page
    assert 'value="rừng trà"' in page  # what was typed stays in the box


def _planned_and_concluded(cast, planned_name: str):
    """One inspection scheduled (`planned_name`) and one concluded compliant ("Chè Tân Cương"), in one plan."""
    planned = scheduled(cast, certificate_for(cast, name=planned_name))
    done = recorded(cast, scheduled(cast, certificate_for(cast, name="Chè Tân Cương"), plan=planned.plan))
    services.inspection_conclude(inspection=done, by=done.inspectors.first(), outcome="compliant")
    return planned, done


def test_the_inspection_list_narrows_by_status_outcome_and_year(cast, login):
    _planned_and_concluded(cast, "Miến dong Tài Hoan")
    client = login(cast.province_officer)

    page = client.get(INSPECTIONS, {"status": "concluded"}).content.decode()
    assert "Chè Tân Cương" in page and "Miến dong Tài Hoan" not in page
    page = client.get(INSPECTIONS, {"outcome": "remedy"}).content.decode()
    assert _rows(page, "inspection-row") == 0
    year = timezone.localdate().year
    assert _rows(client.get(INSPECTIONS, {"year": year}).content.decode(), "inspection-row") == 2
    assert _rows(client.get(INSPECTIONS, {"year": year + 1}).content.decode(), "inspection-row") == 0


def test_a_year_out_of_range_is_named_next_to_its_field_and_ignored(cast, login):
    scheduled(cast)
    page = login(cast.province_officer).get(INSPECTIONS, {"year": "99999"}).content.decode()
    assert _rows(page, "inspection-row") == 1  # the filter is dropped, the list still shows
    assert re.search(r'name="year"[^>]*aria-invalid="true"', page) and 'value="99999"' in page


def test_the_inspection_list_narrows_by_commune_of_the_province_only(cast, login):
    here = scheduled(cast, certificate_for(cast, name="Miến dong Tài Hoan"))
    neighbour = ProducerFactory(commune=cast.other_commune, name="HTX Bình Minh")
    there = scheduled(cast, certificate_for(cast, name="Gà đồi Bình Minh", producer=neighbour), plan=here.plan)
    client = login(cast.province_officer)

    page = client.get(INSPECTIONS, {"commune": cast.other_commune.pk}).content.decode()
    assert there.product.name in page and here.product.name not in page
    options = re.search(r'<select name="commune".*?</select>', page, re.S).group(0)
    assert "Xã Hoà An" in options and "Xã Bình Minh" in options and "Xã Xa Xôi" not in options
    # A commune of another province is not one of the choices: named as an error, not silently empty.
    page = client.get(INSPECTIONS, {"commune": cast.far_commune.pk}).content.decode()
    assert _rows(page, "inspection-row") == 2 and re.search(r'name="commune"[^>]*aria-invalid="true"', page)


def test_the_filters_offered_follow_the_role(cast, login):
    scheduled(cast)
    commune_page = login(cast.commune_officer).get(INSPECTIONS).content.decode()
    assert 'name="status"' in commune_page and 'name="commune"' not in commune_page  # one commune: nothing to pick
    national_page = login(cast.central_officer).get(INSPECTIONS).content.decode()
    assert 'name="province"' in national_page and 'data-cascade-from="id_province"' in national_page
    producer_page = login(cast.producer_owner).get(INSPECTIONS).content.decode()
    assert 'name="status"' not in producer_page and 'name="mine"' not in producer_page  # concluded ones only


def test_only_my_inspections_is_a_filter_kept_with_the_others(cast, login):
    mine = scheduled(cast, certificate_for(cast, name="Mật ong rừng Hương Rừng"))
    theirs = scheduled(
        cast, certificate_for(cast, name="Trà Giảo cổ lam"), plan=mine.plan, inspectors=[cast.province_officer]
    )
    client = login(mine.inspectors.first())
    page = client.get(INSPECTIONS, {"mine": "1", "q": "ong"}).content.decode()
    assert mine.product.name in page and theirs.product.name not in page
    assert 'name="mine" value="1" id="id_mine" checked' in page


def test_a_filtered_inspection_list_runs_a_constant_number_of_queries(cast, login):
    client = login(cast.province_officer)
    plan = plan_for(cast)
    scheduled(cast, plan=plan)
    url = f"{INSPECTIONS}?q=Sản+phẩm&status=planned&commune={cast.commune.pk}&year={timezone.localdate().year}"
    client.get(url)
    one = _queries(client, url)
    for _ in range(6):
        scheduled(cast, plan=plan)
    assert _queries(client, url) == one


# --- The plan's proposals --------------------------------------------------------------------------------------


def _plan_url(plan, **query) -> str:
    url = reverse("supervision:plan_detail", args=[plan.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_plan_page_filters_the_proposals(cast, login):
    plan = plan_for(cast)
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng", star=5)
    neighbour = ProducerFactory(commune=cast.other_commune, name="HTX Bình Minh")
    chicken = certificate_for(cast, name="Gà đồi Bình Minh", producer=neighbour)
    Complaint.objects.create(product=chicken.product, source="public", text="Nhãn ghi sai hạng sao.")
    client = login(cast.province_officer)

    page = client.get(_plan_url(plan, q="mat+ong")).content.decode()
    assert honey.product_name in page and chicken.product_name not in page
    page = client.get(_plan_url(plan, star=5)).content.decode()
    assert honey.product_name in page and chicken.product_name not in page
    page = client.get(_plan_url(plan, commune=cast.other_commune.pk)).content.decode()
    assert chicken.product_name in page and honey.product_name not in page
    # A product keeps every reason it has; the reason filter matches any of them.
    page = client.get(_plan_url(plan, reason="complaint")).content.decode()
    assert _rows(page, "candidate-row") == 1 and "Chưa được kiểm tra trong 36 tháng; Có phản ánh" in page
    page = client.get(_plan_url(plan, reason="producer_changed")).content.decode()
    assert _rows(page, "candidate-row") == 0 and "Không có sản phẩm đề xuất nào phù hợp bộ lọc." in page


def test_a_province_plan_offers_the_communes_of_its_province_only(cast, login):
    plan = plan_for(cast)
    certificate_for(cast)
    page = login(cast.central_officer).get(_plan_url(plan)).content.decode()
    options = re.search(r'<select name="commune".*?</select>', page, re.S).group(0)
    assert "Xã Bình Minh" in options and "Xã Xa Xôi" not in options and 'name="province"' not in page


def test_the_plan_page_shows_the_proposals_a_page_at_a_time(cast, login):
    plan = plan_for(cast)
    for _ in range(CANDIDATES_PER_PAGE + 3):
        certificate_for(cast)
    client = login(cast.province_officer)
    first = client.get(_plan_url(plan)).content.decode()
    assert _rows(first, "candidate-row") == CANDIDATES_PER_PAGE and f"{CANDIDATES_PER_PAGE + 3} sản phẩm" in first
    assert 'data-check-all="certificates"' in first
    second = client.get(_plan_url(plan, page=2)).content.decode()
    assert _rows(second, "candidate-row") == 3


def test_the_plan_page_runs_a_constant_number_of_queries_for_one_or_many_proposals(cast, login):
    client = login(cast.province_officer)
    plan = plan_for(cast)
    scheduled(cast, plan=plan)
    certificate_for(cast)
    url = _plan_url(plan, q="Sản", commune=cast.commune.pk, reason="not_inspected")
    client.get(url)
    one = _queries(client, url)
    for _ in range(CANDIDATES_PER_PAGE + 2):
        certificate_for(cast)
    scheduled(cast, plan=plan)
    assert _queries(client, url) == one


def test_scheduling_goes_back_to_the_same_filter_and_takes_a_product_of_any_page(cast, login):
    plan = plan_for(cast)
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    tea = certificate_for(cast, name="Trà Giảo cổ lam")
    client = login(cast.province_officer)
    response = client.post(
        reverse("supervision:plan_schedule", args=[plan.pk]) + "?q=mat+ong&page=1",
        {
            "certificates": [honey.pk, tea.pk],  # tea is not on the filtered page, but the rules propose it
            "inspectors": [inspector(cast).pk],
            "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302 and response["Location"] == _plan_url(plan, q="mat+ong", page=1)
    assert set(Inspection.objects.filter(plan=plan).values_list("certificate_id", flat=True)) == {honey.pk, tea.pk}


def test_a_refused_scheduling_keeps_the_ticks_and_the_filter(cast, login):
    plan = plan_for(cast)
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    certificate_for(cast, name="Trà Giảo cổ lam")
    response = login(cast.province_officer).post(
        reverse("supervision:plan_schedule", args=[plan.pk]) + "?q=mat+ong",
        {"certificates": [honey.pk], "inspectors": [inspector(cast).pk], "scheduled_on": "31/02/2026"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and not Inspection.objects.filter(plan=plan).exists()
    assert f'value="{honey.pk}" id="cand-{honey.pk}" checked' in page
    assert _rows(page, "candidate-row") == 1 and 'value="mat ong"' in page
    assert re.search(rf'value="{inspector(cast).pk}"[^>]*checked', page)  # the inspectors ticked stay ticked


def test_a_second_click_is_told_the_products_are_in_the_plan_already(cast, login):
    plan = plan_for(cast)
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    client = login(cast.province_officer)
    data = {
        "certificates": [honey.pk],
        "inspectors": [inspector(cast).pk],
        "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"),
    }
    url = reverse("supervision:plan_schedule", args=[plan.pk])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400 and Inspection.objects.filter(plan=plan).count() == 1
    assert "Có sản phẩm đã được đưa vào kế hoạch hoặc không còn được đề xuất" in again.content.decode()


def test_the_plans_own_inspections_page_on_their_own(cast, login):
    plan = plan_for(cast)
    for _ in range(51):
        scheduled(cast, plan=plan)
    certificate_for(cast)
    page = login(cast.province_officer).get(_plan_url(plan)).content.decode()
    assert _rows(page, "inspection-row") == 50 and "?inspections_page=2" in page
    page = login(cast.province_officer).get(_plan_url(plan, inspections_page=2)).content.decode()
    assert _rows(page, "inspection-row") == 1 and _rows(page, "candidate-row") == 1


# --- The complaints --------------------------------------------------------------------------------------------


def test_the_complaint_list_finds_by_product_without_accents_and_keeps_the_search_across_its_tabs(cast, login):
    honey = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    tea = certificate_for(cast, name="Trà Giảo cổ lam")
    Complaint.objects.create(product=honey.product, source="public", text="Nhãn ghi sai hạng sao.")
    Complaint.objects.create(product=tea.product, source="public", text="Bao bì không có tem truy xuất.")
    url = reverse("supervision:complaint_list")
    client = login(cast.province_officer)

    page = client.get(url, {"q": "mat ong"}).content.decode()
    assert _rows(page, "complaint-row") == 1 and "Mật ong rừng Hương Rừng" in page and 'value="mat ong"' in page
    assert 'data-testid="complaint-count">1 phản ánh<' in page
    assert 'href="?q=mat+ong&amp;status=new"' in page  # a status tab keeps the search
    assert _rows(client.get(url, {"q": "mat ong", "status": "closed"}).content.decode(), "complaint-row") == 0
    assert _rows(client.get(url, {"q": "trà", "status": "new"}).content.decode(), "complaint-row") == 1
    # A NUL or an unknown status is refused by the filter's form, not by the database (a 500 on PostgreSQL).
    page = client.get(url, {"q": "mật\x00ong", "status": "bogus"})
    assert page.status_code == 200 and _rows(page.content.decode(), "complaint-row") == 2


def test_the_plan_page_in_english_names_the_plan_its_inspectors_and_expiry_dates(cast, login):
    # "Kế hoạch", "Người kiểm tra" and "Hết hạn" each mean two things: the English page read "Planned 12/KH-SNN"
    # (the status), "Checked by" (a decision's second officer) and "Expired" over dates still to come.
    plan = plan_for(cast)
    scheduled(cast, plan=plan)
    certificate_for(cast)
    client = login(cast.province_officer)
    client.cookies["django_language"] = "en"
    page = client.get(_plan_url(plan)).content.decode()
    assert re.search(r'<h1 class="page-title">Plan 12/KH-SNN', page)
    assert ">Inspectors</th>" in page and "Inspectors<span" in page and "Checked by" not in page
    assert ">Expires</th>" in page and "Expired" not in page
    client.cookies["django_language"] = "vi"
    page = client.get(_plan_url(plan)).content.decode()
    assert re.search(r'<h1 class="page-title">Kế hoạch 12/KH-SNN', page) and ">Người kiểm tra</th>" in page


# --- The inspection list in Excel -----------------------------------------------------------------------------


def _sheet(content: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def test_the_inspection_list_exports_what_its_filter_shows(cast, login):
    honey, done = _planned_and_concluded(cast, "Mật ong rừng Hương Rừng")
    client = login(cast.province_officer)
    page = client.get(INSPECTIONS, {"status": "concluded"}).content.decode()
    assert 'href="/giam-sat/kiem-tra/xuat-excel/?status=concluded"' in page

    response = client.get(reverse("supervision:inspection_export"), {"status": "concluded"})
    assert response.status_code == 200 and "cuoc-kiem-tra-20261202.xlsx" in response["Content-Disposition"]
    header, *rows = _sheet(response.content)
    assert header[:3] == ("Số giấy chứng nhận", "Sản phẩm", "Chủ thể")
    assert [(r[0], r[1], r[5], r[11], r[12]) for r in rows] == [
        (done.certificate.number, "Chè Tân Cương", honey.plan.number, "Đã kết luận", "Đạt: sản phẩm duy trì yêu cầu")
    ]
    assert rows[0][10] == str(done.inspectors.get())


def test_a_large_inspection_export_is_written_by_a_job_in_the_askers_scope(
    cast, login, monkeypatch, django_capture_on_commit_callbacks
):
    from ocop.models import BackgroundJob

    monkeypatch.setattr("ocop.services.EXPORT_ASYNC_ROWS", 2)
    plan = plan_for(cast)
    for name in ("Miến dong 1", "Miến dong 2", "Miến dong 3", "Mật ong"):
        scheduled(cast, certificate_for(cast, name=name), plan=plan)
    client = login(cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("supervision:inspection_export"), {"q": "mien dong"})
    job = BackgroundJob.objects.get()
    assert response.status_code == 302 and (job.total, job.done, job.status) == (3, 3, "done")
    download = client.get(reverse("job_download", args=[job.pk]))
    names = sorted(row[1] for row in _sheet(b"".join(download.streaming_content))[1:])
    assert names == ["Miến dong 1", "Miến dong 2", "Miến dong 3"]
    assert login(cast.outsider).get(reverse("job_detail", args=[job.pk])).status_code == 404


HOSTILE = ["", "0", "-1", "99999999999999999999", "abc", "' OR 1=1 --", "\x00", "<script>", "\u202e", "a" * 5000]


@pytest.mark.parametrize("value", HOSTILE)
def test_crafted_query_strings_never_answer_500(cast, login, value):
    plan = plan_for(cast)
    scheduled(cast, plan=plan)
    certificate_for(cast)
    Complaint.objects.create(product=certificate_for(cast).product, source="public", text="Nhãn ghi sai hạng sao.")
    client = login(cast.province_officer)
    names = [
        "q",
        "status",
        "outcome",
        "kind",
        "year",
        "province",
        "commune",
        "mine",
        "remedy",
        "reason",
        "star",
        "page",
    ]
    query = {name: value for name in [*names, "inspections_page"]}
    for url in (INSPECTIONS, _plan_url(plan), reverse("supervision:complaint_list")):
        assert client.get(url, query).status_code == 200, url
    assert client.get(reverse("supervision:inspection_export"), query).status_code == 200


# --- Every product the filter shows, at once -------------------------------------------------------------------


def _schedule(cast, client, plan, query: str, **data):
    data = {"inspectors": [inspector(cast).pk], "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"), **data}
    return client.post(reverse("supervision:plan_schedule", args=[plan.pk]) + query, data)


def test_every_product_the_filter_shows_goes_in_at_once_across_its_pages(cast, login):
    plan = plan_for(cast)
    neighbour = ProducerFactory(commune=cast.other_commune, name="HTX Bình Minh")
    there = [certificate_for(cast, producer=neighbour) for _ in range(CANDIDATES_PER_PAGE + 2)]
    here = certificate_for(cast, name="Mật ong rừng Hương Rừng")
    client = login(cast.province_officer)
    query = f"?commune={cast.other_commune.pk}"
    page = client.get(_plan_url(plan, commune=cast.other_commune.pk)).content.decode()
    assert f"Chọn cả {CANDIDATES_PER_PAGE + 2} sản phẩm phù hợp bộ lọc, ở mọi trang" in page
    unfiltered = client.get(_plan_url(plan)).content.decode()
    assert f"Chọn cả {CANDIDATES_PER_PAGE + 3} sản phẩm được đề xuất, ở mọi trang" in unfiltered

    response = _schedule(cast, client, plan, query, all_matching="on", manual_number=here.number)
    assert response.status_code == 302
    scheduled_ids = set(Inspection.objects.filter(plan=plan).values_list("certificate_id", flat=True))
    assert scheduled_ids == {c.pk for c in there} | {here.pk}  # the filter's, on every page, and the typed one
    # Sent again (a second click): nothing is left to match, and nothing is written twice.
    again = _schedule(cast, client, plan, query, all_matching="on")
    assert again.status_code == 400 and Inspection.objects.filter(plan=plan).count() == len(there) + 1
    assert "Không còn sản phẩm nào phù hợp bộ lọc (đã có trong kế hoạch?)." in again.content.decode()


def test_a_filter_showing_too_many_products_asks_to_be_narrowed(cast, login, monkeypatch):
    monkeypatch.setattr("supervision.forms.plans.SCHEDULE_AT_ONCE_MAX", 2)
    plan = plan_for(cast)
    for _ in range(3):
        certificate_for(cast)
    client = login(cast.province_officer)
    response = _schedule(cast, client, plan, "", all_matching="on")
    assert response.status_code == 400 and not Inspection.objects.filter(plan=plan).exists()
    page = response.content.decode()
    assert "Bộ lọc chọn 3 sản phẩm, nhiều hơn 2 được đưa vào một lần: hãy lọc hẹp hơn (theo xã)." in page


def test_the_ministrys_plan_filters_its_5_star_products_by_province(cast, login):
    from supervision.choices import PlanLevel

    here = certificate_for(cast, star=5, name="Mật ong rừng Hương Rừng")
    far = certificate_for(cast, star=5, name="Chè Xa Xôi", producer=cast.other_producer_org)
    plan = services.plan_create(
        by=cast.central_officer,
        level=PlanLevel.MINISTRY,
        unit=None,
        year=timezone.localdate().year,
        number="99/KH-BNNMT",
        signed_on=timezone.localdate(),
        title="Kiểm tra sản phẩm 5 sao",
    )
    client = login(cast.central_officer)
    page = client.get(_plan_url(plan)).content.decode()
    assert 'name="province"' in page and 'data-cascade-from="id_province"' in page  # the communes follow the province
    assert here.product_name in page and far.product_name in page
    page = client.get(_plan_url(plan, province=cast.other_province.pk)).content.decode()
    assert far.product_name in page and here.product_name not in page
