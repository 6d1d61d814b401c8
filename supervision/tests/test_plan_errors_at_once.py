"""The supervision plan's forms (its record and its correction) say every wrong field in their first answer: a field
left empty (the title) does not hide, until the next submit, what the service's rule of the signing date
(plan_signed_on_check) says of it. What was typed stays, and nothing is written."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.testing import form_as_shown
from supervision.models import SupervisionPlan

from .factories import plan_for

pytestmark = pytest.mark.django_db

FUTURE = "Ngày ban hành không thể sau hôm nay (02/12/2026)."


def test_a_plan_with_an_empty_title_and_a_signing_date_to_come_is_refused_at_once(cast, login):
    data = {
        "level": "province",
        "unit": cast.province.pk,
        "year": timezone.localdate().year,
        "number": "23/KH-SNN",
        "signed_on": "01/01/2099",
        "title": "",
    }
    response = login(cast.province_officer).post(reverse("supervision:plan_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["signed_on"] == [FUTURE]
    assert 'value="01/01/2099"' in response.content.decode()
    assert not SupervisionPlan.objects.filter(number="23/KH-SNN").exists()


def test_a_correction_with_an_empty_title_and_a_signing_date_to_come_is_refused_at_once(cast, login):
    plan = plan_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:plan_update", args=[plan.pk])
    data = form_as_shown(client.get(url)) | {"title": "", "signed_on": "01/01/2099"}
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["signed_on"] == [FUTURE]
    assert 'value="01/01/2099"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Kiểm tra, giám sát sản phẩm OCOP" and plan.signed_on.year == plan.year


# ---------------------------------------------------------------- the document and the plan's number

DUPLICATE = "Đơn vị này đã có kế hoạch mang số này trong năm đó."


def _not_a_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("kh.pdf", b"GIF89a not a pdf", content_type="application/pdf")


def test_a_plan_with_an_empty_title_a_document_that_is_no_pdf_and_a_number_used_is_refused_at_once(
    cast, login, settings, tmp_path
):
    """The service checked the document, then the number (full_clean), only once the form's fields were right: three
    submits for three mistakes."""
    settings.MEDIA_ROOT = tmp_path
    plan_for(cast)  # 12/KH-SNN of 15/01 this year
    year = timezone.localdate().year
    data = {
        "level": "province",
        "unit": cast.province.pk,
        "year": year,
        "number": "12/KH-SNN",
        "signed_on": f"01/02/{year}",
        "title": "",
        "document": _not_a_pdf(),
    }
    response = login(cast.province_officer).post(reverse("supervision:plan_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["document"] == ["Tệp phải là PDF."]
    assert form.errors["number"] == [DUPLICATE]
    assert 'value="12/KH-SNN"' in response.content.decode()
    assert SupervisionPlan.objects.count() == 1 and list(tmp_path.rglob("*.pdf")) == []


def test_a_correction_with_an_empty_title_a_document_that_is_no_pdf_and_a_number_used_is_refused_at_once(
    cast, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan_for(cast)
    plan = plan_for(cast, number="13/KH-SNN")
    client = login(cast.province_officer)
    url = reverse("supervision:plan_update", args=[plan.pk])
    data = form_as_shown(client.get(url)) | {"title": "", "number": "12/KH-SNN", "document": _not_a_pdf()}
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Trường này là bắt buộc."]
    assert form.errors["document"] == ["Tệp phải là PDF."]
    assert form.errors["number"] == [DUPLICATE]
    plan.refresh_from_db()
    assert plan.number == "13/KH-SNN" and not plan.document


def test_a_correction_keeping_its_number_is_no_duplicate_of_itself(cast, login):
    plan = plan_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:plan_update", args=[plan.pk])
    response = client.post(url, form_as_shown(client.get(url)) | {"title": "Kiểm tra sản phẩm OCOP (đính chính)"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Kiểm tra sản phẩm OCOP (đính chính)"


def test_a_plan_recorded_meanwhile_is_refused_beside_the_number_not_with_a_500(cast, monkeypatch):
    """The check before the write sees only committed rows: the database constraint stays the last guard, and its
    refusal says why beside the number."""
    from django.core.exceptions import ValidationError

    from supervision import services
    from supervision.models import SupervisionPlan as Plan

    plan_for(cast)
    monkeypatch.setattr(Plan, "full_clean", lambda self, *args, **kwargs: None)  # as if written meanwhile
    with pytest.raises(ValidationError) as refused:
        services.plan_create(
            by=cast.province_officer,
            level="province",
            unit=cast.province,
            year=timezone.localdate().year,
            number="12/KH-SNN",
            signed_on=timezone.localdate().replace(month=1, day=20),
            title="Bản thứ hai",
        )
    assert refused.value.message_dict == {"number": [DUPLICATE]}
    assert Plan.objects.count() == 1
