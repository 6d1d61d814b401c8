"""The plan form says every wrong field in its first answer: a field left empty (the title) does not hide, until the
next submit, what the service's checks say of the dates (plan_dates_check) or of the targets (plan_targets_check).
What was typed stays."""

import pytest
from django.urls import reverse

from dashboard.models import Plan

from .test_plans import form_data

pytestmark = pytest.mark.django_db


def test_an_empty_title_and_a_signing_date_to_come_are_refused_at_once(cast, login):
    response = login(cast.province_officer).post(
        reverse("dashboard_plan_create"), form_data(cast, title="", signed_on="10/03/2099")
    )
    assert response.status_code == 200 and not Plan.objects.exists()
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["signed_on"] == ["Ngày ban hành không thể sau hôm nay (02/12/2026)."]
    html = response.content.decode()
    assert 'value="10/03/2099"' in html and 'value="58/KH-UBND"' in html


def test_an_empty_title_and_no_target_are_refused_at_once(cast, login):
    data = form_data(cast, title="") | {"target-0-metric": "", "target-0-quantity": ""}
    response = login(cast.province_officer).post(reverse("dashboard_plan_create"), data)
    assert response.status_code == 200 and not Plan.objects.exists()
    assert response.context["form"].errors["title"] == ["Trường này là bắt buộc."]
    assert response.context["targets"].non_form_errors() == ["Kế hoạch cần ít nhất một chỉ tiêu."]
    assert 'value="58/KH-UBND"' in response.content.decode()


# ---------------------------------------------------------------- a recorded plan's correction


def _edit(cast, login, **typed):
    from .test_plan_edit import edit_page, recorded_plan

    plan = recorded_plan(cast)
    client = login(cast.province_officer)
    data = edit_page(client, plan) | typed
    return plan, client.post(reverse("dashboard_plan_update", args=[plan.pk]), data)


def test_a_correction_says_an_empty_title_and_a_signing_date_to_come_at_once(cast, login):
    """A correction's dates are judged by plan_update's rule (only those changed); a field left empty no longer hides
    them until the next submit."""
    plan, response = _edit(cast, login, title="", signed_on="10/03/2099")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["signed_on"] == ["Ngày ban hành không thể sau hôm nay (02/12/2026)."]
    assert 'value="10/03/2099"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch OCOP 2026" and str(plan.signed_on) == "2026-03-18"


def test_a_correction_says_an_empty_title_and_no_target_left_at_once(cast, login):
    empty = {f"target-{i}-{part}": "" for i in range(2) for part in ("metric", "quantity", "from_star", "star")}
    plan, response = _edit(cast, login, title="", **empty)
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Trường này là bắt buộc."]
    assert response.context["targets"].non_form_errors() == ["Kế hoạch cần ít nhất một chỉ tiêu."]
    assert plan.targets.count() == 2


# ---------------------------------------------------------------- the document and the plan's number


def _not_a_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("kh58.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")


def test_an_empty_title_a_document_that_is_no_pdf_and_a_number_already_used_are_refused_at_once(cast, login):
    """The service checked the document, and the plan's uniqueness, only once the form's fields were right: three
    submits for three mistakes."""
    from .test_plan_edit import recorded_plan

    recorded_plan(cast)  # 58/KH-UBND of 18/03/2026
    data = form_data(cast, title="", signed_on="18/03/2026", period_start="01/01/2026", period_end="31/12/2026")
    response = login(cast.province_officer).post(reverse("dashboard_plan_create"), data | {"document": _not_a_pdf()})
    assert response.status_code == 200 and Plan.objects.count() == 1
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["document"] == ["Tệp phải là PDF."]
    assert form.errors["number"] == ["Đơn vị đã có kế hoạch cùng số và ngày ban hành."]
    assert 'value="58/KH-UBND"' in response.content.decode()


def test_a_correction_says_an_empty_title_a_document_that_is_no_pdf_and_a_number_already_used_at_once(cast, login):
    from .test_plan_edit import edit_page, recorded_plan

    recorded_plan(cast)
    plan = recorded_plan(cast, number="59/KH-UBND")
    client = login(cast.province_officer)
    data = edit_page(client, plan) | {"title": "", "number": "58/KH-UBND", "document": _not_a_pdf()}
    response = client.post(reverse("dashboard_plan_update", args=[plan.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["document"] == ["Tệp phải là PDF."]
    assert form.errors["number"] == ["Đơn vị đã có kế hoạch cùng số và ngày ban hành."]
    plan.refresh_from_db()
    assert plan.number == "59/KH-UBND" and not plan.document


def test_a_correction_keeping_its_own_number_is_no_duplicate(cast, login):
    from .test_plan_edit import edit_page, recorded_plan

    plan = recorded_plan(cast)
    client = login(cast.province_officer)
    data = edit_page(client, plan) | {"title": "Kế hoạch OCOP 2026 (đính chính)"}
    response = client.post(reverse("dashboard_plan_update", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch OCOP 2026 (đính chính)"


def test_a_plan_recorded_meanwhile_is_refused_beside_the_number_not_with_a_500(cast, monkeypatch):
    """The checks before the write see only committed rows: the database constraint stays the last guard, and its
    refusal says why beside the number."""
    from django.core.exceptions import ValidationError

    from dashboard.services import plan_create

    from .test_plan_edit import plan_fields, recorded_plan

    recorded_plan(cast)
    monkeypatch.setattr(Plan, "full_clean", lambda self, *args, **kwargs: None)  # as if written meanwhile
    with pytest.raises(ValidationError) as refused:
        plan_create(
            by=cast.province_officer, fields=plan_fields(cast), targets=[{"metric": "new_recognised", "quantity": 3}]
        )
    assert refused.value.message_dict == {"number": ["Đơn vị đã có kế hoạch cùng số và ngày ban hành."]}
    assert Plan.objects.count() == 1
