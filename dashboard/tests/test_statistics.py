"""Programme statistics (issue 14): each figure against data built for it, drill-downs that give the same rows,
constant query counts, and who may read them."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from certificates.choices import CertificateStatus
from certificates.tests.factories import CertificateFactory, result_for
from dashboard.selectors.statistics import programme_statistics
from dashboard.tests.factories import not_recognised
from evaluation.models import CouncilResult
from evaluation.tests.factories import CouncilResultFactory
from ocop.testing import make_unit
from products.models import Producer
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard_statistics")
TODAY = date(2026, 12, 2)
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def certificate(producer, *, star=4, issued=date(2025, 3, 10), status=CertificateStatus.VALID, valid_until=None):
    product = ProductFactory(producer=producer)
    kwargs = {"product": product, "star": star, "issued_on": issued, "status": status}
    if valid_until:
        kwargs["valid_until"] = valid_until
    return CertificateFactory(**kwargs)


def build(cast):
    far = cast.other_producer_org
    certificate(cast.producer, star=3, issued=date(2024, 5, 1))
    certificate(cast.producer, star=4, issued=date(2025, 3, 10), valid_until=date(2027, 2, 14))
    certificate(cast.producer, star=4, issued=date(2025, 6, 1), status=CertificateStatus.REVOKED)
    certificate(far, star=5, issued=date(2025, 8, 5))


def row(rows, label):
    return next(r for r in rows if r["label"] == label)


def test_it_counts_live_certificates_by_star_in_the_users_scope(cast):
    build(cast)
    province = programme_statistics(user=cast.province_officer, today=TODAY)
    assert [s["count"] for s in province["stars"]] == [1, 1, 0]  # the revoked one and the other province's left out
    national = programme_statistics(user=cast.central_officer, today=TODAY)
    assert [s["count"] for s in national["stars"]] == [1, 1, 1]
    assert national["live_total"] == 3


def test_units_are_provinces_nationally_and_communes_in_a_province(cast):
    build(cast)
    national = programme_statistics(user=cast.central_officer, today=TODAY)
    assert national["unit_level"] == "province"
    assert row(national["units"], "Tỉnh Thử Nghiệm")["stars"] == [1, 1, 0]
    assert row(national["units"], "Tỉnh Khác")["stars"] == [0, 0, 1]
    province = programme_statistics(user=cast.province_officer, today=TODAY)
    assert province["unit_level"] == "commune"
    assert row(province["units"], "Xã Hoà An")["count"] == 2
    assert programme_statistics(user=cast.commune_officer, today=TODAY)["unit_level"] is None


def test_the_trend_counts_every_certificate_issued_each_year_whatever_its_status_now(cast):
    build(cast)
    years = programme_statistics(user=cast.central_officer, today=TODAY)["years"]
    assert [(r["label"], r["count"]) for r in years] == [(2024, 1), (2025, 3)]
    assert row(years, 2025)["stars"] == [0, 2, 1]


def test_expiring_counts_live_certificates_by_month_ahead(cast):
    build(cast)
    months = programme_statistics(user=cast.province_officer, today=TODAY)["expiring"]
    assert len(months) == 12 and months[0]["label"] == "12/2026"
    assert row(months, "02/2027")["count"] == 1
    assert row(months, "05/2027")["count"] == 1  # the 3-star one issued 01/05/2024
    assert sum(m["count"] for m in months) == 2  # the revoked one and the other province's are not counted


def test_producers_are_counted_by_legal_type(cast):
    Producer.objects.create(kind="household", name="Hộ Nguyễn Văn A", commune=cast.commune)
    kinds = programme_statistics(user=cast.province_officer, today=TODAY)["producer_kinds"]
    assert row(kinds, "Hợp tác xã")["count"] == 1
    assert row(kinds, "Hộ sản xuất, hộ gia đình có đăng ký kinh doanh")["count"] == 1


def test_producers_by_legal_type_drill_down_to_the_producer_list(cast, login):
    Producer.objects.create(kind="household", name="Hộ Nguyễn Văn A", commune=cast.commune)
    client = login(cast.province_officer)
    for r in programme_statistics(user=cast.province_officer, today=TODAY)["producer_kinds"]:
        assert client.get(r["url"]).context["page"].paginator.count == r["count"], r["label"]


def test_evaluated_against_recognised_per_year(cast):
    result_for(cast.producer, star=4)
    result_for(cast.producer, star=3, mean_score=Decimal("45.00"), band_star=2, final_star=2)
    evaluated = programme_statistics(user=cast.province_officer, today=TODAY)["evaluated"]
    assert len(evaluated) == 1
    assert evaluated[0]["evaluated"] == 2 and evaluated[0]["reached"] == 1


def test_a_dossier_scored_in_two_years_counts_once_in_its_round_and_in_each_year(cast, login):
    """Scored at 2★ in December, scored again at 4★ in January (a second result of the same dossier): evaluated in
    each of the two years, but one product of its round, which reached 3★, holds no certificate and was closed as
    not recognised (no longer waiting for a decision)."""
    first = not_recognised(cast.producer)
    second = CouncilResultFactory(registration=first.registration)
    for result, day in ((first, datetime(2025, 12, 20, 9, tzinfo=VN)), (second, datetime(2026, 1, 10, 9, tzinfo=VN))):
        CouncilResult.objects.filter(pk=result.pk).update(decided_at=day)  # auto_now_add
    stats = programme_statistics(user=cast.province_officer, today=TODAY)
    years = {r["label"]: (r["evaluated"], r["reached"], r["not_recognised"]) for r in stats["evaluated"]}
    assert years == {2025: (1, 0, 1), 2026: (1, 1, 1)}
    (in_round,) = stats["rounds"]
    assert (in_round["evaluated"], in_round["reached"], in_round["not_recognised"]) == (1, 1, 1)
    client = login(cast.province_officer)
    for figure in ("evaluated", "not_recognised"):
        assert client.get(in_round[f"{figure}_url"]).context["total"] == 1, figure


def test_each_figure_drills_down_to_the_certificates_that_make_it(cast, login):
    build(cast)
    client = login(cast.central_officer)
    stats = programme_statistics(user=cast.central_officer, today=TODAY)
    for figure in (stats["stars"], stats["units"], stats["sectors"], stats["product_sets"], stats["years"]):
        for r in figure:
            listed = client.get(r["url"]).context["page"].paginator.count
            assert listed == r["count"], (r["label"], r["url"])


def test_each_star_of_a_per_star_table_opens_its_certificates(cast, login):
    """The tables by year, unit, sector and product set count each row by star: each of those counts links to the
    row's certificate list narrowed to the star, which holds as many certificates."""
    import html
    import re

    build(cast)
    for user in (cast.central_officer, cast.province_officer):
        client = login(user)
        page = client.get(URL).content.decode()
        links = re.findall(r'<td class="text-end"><a href="([^"]*(?:\?|&amp;)star=[345])">(\d+)</a></td>', page)
        assert len(links) >= 12, len(links)  # the four tables, each at least a row of three stars
        for url, count in links:
            assert client.get(html.unescape(url)).context["page"].paginator.count == int(count), url


