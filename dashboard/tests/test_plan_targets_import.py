"""Plan targets from an Excel file: every row checked first, errors by row and column, all or nothing (the same rules
as the past evaluations' import, test_history.py)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboard.choices import TargetMetric
from dashboard.models import HistoricEvaluation, PlanTarget
from dashboard.services import plan_create
from dashboard.tests.factories import workbook

pytestmark = pytest.mark.django_db


TARGET_HEADINGS = ["Chỉ tiêu", "Hạng sao", "Từ hạng sao", "Ngành", "Số lượng", "Ghi chú"]


def a_plan(cast):
    return plan_create(
        by=cast.province_officer,
        fields={
            "unit": cast.province,
            "number": "58/KH-UBND",
            "signed_on": date(2024, 3, 18),
            "title": "Kế hoạch OCOP 2024",
            "period_start": date(2024, 1, 1),
            "period_end": date(2024, 12, 31),
        },
        targets=[{"metric": TargetMetric.REEVALUATED, "star": 3, "quantity": 1}],
    )


def test_targets_from_excel_are_added_to_the_plan(cast, login):
    plan = a_plan(cast)
    url = reverse("dashboard_plan_targets_import", args=[plan.pk])
    upload = workbook(
        TARGET_HEADINGS,
        ["Sản phẩm mới được công nhận từ 3 sao", None, None, None, 17, "Tiêu chuẩn hoá"],
        ["Sản phẩm được nâng hạng sao", 5, 4, None, 1, ""],
        ["Sản phẩm mới được công nhận theo ngành", None, None, "I", 6, ""],
    )
    response = login(cast.province_officer).post(url, {"file": upload})
    assert response.status_code == 302
    rows = list(plan.targets.values_list("metric", "star", "from_star", "quantity", "order"))
    assert rows == [
        (TargetMetric.REEVALUATED, 3, None, 1, 0),
        (TargetMetric.NEW_RECOGNISED, None, None, 17, 1),
        (TargetMetric.UPGRADED, 5, 4, 1, 2),
        (TargetMetric.SECTOR_RECOGNISED, None, None, 6, 3),
    ]


def test_a_target_file_with_errors_adds_nothing(cast, login):
    plan = a_plan(cast)
    upload = workbook(
        TARGET_HEADINGS,
        ["Sản phẩm mới được công nhận từ 3 sao", None, None, None, 17, ""],
        ["Sản phẩm được nâng hạng sao", 4, 4, None, 1, ""],  # no upgrade from 4 to 4
        ["Sản phẩm được công nhận theo hạng sao", None, None, None, 0, ""],  # no star, no quantity
        ["Chỉ tiêu lạ", None, None, "IX", "mười", ""],
    )
    response = login(cast.province_officer).post(
        reverse("dashboard_plan_targets_import", args=[plan.pk]), {"file": upload}
    )
    assert response.status_code == 400
    errors = {(e["row"], e["column"]) for e in response.context["errors"]}
    assert (3, "Hạng sao") in errors
    assert {(4, "Số lượng"), (5, "Chỉ tiêu"), (5, "Ngành"), (5, "Số lượng")} <= errors
    assert PlanTarget.objects.filter(plan=plan).count() == 1


def test_a_target_row_repeating_the_plan_or_an_earlier_row_is_a_row_error(cast, login):
    """Such a file was refused whole with one message naming no row (HTTP 200)."""
    plan = a_plan(cast)  # its target: re-evaluated at 3★
    upload = workbook(
        TARGET_HEADINGS,
        ["Sản phẩm mới được công nhận từ 3 sao", None, None, None, 17, ""],
        ["Sản phẩm được đánh giá lại (giữ hạng)", 3, None, None, 4, ""],
        ["Sản phẩm được đánh giá lại (giữ hạng)", 4, None, None, 2, ""],
        ["Sản phẩm mới được công nhận từ 3 sao", None, None, None, 5, "gõ lại"],
    )
    response = login(cast.province_officer).post(
        reverse("dashboard_plan_targets_import", args=[plan.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert [(e["row"], e["column"], e["message"]) for e in response.context["errors"]] == [
        (3, "Chỉ tiêu", "Chỉ tiêu này đã có trong kế hoạch."),
        (5, "Chỉ tiêu", "Trùng với dòng 2."),
    ]
    assert not response.context["form"].non_field_errors()
    assert PlanTarget.objects.filter(plan=plan).count() == 1


def test_a_number_written_in_other_digits_is_a_row_error_not_a_crash(cast, login):
    # "²" counts as a digit to str.isdigit() but int() cannot read it: the import answered 500.
    plan = a_plan(cast)
    upload = workbook(TARGET_HEADINGS, ["Sản phẩm được nâng hạng sao", "⁵", "4", None, "²", ""])
    response = login(cast.province_officer).post(
        reverse("dashboard_plan_targets_import", args=[plan.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert {(e["row"], e["column"]) for e in response.context["errors"]} == {(2, "Hạng sao"), (2, "Số lượng")}
    assert PlanTarget.objects.filter(plan=plan).count() == 1


def test_a_target_workbook_that_unpacks_to_gigabytes_is_refused(cast, login):
    from ocop.testing import xlsx_unpacking_to
    from ocop.xlsx import MAX_UNPACKED_BYTES

    plan = a_plan(cast)
    bomb = SimpleUploadedFile("bom.xlsx", xlsx_unpacking_to(MAX_UNPACKED_BYTES + 1))
    response = login(cast.province_officer).post(
        reverse("dashboard_plan_targets_import", args=[plan.pk]), {"file": bomb}
    )
    assert response.status_code == 200  # the form again, with the message
    assert "quá lớn khi giải nén" in str(response.context["form"].errors)
    assert PlanTarget.objects.filter(plan=plan).count() == 1


def test_a_file_without_the_headings_is_refused_next_to_the_field(cast, login):
    plan = a_plan(cast)
    response = login(cast.province_officer).post(
        reverse("dashboard_plan_targets_import", args=[plan.pk]), {"file": workbook(["A", "B"], [1, 2])}
    )
    assert response.status_code == 200
    assert "Tệp thiếu cột" in str(response.context["form"].errors)


@pytest.mark.parametrize("kind", ["targets", "evaluations"])
def test_a_template_sent_back_empty_is_refused_next_to_the_field(cast, login, kind):
    """The past evaluations' import said "Đã nhập 0 kết quả đánh giá cũ." for a file without a data row."""
    from ocop.xlsx import NO_DATA_ROWS

    plan = a_plan(cast)
    client = login(cast.province_officer)
    template, url = {
        "targets": ("dashboard_plan_targets_template", reverse("dashboard_plan_targets_import", args=[plan.pk])),
        "evaluations": ("dashboard_historic_evaluation_template", reverse("dashboard_historic_evaluation_import")),
    }[kind]
    response = client.get(reverse(template))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    response = client.post(url, {"file": SimpleUploadedFile("mau.xlsx", content)})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [NO_DATA_ROWS]  # the file as a whole, atop the form
    assert PlanTarget.objects.filter(plan=plan).count() == 1 and not HistoricEvaluation.objects.exists()
