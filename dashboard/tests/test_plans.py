"""Plans and targets (issue 14, Điều 10.3a): achieved counts computed from certificates, the pipeline, the roll-up
of historic units through the old → new mapping, and who may read and record plans."""

import datetime as dt
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.tests.factories import CertificateFactory, RegistrationFactory
from dashboard.choices import TargetMetric as M
from dashboard.models import Plan
from dashboard.selectors.plans import plan_progress, target_certificates
from dashboard.services import plan_create, plan_targets_add, plan_update
from evaluation.choices import RegistrationKind, RegistrationStatus
from ocop.models import AdministrativeUnitSuccession
from ocop.testing import make_unit
from products.models import Producer
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": date(2024, 1, 1), "period_end": date(2024, 12, 31)}
DURING = dt.datetime(2024, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # the plans' last month


def fields(unit, **extra):
    return (
        {"unit": unit, "number": "58/KH-UBND", "signed_on": date(2024, 3, 18), "title": "Kế hoạch OCOP 2024"}
        | PERIOD
        | extra
    )


def cert(product, star, issued):
    return CertificateFactory(product=product, star=star, issued_on=issued)


def progress_by_metric(plan):
    return {(row["target"].metric, row["target"].star, row["target"].from_star): row for row in plan_progress(plan)}


def tuyen_quang_story(cast):
    """The Tuyên Quang 2024 plan (seed 002): re-evaluate one 3-star product, bring products to 3 stars or more,
    raise one product from 4 to 5 stars — and what the province's records give for 2024."""
    p = cast.producer
    kept = ProductFactory(producer=p)
    cert(kept, 3, date(2021, 5, 1))
    cert(kept, 3, date(2024, 4, 25))  # re-evaluated before the 2021 certificate expired, kept 3 stars
    raised = ProductFactory(producer=p)
    cert(raised, 4, date(2022, 1, 10))
    cert(raised, 5, date(2024, 9, 1))  # upgraded 4 → 5
    for issued in (date(2024, 2, 1), date(2024, 11, 30)):
        cert(ProductFactory(producer=p), 3, issued)  # two new products
    cert(ProductFactory(producer=p), 4, date(2025, 1, 2))  # after the period: not counted
    cert(ProductFactory(producer=cast.other_producer_org), 3, date(2024, 6, 1))  # another province
    RegistrationFactory(
        product=ProductFactory(producer=p), kind=RegistrationKind.FIRST, status=RegistrationStatus.FORWARDED
    )
    return plan_create(
        by=cast.province_officer,
        fields=fields(cast.province),
        targets=[
            {"metric": M.REEVALUATED, "star": 3, "quantity": 1},
            {"metric": M.NEW_RECOGNISED, "quantity": 17},
            {"metric": M.UPGRADED, "from_star": 4, "star": 5, "quantity": 1},
            {"metric": M.RECOGNISED_STAR, "star": 3, "quantity": 10},
            {"metric": M.NEW_PRODUCERS, "quantity": 2},
        ],
    )


@time_machine.travel(DURING, tick=False)  # the plan runs: a dossier under evaluation may still count
def test_achieved_is_computed_from_certificates_for_each_kind_of_target(cast):
    plan = tuyen_quang_story(cast)
    rows = progress_by_metric(plan)
    assert rows[(M.REEVALUATED, 3, None)]["achieved"] == 1
    assert rows[(M.NEW_RECOGNISED, None, None)]["achieved"] == 2
    assert rows[(M.NEW_RECOGNISED, None, None)]["share"] == 12  # 2 of 17
    assert rows[(M.NEW_RECOGNISED, None, None)]["pipeline"] == 1  # a first evaluation under way
    assert rows[(M.UPGRADED, 5, 4)]["achieved"] == 1
    assert rows[(M.UPGRADED, 5, 4)]["share"] == 100
    assert rows[(M.RECOGNISED_STAR, 3, None)]["achieved"] == 2  # the two new ones: the re-evaluated one is re-evaluated
    assert rows[(M.NEW_PRODUCERS, None, None)]["achieved"] == 0  # the cooperative had certificates before 2024


def test_a_certificate_counts_under_the_kind_of_the_dossier_it_came_from(cast):
    """A product whose certificate lapsed comes back through a first evaluation (the registration form requires it):
    recognised again, it is not a new product (it was recognised before: only a first recognition is), nor a
    re-evaluation (the filing before expiry that keeps the certificate, Điều 7.6a, 12.3), but a recognition at its
    star. A re-evaluation dossier's certificate counts as re-evaluated."""
    lapsed = ProductFactory(producer=cast.producer)
    cert(lapsed, 4, date(2018, 11, 23))  # expired in 2021, before the period
    again = RegistrationFactory(product=lapsed, kind=RegistrationKind.FIRST, status=RegistrationStatus.DECIDED)
    CertificateFactory(product=lapsed, star=4, issued_on=date(2024, 6, 1), registration=again)
    renewed = ProductFactory(producer=cast.producer)
    cert(renewed, 3, date(2021, 5, 1))
    dossier = RegistrationFactory(
        product=renewed, kind=RegistrationKind.REEVALUATION, status=RegistrationStatus.DECIDED
    )
    CertificateFactory(product=renewed, star=3, issued_on=date(2024, 5, 2), registration=dossier)
    plan = plan_create(
        by=cast.province_officer,
        fields=fields(cast.province),
        targets=[
            {"metric": M.NEW_RECOGNISED, "quantity": 5},
            {"metric": M.REEVALUATED, "quantity": 5},
            {"metric": M.UPGRADED, "quantity": 5},
            {"metric": M.RECOGNISED_STAR, "star": 4, "quantity": 5},
        ],
    )
    rows = progress_by_metric(plan)
    assert rows[(M.NEW_RECOGNISED, None, None)]["achieved"] == 0
    assert rows[(M.REEVALUATED, None, None)]["achieved"] == 1
    assert rows[(M.UPGRADED, None, None)]["achieved"] == 0
    assert rows[(M.RECOGNISED_STAR, 4, None)]["achieved"] == 1
    new_target = plan.targets.get(metric=M.NEW_RECOGNISED)
    assert list(target_certificates(new_target)) == []  # the list behind the number


def test_a_new_producer_counts_once_whatever_its_number_of_products(cast):
    newcomer = Producer.objects.create(kind="household", name="Hộ Lò Văn Pằng", commune=cast.commune)
    for issued in (date(2024, 4, 1), date(2024, 8, 1)):
        cert(ProductFactory(producer=newcomer), 3, issued)
    plan = plan_create(
        by=cast.province_officer, fields=fields(cast.province), targets=[{"metric": M.NEW_PRODUCERS, "quantity": 3}]
    )
    assert plan_progress(plan)[0]["achieved"] == 1


def test_a_communes_plan_counts_its_own_products_and_rolls_up_in_the_provinces_plan(cast):
    cert(ProductFactory(producer=cast.producer), 3, date(2024, 4, 1))
    other = Producer.objects.create(kind="coop", name="HTX Bình Minh", commune=cast.other_commune)
    cert(ProductFactory(producer=other), 3, date(2024, 4, 1))
    commune_plan = plan_create(
        by=cast.commune_officer,
        fields=fields(cast.commune, number="12/KH-UBND"),
        targets=[{"metric": M.NEW_RECOGNISED, "quantity": 1}],
    )
    province_plan = plan_create(
        by=cast.province_officer, fields=fields(cast.province), targets=[{"metric": M.NEW_RECOGNISED, "quantity": 5}]
    )
    assert plan_progress(commune_plan)[0]["achieved"] == 1
    assert plan_progress(province_plan)[0]["achieved"] == 2
    assert commune_plan.province == cast.province  # the commune's plan is in the province's list
    assert set(Plan.objects.for_user(cast.province_officer)) == {commune_plan, province_plan}
    assert set(Plan.objects.for_user(cast.commune_officer)) == {commune_plan}


def test_a_plan_of_an_old_district_counts_under_todays_communes(cast):
    old_province = make_unit(level="province", code="06", name="Tỉnh Bắc Kạn", era="historic")
    old_district = make_unit(level="district", code="063", name="Huyện Na Rì", parent=old_province, era="historic")
    old_commune = make_unit(level="commune", code="01900", name="Xã Côn Minh", parent=old_district, era="historic")
    AdministrativeUnitSuccession.objects.create(old=old_commune, new=cast.commune)
    cert(ProductFactory(producer=cast.producer), 4, date(2019, 6, 1))
    plan = plan_create(
        by=cast.province_officer,
        fields=fields(old_district, number="15/KH-UBND", period_start=date(2019, 1, 1), period_end=date(2019, 12, 31)),
        targets=[{"metric": M.NEW_RECOGNISED, "quantity": 4}],
    )
    assert plan.province == cast.province
    assert plan_progress(plan)[0]["achieved"] == 1
    assert plan in Plan.objects.for_user(cast.province_officer)
    assert plan not in Plan.objects.for_user(cast.outsider)


def test_targets_must_name_what_they_count(cast):
    with pytest.raises(ValidationError) as err:
        plan_create(
            by=cast.province_officer,
            fields=fields(cast.province),
            targets=[{"metric": M.RECOGNISED_STAR, "quantity": 2}],
        )
    assert "star" in err.value.message_dict
    with pytest.raises(ValidationError):
        plan_create(
            by=cast.province_officer,
            fields=fields(cast.province),
            targets=[{"metric": M.UPGRADED, "from_star": 4, "star": 3, "quantity": 1}],
        )
    with pytest.raises(ValidationError):
        plan_create(by=cast.province_officer, fields=fields(cast.province), targets=[])
    assert not Plan.objects.exists()  # nothing half-written


def test_an_officer_cannot_record_a_plan_outside_the_unit(cast):
    with pytest.raises(PermissionDenied):
        plan_create(
            by=cast.outsider, fields=fields(cast.province), targets=[{"metric": M.NEW_RECOGNISED, "quantity": 1}]
        )
    with pytest.raises(PermissionDenied):
        plan_create(
            by=cast.commune_officer, fields=fields(cast.province), targets=[{"metric": M.NEW_RECOGNISED, "quantity": 1}]
        )
    with pytest.raises(PermissionDenied):
        plan_create(by=cast.viewer, fields=fields(cast.province), targets=[{"metric": M.NEW_RECOGNISED, "quantity": 1}])


def test_the_same_plan_twice_is_refused_with_a_message(cast):
    target = [{"metric": M.NEW_RECOGNISED, "quantity": 1}]
    plan_create(by=cast.province_officer, fields=fields(cast.province), targets=target)
    with pytest.raises(ValidationError):
        plan_create(by=cast.province_officer, fields=fields(cast.province), targets=target)
    assert Plan.objects.count() == 1


# ---------------------------------------------------------------- pages


def form_data(cast, **extra):
    data = {
        "unit": cast.province.pk,
        "number": "58/KH-UBND",
        "signed_on": "18/03/2024",
        "title": "Kế hoạch thực hiện Chương trình OCOP năm 2024",
        "period_start": "01/01/2024",
        "period_end": "31/12/2024",
        "target-TOTAL_FORMS": "2",
        "target-INITIAL_FORMS": "0",
        "target-0-metric": M.NEW_RECOGNISED,
        "target-0-quantity": "17",
        "target-1-metric": "",
    }
    return data | extra


def test_an_officer_records_a_plan_with_its_document_in_the_browser_form(cast, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("kh58.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = login(cast.province_officer).post(reverse("dashboard_plan_create"), form_data(cast, document=pdf))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("dashboard_plan_detail", args=[plan.pk])
    assert plan.targets.get().quantity == 17 and plan.document


@pytest.mark.parametrize(
    "row",
    [
        {"target-1-note": "Ưu tiên sản phẩm của đồng bào dân tộc thiểu số"},
        {"target-1-star": "4"},
        {"target-1-from_star": "3"},
        {"target-1-sector": "sector"},
    ],
)
def test_a_row_filled_in_without_its_target_is_refused_not_dropped(cast, login, row):
    """A row with a note, a star or a sector but no target was taken for an empty row: the plan was recorded without
    it and what was typed was lost without a word. It is refused next to the row's target, and kept."""
    if "target-1-sector" in row:
        from products.models import Sector

        row = {"target-1-sector": str(Sector.objects.order_by("order").first().pk)}
    response = login(cast.province_officer).post(reverse("dashboard_plan_create"), form_data(cast, **row))
    assert response.status_code == 200 and not Plan.objects.exists()
    second = response.context["targets"].forms[1]
    assert second.errors["metric"] == ["Chọn chỉ tiêu."]
    ((key, value),) = row.items()
    assert second[key.removeprefix("target-1-")].value() == value


def test_a_plan_whose_targets_fail_to_be_written_leaves_its_document_nowhere(cast, settings, tmp_path, monkeypatch):
    """The document is stored with the plan's row, before the targets are written: the database refusing the
    targets rolled the rows back but left the file in storage, with no plan naming it."""
    from django.db import IntegrityError

    from dashboard.models import PlanTarget

    settings.MEDIA_ROOT = tmp_path

    def refused(*args, **kwargs):
        raise IntegrityError("the database refused the targets")

    monkeypatch.setattr(PlanTarget.objects, "bulk_create", refused)
    pdf = SimpleUploadedFile("kh58.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    with pytest.raises(IntegrityError):
        plan_create(
            by=cast.province_officer,
            fields=fields(cast.province),
            targets=[{"metric": M.NEW_RECOGNISED, "quantity": 17}],
            document=pdf,
        )
    assert not Plan.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_bad_form_keeps_what_was_typed_and_says_why_next_to_the_field(cast, login):
    bad = form_data(cast, period_end="01/01/2023", **{"target-0-quantity": ""})
    response = login(cast.province_officer).post(reverse("dashboard_plan_create"), bad)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ngày kết thúc không thể trước ngày bắt đầu (01/01/2024)." in html and "Nhập số lượng của chỉ tiêu." in html
    assert 'value="58/KH-UBND"' in html
    assert not Plan.objects.exists()


def test_a_document_that_is_not_a_pdf_is_refused(cast, login):
    fake = SimpleUploadedFile("kh58.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = login(cast.province_officer).post(reverse("dashboard_plan_create"), form_data(cast, document=fake))
    assert "Tệp phải là PDF." in response.content.decode()
    assert not Plan.objects.exists()


def test_the_unit_choice_is_limited_to_the_officers_scope(cast, login):
    response = login(cast.province_officer).post(
        reverse("dashboard_plan_create"), form_data(cast, unit=cast.other_province.pk)
    )
    assert response.status_code == 200 and not Plan.objects.exists()


def test_the_form_opens_on_the_officers_own_unit_listed_before_its_communes(cast, login):
    ward = make_unit(level="commune", code="90999", name="Phường An Bình", parent=cast.province)
    html = login(cast.province_officer).get(reverse("dashboard_plan_create")).content.decode()
    options = html[html.index('name="unit"') : html.index("</select>", html.index('name="unit"'))]
    # The province is chosen and comes first, though its wards' names sort before "Tỉnh".
    assert options.index(f'value="{cast.province.pk}" selected') < options.index(f'value="{ward.pk}"')

    html = login(cast.commune_officer).get(reverse("dashboard_plan_create")).content.decode()
    assert f'<option value="{cast.commune.pk}" selected>' in html


@pytest.mark.parametrize("who", ["province_officer", "central_officer", "viewer", "commune_officer"])
def test_plan_pages_open_for_officers_of_the_unit(cast, login, who):
    plan = tuyen_quang_story(cast)
    client = login(getattr(cast, who))
    assert client.get(reverse("dashboard_plan_list")).status_code == 200
    if who == "commune_officer":  # a province's plan is not the commune's
        assert client.get(reverse("dashboard_plan_detail", args=[plan.pk])).status_code == 404
        return
    detail = client.get(reverse("dashboard_plan_detail", args=[plan.pk]))
    assert detail.status_code == 200 and "58/KH-UBND" in detail.content.decode()
    target = plan.targets.get(metric=M.NEW_RECOGNISED)
    listed = client.get(reverse("dashboard_plan_target_detail", args=[plan.pk, target.pk]))
    assert listed.status_code == 200 and listed.content.decode().count('data-testid="target-certificate"') == 2


def test_a_target_reads_the_same_on_the_plan_and_on_its_own_page(cast, login):
    plan = tuyen_quang_story(cast)
    client = login(cast.province_officer)
    detail = client.get(reverse("dashboard_plan_detail", args=[plan.pk])).content.decode()
    assert "Sản phẩm được nâng hạng sao từ 4 sao lên 5 sao" in detail
    assert "Sản phẩm được công nhận theo hạng sao 3 sao" in detail
    upgraded = plan.targets.get(metric=M.UPGRADED)
    page = client.get(reverse("dashboard_plan_target_detail", args=[plan.pk, upgraded.pk])).content.decode()
    assert '<h1 class="page-title">Sản phẩm được nâng hạng sao từ 4 sao lên 5 sao</h1>' in page


@time_machine.travel(DURING, tick=False)
def test_each_targets_number_under_evaluation_opens_the_dossiers_it_counts(cast, login):
    """The plan's column "Đang đánh giá" links to the target's page, which lists the dossiers it counts: a first
    evaluation under way for the new products and for the 3-star target (any kind), none for the re-evaluation,
    the upgrade and the new producers; a dossier of another province and a draft count nowhere."""
    plan = tuyen_quang_story(cast)
    RegistrationFactory(
        product=ProductFactory(producer=cast.other_producer_org),
        kind=RegistrationKind.FIRST,
        status=RegistrationStatus.FORWARDED,
    )
    RegistrationFactory(product=ProductFactory(producer=cast.producer), status=RegistrationStatus.DRAFT)
    client = login(cast.province_officer)
    detail = client.get(reverse("dashboard_plan_detail", args=[plan.pk]))
    page = detail.content.decode()
    counts = {}
    for row in detail.context["progress"]:
        url = reverse("dashboard_plan_target_detail", args=[plan.pk, row["target"].pk])
        assert f'href="{url}#pipeline">{row["pipeline"]}</a>' in page
        listed = client.get(url).context["pipeline"].paginator.count
        assert listed == row["pipeline"], row["target"].label
        counts[row["target"].metric] = listed
    assert counts == {M.REEVALUATED: 0, M.NEW_RECOGNISED: 1, M.UPGRADED: 0, M.RECOGNISED_STAR: 1, M.NEW_PRODUCERS: 0}


def test_outsiders_get_404_and_other_roles_403(cast, login):
    plan = tuyen_quang_story(cast)
    target = plan.targets.first()
    urls = [
        reverse("dashboard_plan_detail", args=[plan.pk]),
        reverse("dashboard_plan_target_detail", args=[plan.pk, target.pk]),
        reverse("dashboard_plan_document", args=[plan.pk]),
    ]
    for url in urls:
        assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.outsider).post(reverse("dashboard_plan_delete", args=[plan.pk])).status_code == 404
    assert login(cast.producer_owner).get(reverse("dashboard_plan_list")).status_code == 403
    assert login(cast.council_member).get(reverse("dashboard_plan_create")).status_code == 403
    assert login(cast.viewer).get(reverse("dashboard_plan_create")).status_code == 403
    assert login(cast.viewer).post(reverse("dashboard_plan_delete", args=[plan.pk])).status_code == 403
    assert login(cast.province_officer).get(reverse("dashboard_plan_detail", args=[999999])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, cast):
    for url in (reverse("dashboard_plan_list"), reverse("dashboard_plan_create")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_delete_is_post_only_and_removes_the_plan(cast, login):
    plan = tuyen_quang_story(cast)
    client = login(cast.province_officer)
    assert client.get(reverse("dashboard_plan_delete", args=[plan.pk])).status_code == 405
    assert client.post(reverse("dashboard_plan_delete", args=[plan.pk])).status_code == 302
    assert not Plan.objects.exists()


def test_the_plan_page_costs_the_same_queries_for_few_or_many_certificates(cast, login, django_assert_max_num_queries):
    plan = tuyen_quang_story(cast)
    client = login(cast.province_officer)
    url = reverse("dashboard_plan_detail", args=[plan.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(20):
        cert(ProductFactory(producer=cast.producer), 3, date(2024, 3, 1 + n))
    with django_assert_max_num_queries(40) as many:
        client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)


@time_machine.travel(DURING, tick=False)
def test_a_plans_progress_costs_the_same_queries_for_one_target_or_five(cast, django_assert_num_queries):
    # Three queries per plan (its targets, one conditional count per target over the certificates, one over the
    # dossiers in the pipeline): three per target before, so a plan page and the report grew with the targets.
    five = tuyen_quang_story(cast)
    one = plan_create(
        by=cast.province_officer,
        fields=fields(cast.province, number="59/KH-UBND"),
        targets=[{"metric": M.NEW_RECOGNISED, "quantity": 17}],
    )
    with django_assert_num_queries(3):
        assert [row["achieved"] for row in plan_progress(one)] == [2]
    five = Plan.objects.select_related("unit").get(pk=five.pk)  # as the plan pages and the report read it
    with django_assert_num_queries(3):
        rows = plan_progress(five)
    assert [row["achieved"] for row in rows] == [1, 2, 1, 2, 0] and rows[1]["pipeline"] == 1


def test_the_plan_list_costs_the_same_queries_for_one_plan_or_several(cast, login):
    """Each row showed its number of targets by a COUNT of its own: a province with ten years of plans paid ten."""
    from products.tests.test_view_producers import count_queries

    targets = [{"metric": M.NEW_RECOGNISED, "quantity": 5}, {"metric": M.NEW_PRODUCERS, "quantity": 2}]
    plan_create(by=cast.province_officer, fields=fields(cast.province), targets=targets)
    client = login(cast.province_officer)
    url = reverse("dashboard_plan_list")
    one = count_queries(client, url)
    for n in range(4):
        plan_create(by=cast.province_officer, fields=fields(cast.province, number=f"{60 + n}/KH-UBND"), targets=targets)
    assert count_queries(client, url) == one
    rows = client.get(url).content.decode().split('data-testid="plan-row"')[1:]
    assert len(rows) == 5 and all('<td class="text-end" data-label="Số chỉ tiêu">2</td>' in row for row in rows)


def test_a_target_typed_twice_is_refused_next_to_the_repeated_row(cast, login):
    """5 and 7 of "new_recognised": the report showed both and the history recorded "5 → 7"."""
    twice = form_data(
        cast,
        **{
            "target-0-quantity": "5",
            "target-1-metric": M.NEW_RECOGNISED,
            "target-1-quantity": "7",
        },
    )
    response = login(cast.province_officer).post(reverse("dashboard_plan_create"), twice)
    assert response.status_code == 200 and not Plan.objects.exists()
    rows = response.context["targets"].forms
    assert rows[0].errors == {}
    assert rows[1].errors["metric"] == ["Chỉ tiêu này đã có ở một dòng khác của kế hoạch: mỗi chỉ tiêu ghi một lần."]
    assert 'value="7"' in response.content.decode()  # what was typed stays
    # The same metric for other stars counts something else.
    other_star = form_data(
        cast,
        **{
            "target-0-metric": M.RECOGNISED_STAR,
            "target-0-star": "3",
            "target-1-metric": M.RECOGNISED_STAR,
            "target-1-star": "4",
            "target-1-quantity": "2",
        },
    )
    assert login(cast.province_officer).post(reverse("dashboard_plan_create"), other_star).status_code == 302


def test_targets_counting_the_same_are_refused_by_the_service_and_the_import(cast):
    row = {"metric": M.NEW_RECOGNISED, "quantity": 5}
    with pytest.raises(ValidationError, match="mỗi chỉ tiêu ghi một lần"):
        plan_create(by=cast.province_officer, fields=fields(cast.province), targets=[row, row | {"quantity": 7}])
    assert not Plan.objects.exists()
    plan = plan_create(by=cast.province_officer, fields=fields(cast.province), targets=[row])
    with pytest.raises(ValidationError, match="mỗi chỉ tiêu ghi một lần"):
        plan_targets_add(plan=plan, by=cast.province_officer, targets=[row | {"quantity": 7}])
    assert plan.targets.count() == 1


def test_a_plan_signed_in_the_future_is_refused_next_to_the_date(cast, login):
    response = login(cast.province_officer).post(
        reverse("dashboard_plan_create"), form_data(cast, signed_on="10/03/2027")
    )
    assert response.status_code == 200 and not Plan.objects.exists()
    assert response.context["form"].errors["signed_on"] == ["Ngày ban hành không thể sau hôm nay (02/12/2026)."]
    plan = plan_create(
        by=cast.province_officer, fields=fields(cast.province), targets=[{"metric": M.NEW_RECOGNISED, "quantity": 1}]
    )
    with pytest.raises(ValidationError) as info:
        plan_update(
            plan=plan,
            by=cast.province_officer,
            data={"signed_on": date(2027, 3, 10)},
            targets=[{"metric": M.NEW_RECOGNISED, "quantity": 1}],
        )
    assert "signed_on" in info.value.message_dict
    plan.refresh_from_db()
    assert plan.signed_on == date(2024, 3, 18)


def test_a_plan_without_target_and_signed_in_the_future_is_told_both_at_once(cast, login):
    """The form said "needs at least one target" and nothing of the signing date to come, which it said only once a
    target was typed: every refusal at once, each where it belongs (the targets' above their rows)."""
    data = form_data(cast, signed_on="10/03/2027", period_end="31/12/2099")
    data |= {"target-0-metric": "", "target-0-quantity": ""}
    response = login(cast.province_officer).post(reverse("dashboard_plan_create"), data)
    assert response.status_code == 200 and not Plan.objects.exists()
    form, targets = response.context["form"], response.context["targets"]
    assert form.errors["signed_on"] and form.errors["period_end"]
    assert not form.non_field_errors()
    assert targets.non_form_errors() == ["Kế hoạch cần ít nhất một chỉ tiêu."]
    assert 'value="10/03/2027"' in response.content.decode()


def test_a_plan_correction_is_told_every_refusal_at_once(cast):
    plan = plan_create(
        by=cast.province_officer, fields=fields(cast.province), targets=[{"metric": M.NEW_RECOGNISED, "quantity": 1}]
    )
    with pytest.raises(ValidationError) as info:
        plan_update(plan=plan, by=cast.province_officer, data={"signed_on": date(2099, 3, 10)}, targets=[])
    assert sorted(info.value.message_dict) == ["signed_on", "targets"]


def test_a_plan_for_a_year_far_away_or_before_the_programme_is_refused_next_to_the_date(cast, login):
    """A mistyped year (a period to 3999, a plan signed in 1900) was recorded as typed, and listed with its dates."""
    client = login(cast.province_officer)
    response = client.post(
        reverse("dashboard_plan_create"),
        form_data(cast, signed_on="01/01/1900", period_start="01/01/2999", period_end="31/12/3999"),
    )
    assert response.status_code == 200 and not Plan.objects.exists()
    errors = response.context["form"].errors
    assert "Quyết định 490/QĐ-TTg" in errors["signed_on"][0]
    assert errors["period_end"] == [
        "Kế hoạch kết thúc chậm nhất năm 2036 (10 năm sau năm ban hành). Kiểm tra lại năm đã nhập."
    ]
    assert response.context["form"]["period_end"].value() == "31/12/3999"  # what was typed stays to be corrected
    response = client.post(reverse("dashboard_plan_create"), form_data(cast, period_start="01/01/2017"))
    assert response.context["form"].errors["period_start"] and not Plan.objects.exists()
    # A five-year plan is fine; its correction to a far year is refused by the service too.
    plan = plan_create(
        by=cast.province_officer,
        fields=fields(cast.province, period_start=date(2026, 1, 1), period_end=date(2030, 12, 31)),
        targets=[{"metric": M.NEW_RECOGNISED, "quantity": 1}],
    )
    with pytest.raises(ValidationError) as info:
        plan_update(
            plan=plan,
            by=cast.province_officer,
            data={"period_end": date(2300, 12, 31)},
            targets=[{"metric": M.NEW_RECOGNISED, "quantity": 1}],
        )
    assert list(info.value.message_dict) == ["period_end"]
    plan.refresh_from_db()
    assert plan.period_end == date(2030, 12, 31)


def test_a_plan_whose_period_is_over_has_no_dossier_that_may_still_count(cast, login):
    """In December 2026 a dossier under evaluation cannot count for a 2024 plan: whatever certificate it gets is
    issued after the plan's period. The plan's column "Đang đánh giá" and the lists behind it are empty."""
    plan = tuyen_quang_story(cast)  # a first evaluation of the province under way
    rows = progress_by_metric(plan)
    assert {key: row["pipeline"] for key, row in rows.items()} == dict.fromkeys(rows, 0)
    new_products = plan.targets.get(metric=M.NEW_RECOGNISED)
    client = login(cast.province_officer)
    listed = client.get(reverse("dashboard_plan_target_detail", args=[plan.pk, new_products.pk]))
    assert listed.context["pipeline"].paginator.count == 0
    # The same dossier counts for this year's plan, still running.
    this_year = plan_create(
        by=cast.province_officer,
        fields=fields(cast.province, number="45/KH-UBND", signed_on=date(2026, 3, 10))
        | {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)},
        targets=[{"metric": M.NEW_RECOGNISED, "quantity": 5}],
    )
    assert [row["pipeline"] for row in plan_progress(this_year)] == [1]