def test_a_page_costs_the_same_queries_for_one_or_many_certificates(cast, login, django_assert_max_num_queries):
    from django.core.cache import cache

    client = login(cast.central_officer)
    certificate(cast.producer)
    with django_assert_max_num_queries(12) as one:
        client.get(URL)
    for star in (3, 4, 5) * 5:
        certificate(cast.producer, star=star)
        certificate(cast.other_producer_org, star=star)
    cache.clear()  # factories write without the services that bump the figures' version
    with django_assert_max_num_queries(12) as many:
        client.get(URL)
    assert len(one.captured_queries) == len(many.captured_queries)


@pytest.mark.parametrize("who", ["commune_officer", "province_officer", "central_officer", "viewer", "admin"])
def test_officers_may_read_the_statistics(cast, login, who):
    response = login(getattr(cast, who)).get(URL)
    assert response.status_code == 200
    assert "Thống kê Chương trình OCOP" in response.content.decode()


@pytest.mark.parametrize("who", ["producer_owner", "council_member", "advisory_member"])
def test_other_roles_are_refused(cast, login, who):
    assert login(getattr(cast, who)).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_national_officer_narrows_to_a_province_and_an_unknown_one_is_ignored(cast, login):
    build(cast)
    client = login(cast.central_officer)
    narrowed = client.get(URL, {"province": cast.other_province.pk}).context["stats"]
    assert narrowed["live_total"] == 1 and narrowed["unit_level"] == "commune"
    for value in ("999999", "-1", "abc", "99999999999999999999999"):
        assert client.get(URL, {"province": value}).context["stats"]["live_total"] == 3


def test_a_province_officer_asking_for_another_province_gets_a_404(cast, login):
    build(cast)
    client = login(cast.province_officer)
    assert client.get(URL, {"province": cast.other_province.pk}).status_code == 404
    assert client.get(URL, {"province": cast.province.pk}).context["stats"]["live_total"] == 2


