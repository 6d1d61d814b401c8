"""A decision's number is its order among the issuer's documents of one year (Nghị định 30/2020/NĐ-CP, Phụ lục I:
"số thứ tự văn bản … ban hành trong một năm"): each year a province's decisions start again from 01, so its
"1427/QĐ-UBND" of 2025 and of 2026 are two decisions. The number was unique per issuer for all time: a province
could not issue in its second year a number it had used in its first, and a district's 2024 certificate recorded
under "1210/QĐ-UBND" was refused as having "another date" because a 2023 decision of that number existed. (The
demo's seeding failed so from 5 December 2026, the day its two Na Rì certificates' dates fell on one number.)"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from certificates.choices import IssuerLevel
from certificates.models import RecognitionDecision
from certificates.services.certificates import certificate_record_historic
from certificates.tests.factories import issued_decision, result_for
from evaluation.choices import LegalBasis
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _historic(cast, *, number: str, on: date):
    return certificate_record_historic(
        by=cast.province_officer,
        product=ProductFactory(producer=cast.producer),
        number=number,
        star=3,
        issuer_level=IssuerLevel.DISTRICT,
        issuer_name="UBND huyện Na Rì",
        decision_number="1210/QĐ-UBND",
        decision_date=on,
        legal_basis=LegalBasis.D148,
    )


def test_two_years_decisions_of_one_number_are_two_decisions(cast):
    older = _historic(cast, number="2023-NR-015", on=date(2023, 10, 26))
    newer = _historic(cast, number="2024-NR-012", on=date(2024, 10, 1))
    assert older.decision_id != newer.decision_id
    assert (older.decision.date, newer.decision.date) == (date(2023, 10, 26), date(2024, 10, 1))


def test_within_one_year_the_number_still_names_one_decision(cast):
    first = _historic(cast, number="2024-NR-012", on=date(2024, 10, 1))
    assert _historic(cast, number="2024-NR-013", on=date(2024, 10, 1)).decision_id == first.decision_id
    with pytest.raises(ValidationError, match="ngày khác: 01/10/2024"):
        _historic(cast, number="2024-NR-014", on=date(2024, 11, 5))


def test_a_province_issues_last_years_number_again_but_not_this_years(cast):
    with time_machine.travel(date(2025, 12, 20)):
        issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    this_year = issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    assert this_year.number == "1427/QĐ-UBND" and this_year.date.year == 2026
    assert RecognitionDecision.objects.filter(number="1427/QĐ-UBND", status="issued").count() == 2
    with pytest.raises(ValidationError, match="Cơ quan này đã có quyết định mang số này trong năm đó."):
        issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
