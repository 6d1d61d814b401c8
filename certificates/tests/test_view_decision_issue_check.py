"""The issue page refuses an invalid number or date beside its field at the first submit: it showed the
confirmation "Quyết định số … không sửa được nữa" for a future date, a date before the council's result or a number
already taken, and refused only after "Xác nhận ban hành"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import DecisionStatus, IssuerLevel
from certificates.models.decisions import NUMBER_TAKEN
from certificates.services.decisions import decision_check, decision_create
from certificates.tests.factories import checker_for, issued_decision, result_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(cast):
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer)],
    )
    return decision_check(decision=draft, by=checker_for(cast.province_officer))


def _first_submit(login, cast, decision, number, day):
    url = reverse("certificates:decision_issue", args=[decision.pk])
    response = login(checker_for(cast.province_officer)).post(url, {"number": number, "date": f"{day:%d/%m/%Y}"})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="confirm-step"' not in body
    assert f'value="{number}"' in body and f'value="{day:%d/%m/%Y}"' in body  # what was typed stays
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CHECKED and not decision.number
    return response.context["form"]


def test_a_future_date_is_refused_beside_the_field_before_any_confirmation(login, cast, checked):
    form = _first_submit(login, cast, checked, "1427/QĐ-UBND", timezone.localdate() + timedelta(days=1))
    assert form.errors["date"] == ["Ngày quyết định không thể sau hôm nay (02/12/2026)."]
    assert "number" not in form.errors and not form.non_field_errors()


def test_a_date_before_the_councils_result_is_refused_beside_the_field(login, cast, checked):
    form = _first_submit(login, cast, checked, "1427/QĐ-UBND", timezone.localdate() - timedelta(days=5))
    assert form.errors["date"] == ["Ngày quyết định không thể trước ngày Hội đồng có kết quả đánh giá (02/12/2026)."]


def test_a_number_already_taken_is_refused_beside_the_field(login, cast, checked):
    issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    form = _first_submit(login, cast, checked, "1427/QĐ-UBND", timezone.localdate())
    assert form.errors["number"] == [str(NUMBER_TAKEN)] and "date" not in form.errors


def test_a_valid_number_and_date_still_reach_the_confirmation(login, cast, checked):
    url = reverse("certificates:decision_issue", args=[checked.pk])
    today = timezone.localdate().strftime("%d/%m/%Y")
    page = login(checker_for(cast.province_officer)).post(url, {"number": "1428/QĐ-UBND", "date": today})
    assert 'data-testid="confirm-step"' in page.content.decode()


def test_a_malformed_number_and_a_future_date_are_refused_at_once(login, cast, checked):
    """The form's own refusal of the number (clean_number) used to keep the page from the service's check of the date
    until the next submit."""
    form = _first_submit(login, cast, checked, "abc", timezone.localdate() + timedelta(days=1))
    assert form.errors["number"] == ["Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND."]
    assert form.errors["date"] == ["Ngày quyết định không thể sau hôm nay (02/12/2026)."]
