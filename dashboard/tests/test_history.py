"""A province's history from 2018 on (issue 14): past rounds' products that were evaluated but not recognised,
recorded by form and by Excel (every row checked first, errors by row and column, all or nothing), and counted
with the certificates of that era in 'evaluated against recognised' per year and per round. Plan targets from
Excel by the same rules: test_plan_targets_import.py."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from certificates.tests.factories import CertificateFactory, DecisionFactory, ProductFactory
from dashboard.models import HistoricEvaluation
from dashboard.selectors.statistics import programme_statistics
from dashboard.services import historic_evaluations_record
from dashboard.tests.factories import workbook
from ocop.models import AdministrativeUnitSuccession
from ocop.testing import make_unit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


@pytest.fixture
def bac_kan(cast):
    """Bắc Kạn and Na Rì as they were before 1 July 2025; Côn Minh now lies in the cast's province."""
    old_province = make_unit(level="province", code="06", name="Tỉnh Bắc Kạn", era="historic")
    district = make_unit(level="district", code="063", name="Huyện Na Rì", parent=old_province, era="historic")
    commune = make_unit(level="commune", code="01900", name="Xã Côn Minh", parent=district, era="historic")
    AdministrativeUnitSuccession.objects.create(old=commune, new=cast.commune)
    return old_province, district


def past(by, product, unit, *, on, score="45.00", star=2, level="province"):
    return historic_evaluations_record(
        by=by,
        rows=[
            {
                "product": product,
                "evaluated_on": on,
                "mean_score": Decimal(score),
                "star": star,
                "level": level,
                "unit": unit,
            }
        ],
    )[0]


def na_ri_story(cast, old_province):
    """Seed 003: in 2018 Na Rì had 7 products evaluated and 6 recognised (one 4★, five 3★); in 2019 23 evaluated
    and 14 recognised at 3★ — all recognised by Bắc Kạn."""
    decision_2018 = DecisionFactory(issuer_name="UBND tỉnh Bắc Kạn", number="2172/QĐ-UBND", date=date(2018, 11, 23))
    decision_2019 = DecisionFactory(issuer_name="UBND tỉnh Bắc Kạn", number="1901/QĐ-UBND", date=date(2019, 12, 5))
    for star in (4, 3, 3, 3, 3, 3):
        CertificateFactory(product=ProductFactory(producer=cast.producer), decision=decision_2018, star=star)
    for _n in range(14):
        CertificateFactory(product=ProductFactory(producer=cast.producer), decision=decision_2019, star=3)
    officer = cast.province_officer
    past(officer, ProductFactory(producer=cast.producer), old_province, on=date(2018, 11, 2))
    for n in range(9):
        past(officer, ProductFactory(producer=cast.producer), old_province, on=date(2019, 11, 20), score=f"{40 + n}.50")


def by_label(rows, label):
    return next(r for r in rows if r["label"] == label)


def test_a_share_of_one_half_percent_rounds_up_as_a_report_reader_would(cast, bac_kan):
    """1 of 8 recognised is 12.5 %: printed 13 %, as a spreadsheet rounds it (Python's round() gave 12)."""
    decision = DecisionFactory(issuer_name="UBND tỉnh Bắc Kạn", number="15/QĐ-UBND", date=date(2020, 12, 1))
    CertificateFactory(product=ProductFactory(producer=cast.producer), decision=decision, star=3)
    for _n in range(7):
        past(cast.province_officer, ProductFactory(producer=cast.producer), bac_kan[0], on=date(2020, 11, 20))
    stats = programme_statistics(user=cast.province_officer, today=TODAY)
    y2020 = by_label(stats["evaluated"], 2020)
    assert (y2020["evaluated"], y2020["recognised"], y2020["share"]) == (8, 1, 13)


def test_past_rounds_count_in_evaluated_against_recognised_per_year(cast, bac_kan):
    na_ri_story(cast, bac_kan[0])
    stats = programme_statistics(user=cast.province_officer, today=TODAY)
    y2018, y2019 = by_label(stats["evaluated"], 2018), by_label(stats["evaluated"], 2019)
    assert (y2018["evaluated"], y2018["recognised"], y2018["not_recognised"], y2018["share"]) == (7, 6, 1, 86)
    assert (y2019["evaluated"], y2019["recognised"], y2019["share"]) == (23, 14, 61)
    assert by_label(stats["years"], 2018)["stars"] == [5, 1, 0]


