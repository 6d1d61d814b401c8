"""Correcting a recorded plan (its fields, its targets, its document): what the officer changed is written with an
audit row, what someone else saved meanwhile is kept, and a change to the same targets by both is refused with who
made it, the typed rows kept on the page."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.choices import TargetMetric as M
from dashboard.models import Plan
from dashboard.services import plan_create, plan_targets_add
from ocop.models import AuditEvent
from ocop.testing import form_as_shown
from products.models import Sector

pytestmark = pytest.mark.django_db


def plan_fields(cast) -> dict:
    return {
        "unit": cast.province,
        "number": "58/KH-UBND",
        "signed_on": date(2026, 3, 18),
        "title": "Kế hoạch OCOP 2026",
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 12, 31),
    }


def recorded_plan(cast, document=None, **extra):
    return plan_create(
        by=cast.province_officer,
        fields=plan_fields(cast) | extra,
        targets=[
            {"metric": M.NEW_RECOGNISED, "quantity": 30},
            {"metric": M.UPGRADED, "from_star": 4, "star": 5, "quantity": 1},
        ],
        document=document,
    )


def edit_page(client, plan):
    response = client.get(reverse("dashboard_plan_update", args=[plan.pk]))
    assert response.status_code == 200
    return form_as_shown(response)


def targets_of(plan):
    return [(t.metric, t.from_star, t.star, t.quantity) for t in plan.targets.order_by("order")]


def test_an_officer_corrects_a_target_removes_one_and_adds_one(cast, login):
    plan = recorded_plan(cast)
    client = login(cast.province_officer)
    data = edit_page(client, plan)
    assert data["target-0-quantity"] == "30" and data["target-1-from_star"] == ["4"]
    data |= {"number": "58/KH-UBND-ĐC", "target-0-quantity": "25", "target-1-metric": [""], "target-1-quantity": ""}
    data |= {"target-1-from_star": [""], "target-1-star": [""], "target-2-metric": [M.RECOGNISED_STAR]}
    data |= {"target-2-star": ["4"], "target-2-quantity": "8"}

    response = client.post(reverse("dashboard_plan_update", args=[plan.pk]), data)

    assert response.status_code == 302 and response["Location"] == reverse("dashboard_plan_detail", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.number == "58/KH-UBND-ĐC"
    assert targets_of(plan) == [(M.NEW_RECOGNISED, None, None, 25), (M.RECOGNISED_STAR, None, 4, 8)]
    event = AuditEvent.objects.get(action="plan.update")
    assert event.actor == cast.province_officer and event.changes["number"] == ["58/KH-UBND", "58/KH-UBND-ĐC"]
    # The targets are kept as data, not as text in the language of whoever saved: each reader reads them in theirs.
    assert event.changes["targets"][1] == [
        {"metric": M.NEW_RECOGNISED, "star": None, "from_star": None, "sector": None, "quantity": 25},
        {"metric": M.RECOGNISED_STAR, "star": 4, "from_star": None, "sector": None, "quantity": 8},
    ]
    # The plan's page tells who changed what.
    page = client.get(reverse("dashboard_plan_detail", args=[plan.pk])).content.decode()
    history = page[page.index('data-testid="audit-history"') :]
    assert (
        "Sửa kế hoạch" in history
        and "58/KH-UBND-ĐC" in history
        and "Sản phẩm được nâng hạng sao từ 4 sao lên 5 sao: 1" in history
        and "Sản phẩm mới được công nhận từ 3 sao: 25; Sản phẩm được công nhận theo hạng sao 4 sao: 8" in history
    )
    client.cookies["django_language"] = "en"
    page = client.get(reverse("dashboard_plan_detail", args=[plan.pk])).content.decode()
    history = page[page.index('data-testid="audit-history"') :]
    assert "Products upgraded to a higher star rating from 4 to 5 stars: 1" in history and "Sản phẩm" not in history


def test_targets_recorded_as_text_before_stay_readable(cast, login):
    plan = recorded_plan(cast)
    text = ["Sản phẩm mới được công nhận từ 3 sao: 30"]
    AuditEvent.objects.filter(action="plan.create").update(changes={"targets": text})
    page = login(cast.province_officer).get(reverse("dashboard_plan_detail", args=[plan.pk])).content.decode()
    assert "Sản phẩm mới được công nhận từ 3 sao: 30" in page[page.index('data-testid="audit-history"') :]


def test_saving_the_page_unchanged_writes_nothing(cast, login):
    plan = recorded_plan(cast)
    client = login(cast.province_officer)
    response = client.post(reverse("dashboard_plan_update", args=[plan.pk]), edit_page(client, plan))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="plan.update").exists()
    assert targets_of(plan) == [(M.NEW_RECOGNISED, None, None, 30), (M.UPGRADED, 4, 5, 1)]


def test_a_title_change_keeps_the_targets_someone_imported_meanwhile(cast, login):
    plan = recorded_plan(cast)
    client = login(cast.province_officer)
    data = edit_page(client, plan)
    plan_targets_add(plan=plan, by=cast.central_officer, targets=[{"metric": M.NEW_PRODUCERS, "quantity": 5}])

    response = client.post(reverse("dashboard_plan_update", args=[plan.pk]), data | {"title": "Kế hoạch (sửa)"})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch (sửa)" and len(targets_of(plan)) == 3


def test_targets_changed_by_both_are_refused_with_who_then_written_on_a_second_save(cast, login):
    plan = recorded_plan(cast)
    client = login(cast.province_officer)
    data = edit_page(client, plan) | {"target-0-quantity": "20"}
    plan_targets_add(plan=plan, by=cast.central_officer, targets=[{"metric": M.NEW_PRODUCERS, "quantity": 5}])

    refused = client.post(reverse("dashboard_plan_update", args=[plan.pk]), data)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert str(cast.central_officer) in page and "đã thay đổi các chỉ tiêu" in page
    assert "Chủ thể lần đầu có sản phẩm OCOP: 5" in page  # the targets as they are now
    assert 'name="target-0-quantity" value="20"' in page  # what the officer typed stays
    assert targets_of(plan)[0] == (M.NEW_RECOGNISED, None, None, 30) and len(targets_of(plan)) == 3

    again = client.post(reverse("dashboard_plan_update", args=[plan.pk]), form_as_shown(refused))

    assert again.status_code == 302
    assert targets_of(plan) == [(M.NEW_RECOGNISED, None, None, 20), (M.UPGRADED, 4, 5, 1)]


def test_bad_input_is_answered_next_to_the_field_and_nothing_is_written(cast, login):
    plan = recorded_plan(cast)
    client = login(cast.province_officer)
    data = edit_page(client, plan) | {"period_end": "01/01/2025", "target-0-quantity": "0", "number": "59/KH"}

    response = client.post(reverse("dashboard_plan_update", args=[plan.pk]), data)

    page = response.content.decode()
    assert response.status_code == 200 and "Ngày kết thúc không thể trước ngày bắt đầu (01/01/2026)." in page
    assert 'value="59/KH"' in page and 'name="target-0-quantity" value="0"' in page
    plan.refresh_from_db()
    assert plan.number == "58/KH-UBND" and targets_of(plan)[0][3] == 30

    emptied = edit_page(client, plan) | {"target-0-metric": [""], "target-0-quantity": ""}
    emptied |= {"target-1-metric": [""], "target-1-quantity": "", "target-1-from_star": [""], "target-1-star": [""]}
    response = client.post(reverse("dashboard_plan_update", args=[plan.pk]), emptied)
    assert response.status_code == 200 and "Kế hoạch cần ít nhất một chỉ tiêu." in response.content.decode()
    assert len(targets_of(plan)) == 2


def test_a_new_document_replaces_the_shown_one_and_the_old_file_is_kept(cast, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = SimpleUploadedFile("kh58.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    plan = recorded_plan(cast, document=first)
    old_name = plan.document.name
    client = login(cast.province_officer)
    data = edit_page(client, plan)
    data["document"] = SimpleUploadedFile("kh58-dc.pdf", b"%PDF-1.4\n%v2\n%%EOF\n", content_type="application/pdf")

    assert client.post(reverse("dashboard_plan_update", args=[plan.pk]), data).status_code == 302

    plan.refresh_from_db()
    assert plan.document.name != old_name and plan.document.read() == b"%PDF-1.4\n%v2\n%%EOF\n"
    assert (tmp_path / old_name).exists()
    assert AuditEvent.objects.get(action="plan.update").changes["document"] == [old_name, plan.document.name]


def test_a_refused_edit_leaves_no_new_file_in_storage(cast, login, settings, tmp_path):
    """The targets are compared before the document is stored: a refusal used to leave the uploaded file in
    storage with no plan naming it."""
    settings.MEDIA_ROOT = tmp_path
    plan = recorded_plan(cast, document=SimpleUploadedFile("kh58.pdf", b"%PDF-1.4\n%%EOF\n"))
    client = login(cast.province_officer)
    data = edit_page(client, plan) | {"target-0-quantity": "20"}
    data["document"] = SimpleUploadedFile("kh58-dc.pdf", b"%PDF-1.4\n%v2\n%%EOF\n", content_type="application/pdf")
    plan_targets_add(plan=plan, by=cast.central_officer, targets=[{"metric": M.NEW_PRODUCERS, "quantity": 5}])

    refused = client.post(reverse("dashboard_plan_update", args=[plan.pk]), data)

    assert refused.status_code == 200 and "đã thay đổi các chỉ tiêu" in refused.content.decode()
    stored = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert stored == [Plan.objects.get(pk=plan.pk).document.name]


def test_a_new_plan_refused_for_its_targets_stores_no_document(cast, settings, tmp_path):
    from django.core.exceptions import ValidationError

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as refused:
        plan_create(
            by=cast.province_officer,
            fields=plan_fields(cast),
            targets=[{"metric": M.RECOGNISED_STAR, "quantity": 3}],  # no star
            document=SimpleUploadedFile("kh60.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
        )
    assert "star" in refused.value.message_dict
    assert not Plan.objects.exists() and not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_plan_refused_by_the_database_for_its_number_leaves_no_document(cast, settings, tmp_path, monkeypatch):
    """Two officers save the same number and date at the same instant: both pass the check before the save, and the
    database's unique constraint refuses the second after its document was written; the file goes with the refusal."""
    from django.core.exceptions import ValidationError

    settings.MEDIA_ROOT = tmp_path
    recorded_plan(cast)
    monkeypatch.setattr(Plan, "validate_constraints", lambda self, exclude=None: None)  # the other tab's plan
    with pytest.raises(ValidationError, match="cùng số"):
        recorded_plan(
            cast, document=SimpleUploadedFile("kh58.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        )
    assert Plan.objects.count() == 1 and not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_who_may_correct_a_plan(cast, login):
    plan = recorded_plan(cast)
    url = reverse("dashboard_plan_update", args=[plan.pk])
    assert login(cast.province_officer).get(url).status_code == 200
    assert login(cast.central_officer).get(url).status_code == 200
    assert login(cast.viewer).get(url).status_code == 403
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.outsider).post(url, {"number": "1"}).status_code == 404
    assert login(cast.commune_officer).get(url).status_code == 404  # a province's plan is not the commune's
    assert Plan.objects.get().number == "58/KH-UBND"


def test_the_edit_page_costs_the_same_queries_for_two_targets_or_thirty(cast, login):
    client = login(cast.province_officer)
    counts = []
    for number, extra in (("1/KH", 0), ("2/KH", 28)):
        plan = recorded_plan(cast, number=number)
        if extra:
            # Each row counts something else (a target typed twice is refused): a sector's products of each star.
            more = [
                {"metric": metric, "sector": sector, "star": star, "quantity": 1}
                for metric in (M.SECTOR_RECOGNISED, M.RECOGNISED_STAR)
                for sector in Sector.objects.order_by("pk")
                for star in (3, 4, 5)
            ][:extra]
            assert len(more) == extra
            plan_targets_add(plan=plan, by=cast.province_officer, targets=more)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("dashboard_plan_update", args=[plan.pk])).status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_next_years_plan_starts_from_this_ones_unit_title_and_targets(cast, login):
    plan = recorded_plan(cast)
    client = login(cast.province_officer)
    shown = client.get(reverse("dashboard_plan_detail", args=[plan.pk])).content.decode()
    assert f'href="{reverse("dashboard_plan_create")}?copy={plan.pk}"' in shown
    page = client.get(reverse("dashboard_plan_create"), {"copy": plan.pk})
    data = form_as_shown(page)
    assert data["unit"] == [str(cast.province.pk)] and data["title"] == "Kế hoạch OCOP 2026"
    assert data["number"] == "" and data["signed_on"] == ""  # the new plan's own
    assert (data["period_start"], data["period_end"]) == ("01/01/2027", "31/12/2027")  # the period after this one
    assert data["target-0-quantity"] == "30" and data["target-1-star"] == ["5"]
    data |= {"number": "12/KH-UBND", "signed_on": "02/12/2026", "target-0-quantity": "35"}

    response = client.post(reverse("dashboard_plan_create"), data)

    new = Plan.objects.get(number="12/KH-UBND")
    assert response.status_code == 302 and response["Location"] == reverse("dashboard_plan_detail", args=[new.pk])
    assert targets_of(new) == [(M.NEW_RECOGNISED, None, None, 35), (M.UPGRADED, 4, 5, 1)]
    assert targets_of(plan) == [(M.NEW_RECOGNISED, None, None, 30), (M.UPGRADED, 4, 5, 1)]  # the source untouched


