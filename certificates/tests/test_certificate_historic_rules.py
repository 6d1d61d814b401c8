"""Issue 12 item 4: a historic certificate must be possible under the rules in force on its decision date
(ocop-domain.md §1 and §5): level × star × date × legal basis, checked in the service so the form, the admin,
imports and the demo all get it, with the message next to the field at fault."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.models import Certificate
from certificates.services.certificates import certificate_record_historic, historic_certificate_check
from evaluation.choices import OCOP_PROGRAMME_STARTS_ON, LegalBasis
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

D, P, M = IssuerLevel.DISTRICT, IssuerLevel.PROVINCE, IssuerLevel.MINISTRY


@pytest.mark.parametrize(
    "level,star,day,basis,field",
    [
        # Two-tier local government from 01/07/2025 (Luật Tổ chức chính quyền địa phương số 72/2025/QH15): no district
        # decision after it.
        (D, 3, date(2025, 8, 1), LegalBasis.D1489, "issuer_level"),
        (D, 3, date(2025, 7, 2), LegalBasis.D148, "issuer_level"),
        # D26 (Điều 4.1) has no district level at all.
        (D, 3, date(2026, 6, 1), LegalBasis.D26, "issuer_level"),
        # 5★ is the ministry's (D26 Điều 4.1b; 1048, 148 alike); 3–4★ never the ministry's.
        (P, 5, date(2024, 3, 1), LegalBasis.D148, "star"),
        (P, 5, date(2020, 3, 1), LegalBasis.D1048, "star"),
        (M, 3, date(2024, 3, 1), LegalBasis.D148, "star"),
        (M, 4, date(2026, 6, 1), LegalBasis.D26, "star"),
        # 148/2023: the district recognised 3★, the province 4★.
        (D, 4, date(2024, 3, 1), LegalBasis.D148, "star"),
        # 1048/2019: the district council only pre-scored; the province recognised.
        (D, 3, date(2020, 9, 30), LegalBasis.D1048, "issuer_level"),
        # A 2024 decision labelled 1048/2019: 148/2023 replaced it on 24/02/2023.
        (P, 4, date(2024, 4, 24), LegalBasis.D1048, "legal_basis"),
        # A decision before a rule set existed.
        (P, 4, date(2022, 1, 10), LegalBasis.D148, "legal_basis"),
        (P, 4, date(2026, 5, 1), LegalBasis.D26, "legal_basis"),
        # After the 60 days of Điều 11.2 / 12.2 only D26 applies.
        (P, 4, date(2026, 8, 1), LegalBasis.D1489, "legal_basis"),
    ],
)
def test_it_refuses_a_record_the_rules_of_its_date_would_not_give(level, star, day, basis, field):
    with pytest.raises(ValidationError) as raised:
        historic_certificate_check(issuer_level=level, star=star, decision_date=day, legal_basis=basis)
    assert field in raised.value.message_dict


@pytest.mark.parametrize(
    "level,star,day,basis",
    [
        (P, 4, date(2018, 11, 23), LegalBasis.PRE_1048),  # Bắc Kạn, Miến dong Tài Hoan (seed 003)
        (P, 3, date(2020, 9, 30), LegalBasis.D1048),  # Nam Định, Xuân Trường (seed 000)
        (M, 5, date(2021, 6, 1), LegalBasis.D1048),
        (D, 3, date(2024, 4, 24), LegalBasis.D148),  # a district 3★ under 148 (seed 001)
        (D, 3, date(2025, 6, 30), LegalBasis.D148),  # the last day of districts
        (P, 4, date(2024, 4, 24), LegalBasis.D148),
        (P, 3, date(2025, 9, 1), LegalBasis.D1489),
        (P, 4, date(2026, 7, 10), LegalBasis.D1489),  # pending dossier finished under 1489 (Điều 12.2)
        (P, 3, date(2026, 7, 10), LegalBasis.D26),
        (M, 5, date(2026, 9, 1), LegalBasis.D26),
    ],
)
def test_it_accepts_what_the_rules_of_its_date_allow(level, star, day, basis):
    historic_certificate_check(issuer_level=level, star=star, decision_date=day, legal_basis=basis)


def test_it_refuses_a_decision_dated_in_the_future():
    with pytest.raises(ValidationError) as raised:
        historic_certificate_check(issuer_level=P, star=4, decision_date=date(2099, 1, 1), legal_basis=LegalBasis.D26)
    assert raised.value.message_dict == {"decision_date": ["Ngày quyết định không thể sau hôm nay (02/12/2026)."]}


def test_the_service_refuses_it_and_writes_nothing(cast):
    with pytest.raises(ValidationError):
        certificate_record_historic(
            by=cast.province_officer,
            product=ProductFactory(producer=cast.producer),
            number="9/GCN",
            star=3,
            issuer_level=D,
            issuer_name="UBND huyện Đoan Hùng",
            decision_number="9/QĐ-UBND",
            decision_date=date(2025, 8, 1),
            legal_basis=LegalBasis.D1489,
        )
    assert not Certificate.objects.exists()


def test_a_decision_cannot_be_reused_with_another_basis(cast):
    def record(basis, number, level=P, star=4):
        return certificate_record_historic(
            by=cast.province_officer,
            product=ProductFactory(producer=cast.producer),
            number=number,
            star=star,
            issuer_level=level,
            issuer_name="UBND tỉnh Bắc Kạn",
            decision_number="77/QĐ-UBND",
            decision_date=date(2025, 6, 1),
            legal_basis=basis,
        )

    record(LegalBasis.D148, "1/GCN")
    with pytest.raises(ValidationError) as raised:
        record(LegalBasis.D148, "2/GCN", level=M, star=5)
    assert "decision_number" in raised.value.message_dict


def test_the_form_shows_the_message_next_to_the_field(login, cast):
    product = ProductFactory(producer=cast.producer)
    response = login(cast.province_officer).post(
        reverse("certificates:historic_certificate_create"),
        {
            "product": product.pk,
            "number": "27/GCN-UBND",
            "star": 3,
            "issuer_level": "district",
            "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
            "decision_number": "1427/QĐ-UBND",
            "decision_date": "01/08/2025",
            "legal_basis": LegalBasis.D1489,
        },
    )
    assert response.status_code == 200
    refusal = response.context["form"].errors["issuer_level"][0]
    assert "Từ 01/07/2025 không còn cấp huyện (Luật Tổ chức chính quyền địa phương số 72/2025/QH15)" in refusal
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("valid_until", [date(2040, 1, 1), date(2024, 1, 11), date(2026, 11, 9)])
def test_a_printed_last_day_far_from_36_months_is_refused_next_to_it(login, cast, valid_until):
    """A typo (2040 for 2027) put a product whose certificate had expired back in the public catalogue for years."""
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "number": "27/GCN-UBND",
        "star": 3,
        "issuer_level": "district",
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN NA RÌ",
        "decision_number": "1427/QĐ-UBND",
        "decision_date": "10/01/2024",
        "legal_basis": LegalBasis.D148,
        "valid_until": valid_until.strftime("%d/%m/%Y"),
    }
    client = login(cast.province_officer)
    response = client.post(reverse("certificates:historic_certificate_create"), data)
    assert response.status_code == 200
    assert "10/01/2027" in response.context["form"].errors["valid_until"][0]
    assert not Certificate.objects.exists()
    # The printed day of a certificate handed out some weeks after its decision is accepted.
    client.post(reverse("certificates:historic_certificate_create"), {**data, "valid_until": "20/02/2027"})
    assert Certificate.objects.get().valid_until == date(2027, 2, 20)


@pytest.mark.parametrize("day", [date(2005, 3, 1), date(2018, 5, 6)])
def test_it_refuses_a_decision_dated_before_the_programme(day):
    """The OCOP programme began with Quyết định 490/QĐ-TTg of 07/05/2018: a 2005 decision was recorded (as pre-1048)."""
    with pytest.raises(ValidationError) as raised:
        historic_certificate_check(issuer_level=P, star=4, decision_date=day, legal_basis=LegalBasis.PRE_1048)
    assert raised.value.message_dict == {
        "decision_date": [
            "Chương trình OCOP bắt đầu từ ngày 07/05/2018 (Quyết định 490/QĐ-TTg): không có quyết định công nhận "
            "sản phẩm OCOP trước ngày này. Kiểm tra lại ngày đã nhập."
        ]
    }


def test_it_accepts_a_decision_of_the_programmes_first_day():
    historic_certificate_check(
        issuer_level=P, star=4, decision_date=OCOP_PROGRAMME_STARTS_ON, legal_basis=LegalBasis.PRE_1048
    )


def test_the_form_refuses_a_decision_before_the_programme_next_to_its_date(login, cast):
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "number": "12/GCN-UBND",
        "star": 3,
        "issuer_level": "province",
        "issuer_name": "UBND tỉnh Bắc Kạn",
        "decision_number": "120/QĐ-UBND",
        "decision_date": "15/03/2005",
        "legal_basis": LegalBasis.PRE_1048,
    }
    response = login(cast.province_officer).post(reverse("certificates:historic_certificate_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["decision_date"]
    assert "bắt đầu từ ngày 07/05/2018" in form.errors["decision_date"][0]
    assert 'value="15/03/2005"' in response.content.decode()  # what was typed stays
    assert not Certificate.objects.exists()


def test_the_form_shows_every_refusal_at_once_each_next_to_its_field(login, cast):
    """A 2024 decision typed as 1048/2019, a province 5★ and a last day in 2040: the form said the basis, then, once it
    was corrected, the star, then the last day; it says the three at once."""
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "number": "27/GCN-UBND",
        "star": 5,
        "issuer_level": "province",
        "issuer_name": "UBND tỉnh Bắc Kạn",
        "decision_number": "88/QĐ-UBND",
        "decision_date": "10/01/2024",
        "legal_basis": LegalBasis.D1048,
        "valid_until": "01/01/2040",
    }
    response = login(cast.province_officer).post(reverse("certificates:historic_certificate_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert sorted(errors) == ["legal_basis", "star", "valid_until"]
    assert errors["legal_basis"][0].startswith("Ngày 10/01/2024 áp dụng QĐ 148/QĐ-TTg (2023)")
    assert "chỉ công nhận sản phẩm 4 sao" in errors["star"][0]  # judged by the basis in force on the date
    assert "10/01/2027" in errors["valid_until"][0]
    assert 'value="01/01/2040"' in response.content.decode()
    assert not Certificate.objects.exists()


def test_the_service_says_the_decisions_clash_with_the_rules_refusals(cast):
    """A certificate number already recorded under the decision is said with the rule refusals, not after them."""
    record = {
        "by": cast.province_officer,
        "number": "1/GCN",
        "star": 4,
        "issuer_level": P,
        "issuer_name": "UBND tỉnh Bắc Kạn",
        "decision_number": "77/QĐ-UBND",
        "decision_date": date(2024, 6, 1),
        "legal_basis": LegalBasis.D148,
    }
    certificate_record_historic(product=ProductFactory(producer=cast.producer), **record)
    with pytest.raises(ValidationError) as raised:
        certificate_record_historic(
            product=ProductFactory(producer=cast.producer), **(record | {"star": 3, "valid_until": date(2040, 1, 1)})
        )
    assert sorted(raised.value.message_dict) == ["number", "star", "valid_until"]
    assert Certificate.objects.count() == 1