def test_a_past_round_is_a_years_evaluations_by_one_organiser(cast, bac_kan):
    na_ri_story(cast, bac_kan[0])
    rounds = programme_statistics(user=cast.province_officer, today=TODAY)["rounds"]
    assert [(r["year"], r["label"], r["evaluated"], r["recognised"]) for r in rounds] == [
        (2018, "UBND tỉnh Bắc Kạn", 7, 6),
        (2019, "UBND tỉnh Bắc Kạn", 23, 14),
    ]


def test_past_evaluations_stay_in_their_province(cast, bac_kan):
    na_ri_story(cast, bac_kan[0])
    other = programme_statistics(user=cast.outsider, today=TODAY)
    assert other["evaluated"] == []
    national = programme_statistics(user=cast.central_officer, today=TODAY)
    assert by_label(national["evaluated"], 2019)["evaluated"] == 23


def test_the_rules_of_a_past_evaluation(cast, bac_kan):
    old_province, district = bac_kan
    product = ProductFactory(producer=cast.producer)
    officer = cast.province_officer
    with pytest.raises(ValidationError) as exc:  # no district council after the reform
        past(officer, product, district, on=date(2025, 8, 1), level="district")
    assert "evaluated_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # a day to come: today is the latest, and the message says it
        past(officer, product, old_province, on=date(2027, 1, 5), level="province")
    assert exc.value.message_dict["evaluated_on"] == ["Ngày đánh giá không thể sau hôm nay (02/12/2026)."]
    with pytest.raises(ValidationError) as exc:  # a district council is not the province's unit
        past(officer, product, old_province, on=date(2020, 8, 1), level="district")
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # another province's product
        past(officer, ProductFactory(producer=cast.other_producer_org), old_province, on=date(2020, 8, 1))
    assert "product" in exc.value.message_dict
    CertificateFactory(product=product, decision=DecisionFactory(date=date(2020, 9, 30)))
    with pytest.raises(ValidationError) as exc:  # recognised that day: recorded as a certificate, not here
        past(officer, product, old_province, on=date(2020, 9, 30))
    assert "product" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        past(cast.viewer, product, old_province, on=date(2020, 8, 1))
    past(officer, product, district, on=date(2020, 7, 29), score="59.00", star=3, level="district")
    evaluation = HistoricEvaluation.objects.get()
    assert evaluation.issuer_name == "UBND huyện Na Rì"


@pytest.mark.parametrize("day", [date(2005, 3, 1), date(2018, 5, 6)])
def test_a_past_evaluation_before_the_programme_is_refused(cast, bac_kan, day):
    """Quyết định 490/QĐ-TTg of 07/05/2018 began the programme; evaluations from 01/01/2018 on were accepted."""
    with pytest.raises(ValidationError) as exc:
        past(cast.province_officer, ProductFactory(producer=cast.producer), bac_kan[0], on=day)
    assert exc.value.message_dict == {"evaluated_on": [BEFORE_THE_PROGRAMME]}
    past(cast.province_officer, ProductFactory(producer=cast.producer), bac_kan[0], on=date(2018, 5, 7))


BEFORE_THE_PROGRAMME = (
    "Chương trình OCOP bắt đầu từ ngày 07/05/2018 (Quyết định 490/QĐ-TTg): không có đánh giá sản phẩm OCOP trước "
    "ngày này. Kiểm tra lại ngày đã nhập."
)


EVALUATION_HEADINGS = [
    "Mã số thuế chủ thể",
    "Tên chủ thể",
    "Tên sản phẩm",
    "Ngày đánh giá",
    "Điểm",
    "Hạng sao đạt",
    "Cấp đánh giá",
    "Đơn vị lúc đánh giá",
]