def test_a_copied_plans_period_follows_its_source_for_as_many_years(cast, login):
    # A five-year programme plan (2021–2025) is followed by the next five years; a leap day lands on 28 February.
    plan = recorded_plan(cast, period_start=date(2021, 1, 1), period_end=date(2025, 12, 31))
    leap = recorded_plan(cast, number="3/KH", period_start=date(2024, 2, 29), period_end=date(2024, 8, 31))
    client = login(cast.province_officer)
    for source, period in ((plan, ("01/01/2026", "31/12/2030")), (leap, ("28/02/2025", "31/08/2025"))):
        data = form_as_shown(client.get(reverse("dashboard_plan_create"), {"copy": source.pk}))
        assert (data["period_start"], data["period_end"]) == period


@pytest.mark.parametrize(("today", "year"), [(date(2026, 12, 2), 2027), (date(2026, 11, 30), 2026)])
def test_a_new_plan_suggests_the_year_it_is_most_likely_for(cast, login, today, year):
    # In December offices issue next year's plan; the rest of the year, this year's.
    with time_machine.travel(today):
        data = form_as_shown(login(cast.province_officer).get(reverse("dashboard_plan_create")))
    assert (data["period_start"], data["period_end"]) == (f"01/01/{year}", f"31/12/{year}")


def test_a_plan_out_of_reach_cannot_be_copied(cast, login):
    plan = recorded_plan(cast)
    url = reverse("dashboard_plan_create")
    assert login(cast.outsider).get(url, {"copy": plan.pk}).status_code == 404
    assert login(cast.province_officer).get(url, {"copy": "x"}).status_code == 404
