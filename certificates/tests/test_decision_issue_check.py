"""decision_issue_check: the number and date a decision is issued with, the one rule the issue page asks before its
confirmation step and decision_issue before it writes; each refusal beside its field, both fields at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.choices import IssuerLevel
from certificates.models.decisions import NUMBER_TAKEN
from certificates.services.decisions import decision_check, decision_create, decision_issue
from certificates.services.issue_checks import decision_issue_check
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


def test_it_returns_the_number_as_stored_when_number_and_date_pass(checked):
    assert decision_issue_check(decision=checked, number=" 1427/QĐ-UBND ", date=timezone.localdate()) == "1427/QĐ-UBND"


def test_it_refuses_a_malformed_number_and_a_future_date_together(checked):
    with pytest.raises(ValidationError) as exc:
        decision_issue_check(decision=checked, number="abc", date=timezone.localdate() + timedelta(days=1))
    assert exc.value.message_dict == {
        "number": ["Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND."],
        "date": ["Ngày quyết định không thể sau hôm nay (02/12/2026)."],
    }


def test_it_refuses_a_number_taken_and_a_date_before_the_councils_result(cast, checked):
    issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    with pytest.raises(ValidationError) as exc:
        decision_issue_check(decision=checked, number="1427/QĐ-UBND", date=timezone.localdate() - timedelta(days=1))
    assert exc.value.message_dict == {
        "number": [str(NUMBER_TAKEN)],
        "date": ["Ngày quyết định không thể trước ngày Hội đồng có kết quả đánh giá (02/12/2026)."],
    }


def test_the_issue_service_refuses_by_the_same_check_and_writes_nothing(cast, checked):
    with pytest.raises(ValidationError) as exc:
        decision_issue(
            decision=checked,
            number="abc",
            date=timezone.localdate() + timedelta(days=1),
            by=checker_for(cast.province_officer),
        )
    assert set(exc.value.message_dict) == {"number", "date"}
    checked.refresh_from_db()
    assert checked.status == "checked" and not checked.number and not checked.certificates.exists()