def test_the_evaluation_template_has_the_import_headings(cast, login):
    response = login(cast.province_officer).get(reverse("dashboard_historic_evaluation_template"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    headings = next(book.worksheets[0].iter_rows(values_only=True))
    assert set(EVALUATION_HEADINGS) <= set(headings)


def test_an_evaluation_file_with_one_bad_row_writes_nothing_and_names_row_and_column(cast, login, bac_kan):
    product = ProductFactory(producer=cast.producer, name="Miến dong Tân An")
    producer = cast.producer.name
    upload = workbook(
        EVALUATION_HEADINGS,
        ["", producer, "Miến dong Tân An", "20/11/2019", 45.5, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"],
        ["", producer, "Miến dong Tân An", "31/02/2019", 45.5, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"],
        ["", producer, "Không có", "20/11/2019", 145, 7, "Hội đồng cấp xã", "Tỉnh Lạ"],
    )
    response = login(cast.province_officer).post(reverse("dashboard_historic_evaluation_import"), {"file": upload})
    assert response.status_code == 400
    errors = {(e["row"], e["column"]) for e in response.context["errors"]}
    assert (3, "Ngày đánh giá") in errors
    assert {
        (4, "Tên sản phẩm"),
        (4, "Điểm"),
        (4, "Hạng sao đạt"),
        (4, "Cấp đánh giá"),
        (4, "Đơn vị lúc đánh giá"),
    } <= errors
    assert not HistoricEvaluation.objects.exists()
    good = workbook(
        EVALUATION_HEADINGS,
        ["", producer, "Miến dong Tân An", "20/11/2019", "45,5", 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"],
        ["", producer, "Miến dong Tân An", "29/07/2020", 59, 3, "Hội đồng cấp huyện (cũ)", "Huyện Na Rì"],
    )
    response = login(cast.province_officer).post(reverse("dashboard_historic_evaluation_import"), {"file": good})
    assert response.status_code == 302
    assert list(HistoricEvaluation.objects.order_by("evaluated_on").values_list("product", "mean_score", "level")) == [
        (product.pk, Decimal("45.50"), "province"),
        (product.pk, Decimal("59.00"), "district"),
    ]


def test_an_evaluation_row_may_name_its_product_by_its_code(cast, login, bac_kan):
    # The template's first column; any code in it used to answer 500 (the code is not a column of its own).
    coded = ProductFactory(
        producer=cast.producer, code_province="90", code_commune="90001", code_serial=7, code_year=2019
    )
    legacy = ProductFactory(producer=cast.producer, code_serial=None, legacy_code="BK-NR-2018-03")
    ProductFactory(producer=cast.producer, code_province="90", code_commune="90001", code_serial=8, code_year=2020)
    headings = ["Mã số sản phẩm", *EVALUATION_HEADINGS[3:]]
    client = login(cast.province_officer)
    url = reverse("dashboard_historic_evaluation_import")
    # No product 9 in the commune (a code of another year names product 8 still: its last part is a year of
    # evaluation, products.selectors.products_by_code).
    unknown = workbook(headings, ["90-90001-9-2019", "20/11/2019", 45, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"])
    response = client.post(url, {"file": unknown})
    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.context["errors"]] == [(2, "Mã số sản phẩm")]
    upload = workbook(
        headings,
        ["90-90001-7-2019", "20/11/2019", 45, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"],
        ["BK-NR-2018-03", "02/11/2018", 41, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"],
    )
    assert client.post(url, {"file": upload}).status_code == 302
    assert set(HistoricEvaluation.objects.values_list("product", "evaluated_on")) == {
        (coded.pk, date(2019, 11, 20)),
        (legacy.pk, date(2018, 11, 2)),
    }


def test_an_evaluation_row_names_its_producer_by_a_tax_code_excel_took_for_a_number(cast, login, bac_kan):
    """0100109106 typed into a cell arrives as the number 100109106: the producer was not found."""
    cast.producer.tax_code = "0100109106"
    cast.producer.save(update_fields=["tax_code"])
    product = ProductFactory(producer=cast.producer, name="Miến dong Tân An")
    row = [100109106, "", "Miến dong Tân An", "20/11/2019", 45, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"]
    response = login(cast.province_officer).post(
        reverse("dashboard_historic_evaluation_import"), {"file": workbook(EVALUATION_HEADINGS, row)}
    )
    assert response.status_code == 302
    assert HistoricEvaluation.objects.get().product == product


def test_the_same_evaluation_twice_in_a_file_is_a_row_error(cast, login, bac_kan):
    ProductFactory(producer=cast.producer, name="Miến dong Tân An")
    row = ["", cast.producer.name, "Miến dong Tân An", "20/11/2019", 45, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"]
    response = login(cast.province_officer).post(
        reverse("dashboard_historic_evaluation_import"), {"file": workbook(EVALUATION_HEADINGS, row, row)}
    )
    assert response.status_code == 400
    assert [e["row"] for e in response.context["errors"]] == [3]
    assert not HistoricEvaluation.objects.exists()


ALREADY_RECORDED = "Sản phẩm này đã có kết quả đánh giá cùng ngày, cùng cấp."


def test_an_evaluation_already_recorded_is_a_row_error_naming_its_column(cast, login, bac_kan):
    """The row clashed only on writing: the whole file was refused with one message naming no row (HTTP 200)."""
    product = ProductFactory(producer=cast.producer, name="Miến dong Tân An")
    past(cast.province_officer, product, bac_kan[0], on=date(2019, 11, 20))
    upload = workbook(
        EVALUATION_HEADINGS,
        ["", cast.producer.name, "Miến dong Tân An", "29/07/2020", 59, 3, "Hội đồng cấp huyện (cũ)", "Huyện Na Rì"],
        ["", cast.producer.name, "Miến dong Tân An", "20/11/2019", 45, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"],
    )
    response = login(cast.province_officer).post(reverse("dashboard_historic_evaluation_import"), {"file": upload})
    assert response.status_code == 400
    assert [(e["row"], e["column"], e["message"]) for e in response.context["errors"]] == [
        (3, "Tên sản phẩm", ALREADY_RECORDED)
    ]
    assert not response.context["form"].non_field_errors()
    assert HistoricEvaluation.objects.count() == 1


def test_the_form_refuses_an_evaluation_already_recorded_next_to_the_product(cast, login, bac_kan):
    product = ProductFactory(producer=cast.producer)
    past(cast.province_officer, product, bac_kan[0], on=date(2019, 11, 20))
    response = login(cast.province_officer).post(
        reverse("dashboard_historic_evaluation_create"),
        {
            "product": product.pk,
            "evaluated_on": "20/11/2019",
            "mean_score": "48.25",
            "star": "2",
            "level": "province",
            "unit": bac_kan[0].pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"product": [ALREADY_RECORDED]}
    assert HistoricEvaluation.objects.count() == 1


def test_an_evaluation_already_recorded_and_a_wrong_star_in_one_row_are_both_said(cast, login, bac_kan):
    """The row's existing record was looked for only once its other cells were right: a star its score cannot give
    was refused first, the evaluation recorded already only on the next import."""
    product = ProductFactory(producer=cast.producer, name="Miến dong Tân An")
    past(cast.province_officer, product, bac_kan[0], on=date(2019, 11, 20))
    row = ["", cast.producer.name, "Miến dong Tân An", "20/11/2019", 45, 9, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"]
    response = login(cast.province_officer).post(
        reverse("dashboard_historic_evaluation_import"), {"file": workbook(EVALUATION_HEADINGS, row)}
    )
    assert response.status_code == 400
    found = [(e["row"], e["column"], e["message"]) for e in response.context["errors"]]
    assert (2, "Tên sản phẩm", ALREADY_RECORDED) in found
    assert any(r == 2 and c.startswith("Hạng sao") for r, c, _m in found), found
    assert HistoricEvaluation.objects.count() == 1


def test_the_form_says_an_evaluation_already_recorded_with_its_other_errors(cast, login, bac_kan):
    product = ProductFactory(producer=cast.producer)
    past(cast.province_officer, product, bac_kan[0], on=date(2019, 11, 20))
    data = {
        "product": product.pk,
        "evaluated_on": "20/11/2019",
        "mean_score": "148",
        "star": "2",
        "level": "province",
        "unit": bac_kan[0].pk,
    }
    response = login(cast.province_officer).post(reverse("dashboard_historic_evaluation_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["product"] == [ALREADY_RECORDED] and "mean_score" in errors
    assert 'value="148"' in response.content.decode()
    assert HistoricEvaluation.objects.count() == 1


def test_a_viewer_may_not_import(cast, login):
    assert login(cast.viewer).post(reverse("dashboard_historic_evaluation_import")).status_code == 403


def test_the_form_records_one_past_evaluation(cast, login, bac_kan):
    product = ProductFactory(producer=cast.producer)
    response = login(cast.province_officer).post(
        reverse("dashboard_historic_evaluation_create"),
        {
            "product": product.pk,
            "evaluated_on": "20/11/2019",
            "mean_score": "48.25",
            "star": "2",
            "level": "province",
            "unit": bac_kan[0].pk,
        },
    )
    assert response.status_code == 302
    assert HistoricEvaluation.objects.get().issuer_name == "UBND tỉnh Bắc Kạn"


def test_the_statistics_page_costs_the_same_queries_at_1_and_1000_rows(
    cast, login, bac_kan, django_assert_max_num_queries
):
    """Every figure is an aggregate: a thousand certificates and a thousand past evaluations add no query (the
    figures computed, not read from the cache: bulk writes bypass the services that bump its version)."""
    from django.core.cache import cache

    from dashboard.tests.bulk import bulk_certificates, bulk_products

    client = login(cast.province_officer)
    product = ProductFactory(producer=cast.producer)
    past(cast.province_officer, product, bac_kan[0], on=date(2019, 1, 2))
    CertificateFactory(product=product, decision=DecisionFactory(date=date(2020, 3, 3)))
    url = reverse("dashboard_statistics")
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    # A thousand products recognised, a thousand others evaluated and not (the figures count products).
    recognised, not_recognised = bulk_products(product, 1000), bulk_products(product, 1000)
    bulk_certificates(product, 1000, issued=date(2021, 1, 1), valid_until=date(2027, 1, 1), products=recognised)
    HistoricEvaluation.objects.bulk_create(
        [
            HistoricEvaluation(
                product=not_recognised[n],
                evaluated_on=date(2019, 1, 3) + (date(2019, 1, 2) - date(2019, 1, 1)) * n,
                mean_score=40,
                star=2,
                level="province",
                unit=bac_kan[0],
                issuer_name="UBND tỉnh Bắc Kạn",
            )
            for n in range(1000)
        ]
    )
    cache.clear()
    with django_assert_max_num_queries(12) as many:
        response = client.get(url)
    assert len(one.captured_queries) == len(many.captured_queries)
    stats = response.context["stats"]
    assert by_label(stats["evaluated"], 2021)["recognised"] == 1000
    assert sum(r["evaluated"] for r in stats["evaluated"]) == 1 + 1 + 1000 + 1000


def test_a_past_evaluation_recorded_by_mistake_is_deleted_by_an_officer_of_its_unit(cast, login, bac_kan):
    evaluation = past(cast.province_officer, ProductFactory(producer=cast.producer), bac_kan[0], on=date(2019, 5, 5))
    url = reverse("dashboard_historic_evaluation_delete", args=[evaluation.pk])
    assert login(cast.viewer).post(url).status_code == 403
    assert login(cast.outsider).post(url).status_code == 404
    assert login(cast.province_officer).post(url).status_code == 302
    assert not HistoricEvaluation.objects.exists()


def test_a_years_past_rounds_read_in_vietnamese_order(cast, bac_kan):
    """Chợ Đồn before Chợ Mới: the rounds were sorted by code point, which puts every Đ after Z."""
    old_province, _district = bac_kan
    for name, code in (("Huyện Chợ Mới", "065"), ("Huyện Chợ Đồn", "064")):
        district = make_unit(level="district", code=code, name=name, parent=old_province, era="historic")
        commune = make_unit(level="commune", code=f"{code}01", name=f"Xã của {name}", parent=district, era="historic")
        AdministrativeUnitSuccession.objects.create(old=commune, new=cast.commune)  # now in the cast's province
        product = ProductFactory(producer=cast.producer)
        past(cast.province_officer, product, district, on=date(2020, 8, 1), level="district")
    rounds = programme_statistics(user=cast.province_officer, today=TODAY)["rounds"]
    assert [r["label"] for r in rounds] == ["UBND huyện Chợ Đồn", "UBND huyện Chợ Mới"]


@pytest.mark.parametrize(("score", "star"), [("40", "4"), ("95", "1"), ("49.99", "3")])
def test_the_form_refuses_a_star_the_score_cannot_give(cast, login, bac_kan, score, star):
    """40 points with 4★ was recorded, and the statistics then counted it as "reached 3★" (D26 Điều 3.3 bands)."""
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "evaluated_on": "20/11/2019",
        "mean_score": score,
        "star": star,
        "level": "province",
        "unit": bac_kan[0].pk,
    }
    response = login(cast.province_officer).post(reverse("dashboard_historic_evaluation_create"), data)
    assert response.status_code == 200 and not HistoricEvaluation.objects.exists()
    assert "(Điều 3.3): không thể đạt" in response.context["form"].errors["star"][0]


@pytest.mark.parametrize(
    ("score", "star"),
    [("40", 2), ("29.99", 1), ("75", 4), ("75", 3), ("75", 2), ("95", 0), ("10", 0)],
    ids=["band", "band_1", "band_4", "minimum_missed_4", "minimum_missed_3", "eliminated", "eliminated_low"],
)
def test_a_star_of_the_band_or_lowered_by_a_missed_minimum_is_recorded(cast, bac_kan, score, star):
    """The star-minimum markers lower a star under its band (a missed 3★ minimum leaves 2★); 0 is "không xếp
    hạng" (eliminated) whatever the score."""
    product = ProductFactory(producer=cast.producer)
    past(cast.province_officer, product, bac_kan[0], on=date(2019, 11, 20), score=score, star=star)
    assert HistoricEvaluation.objects.get().star == star


def test_an_evaluation_file_row_with_a_star_the_score_cannot_give_names_the_column(cast, login, bac_kan):
    ProductFactory(producer=cast.producer, name="Miến dong Tân An")
    row = ["", cast.producer.name, "Miến dong Tân An", "20/11/2019", 40, 4, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"]
    response = login(cast.province_officer).post(
        reverse("dashboard_historic_evaluation_import"), {"file": workbook(EVALUATION_HEADINGS, row)}
    )
    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.context["errors"]] == [(2, "Hạng sao đạt")]
    assert not HistoricEvaluation.objects.exists()


def test_the_form_refuses_an_evaluation_before_the_programme_next_to_its_date(cast, login, bac_kan):
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "evaluated_on": "20/04/2018",
        "mean_score": "45",
        "star": "2",
        "level": "province",
        "unit": bac_kan[0].pk,
    }
    response = login(cast.province_officer).post(reverse("dashboard_historic_evaluation_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"evaluated_on": [BEFORE_THE_PROGRAMME]}
    assert 'value="20/04/2018"' in response.content.decode()
    assert not HistoricEvaluation.objects.exists()


def test_an_evaluation_file_row_before_the_programme_names_its_row_and_column(cast, login, bac_kan):
    ProductFactory(producer=cast.producer, name="Miến dong Tân An")
    rows = [
        ["", cast.producer.name, "Miến dong Tân An", "20/11/2019", 45, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"],
        ["", cast.producer.name, "Miến dong Tân An", "02/05/2018", 45, 2, "Hội đồng cấp tỉnh", "Tỉnh Bắc Kạn"],
    ]
    response = login(cast.province_officer).post(
        reverse("dashboard_historic_evaluation_import"), {"file": workbook(EVALUATION_HEADINGS, *rows)}
    )
    assert response.status_code == 400
    assert [(e["row"], e["column"], e["message"]) for e in response.context["errors"]] == [
        (3, "Ngày đánh giá", BEFORE_THE_PROGRAMME)
    ]
    assert not HistoricEvaluation.objects.exists()