def test_the_method_is_get_only(cast, login):
    assert login(cast.province_officer).post(URL).status_code == 405


def test_units_can_be_those_in_force_before_the_2025_reform(cast, login):
    old_province = make_unit(level="province", code="06", name="Tỉnh Bắc Kạn", era="historic")
    old_district = make_unit(level="district", code="063", name="Huyện Na Rì", parent=old_province, era="historic")
    old_commune = make_unit(level="commune", code="01900", name="Xã Côn Minh", parent=old_district, era="historic")
    Producer.objects.filter(pk=cast.producer.pk).update(historic_commune=old_commune)
    build(cast)
    national = programme_statistics(user=cast.central_officer, today=TODAY, historic_units=True)
    assert row(national["units"], "Tỉnh Bắc Kạn")["count"] == 2
    assert row(national["units"], "—")["count"] == 1  # the other producer has no recorded old commune
    province = login(cast.province_officer).get(URL, {"units": "historic"}).context["stats"]
    assert row(province["units"], "Huyện Na Rì")["stars"] == [1, 1, 0]


def test_each_count_of_a_unit_before_the_reform_opens_the_certificates_it_counts(cast, login):
    """The rows by former district or province were plain numbers: the only figures of the page opening no list."""
    old_province = make_unit(level="province", code="06", name="Tỉnh Bắc Kạn", era="historic")
    old_district = make_unit(level="district", code="063", name="Huyện Na Rì", parent=old_province, era="historic")
    old_commune = make_unit(level="commune", code="01900", name="Xã Côn Minh", parent=old_district, era="historic")
    Producer.objects.filter(pk=cast.producer.pk).update(historic_commune=old_commune)
    build(cast)
    client = login(cast.province_officer)
    na_ri = row(client.get(URL, {"units": "historic"}).context["stats"]["units"], "Huyện Na Rì")
    listed = client.get(na_ri["url"])
    assert listed.context["page"].paginator.count == na_ri["count"] == 2
    assert [d["label"] for d in listed.context["drilldown"]] == ["Đơn vị trước 01/07/2025: Huyện Na Rì"]
    three_star = client.get(f"{na_ri['url']}&star=3").context["page"].paginator.count
    assert three_star == na_ri["stars"][0] == 1
    national = login(cast.central_officer)
    bac_kan = row(national.get(URL, {"units": "historic"}).context["stats"]["units"], "Tỉnh Bắc Kạn")
    assert national.get(bac_kan["url"]).context["page"].paginator.count == bac_kan["count"] == 2


def test_a_provinces_council_results_are_read_by_the_registrations_province_copy(cast):
    """Not through a join to every commune of the country: the figure list behind "evaluated" tested each of the
    country's 98,000 registrations against the results before (290 ms for a province at the national scale)."""
    from dashboard.selectors.statistics import council_results_in_scope

    sql = str(council_results_in_scope(cast.province_officer, None).query)
    assert '"evaluation_registration"."province_id" = ' in sql and "ocop_administrativeunit" not in sql


def test_the_summary_line_counts_in_english_singular_and_plural(cast, login):
    """The summary read "1 live certificates" and "6 producer": its counts are plural entries now."""
    client = login(cast.province_officer)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("dashboard_statistics")).content.decode()
    assert "0 live certificates" in body and "1 producer ·" in body and "0 dossiers in progress" in body
    client = login(cast.central_officer)
    client.cookies["django_language"] = "en"
    assert "2 producers ·" in client.get(reverse("dashboard_statistics")).content.decode()


def test_the_provinces_read_in_vietnamese_order(cast):
    """Hà Nội before Huế, Cà Mau before Cao Bằng, Đồng Nai between D and E: the table was sorted by code point, which
    put every Đ after Z and 'Huế' before 'Hà Nội'."""
    for code, name in (
        ("48", "Tỉnh Đồng Nai"),
        ("46", "Thành phố Huế"),
        ("04", "Tỉnh Cao Bằng"),
        ("96", "Tỉnh Cà Mau"),
    ):
        make_unit(level="province", code=code, name=name)
    make_unit(level="province", code="01", name="Thành phố Hà Nội")
    build(cast)
    labels = [unit["label"] for unit in programme_statistics(user=cast.central_officer, today=TODAY)["units"]]
    assert labels == [
        "Thành phố Hà Nội",
        "Thành phố Huế",
        "Tỉnh Cà Mau",
        "Tỉnh Cao Bằng",
        "Tỉnh Đồng Nai",
        "Tỉnh Khác",
        "Tỉnh Thử Nghiệm",
    ]
