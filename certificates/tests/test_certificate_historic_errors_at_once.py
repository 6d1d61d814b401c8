"""The old-certificate form ("Ghi nhận giấy chứng nhận cũ") says every wrong field in its first answer: a field the form
refuses (the certificate's number left empty) does not hide, until the next submit, what the rules of the decision's
date say (historic_rules_check: level × star × basis on that date, the printed last day) or what is said of its
numbers (historic_numbers_check: the certificate's number the issuer already gave that year). What was typed stays,
and nothing is recorded."""

import pytest
from django.urls import reverse

from certificates.models import Certificate, RecognitionDecision
from evaluation.choices import LegalBasis
from products.tests.factories import ProductFactory

from .test_certificate_historic_number import TAKEN, _record

pytestmark = pytest.mark.django_db


def test_an_empty_number_a_district_after_july_2025_and_a_far_last_day_are_refused_at_once(login, cast):
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "number": "",
        "star": 3,
        "issuer_level": "district",
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
        "decision_number": "1427/QĐ-UBND",
        "decision_date": "01/08/2025",
        "legal_basis": LegalBasis.D1489,
        "valid_until": "01/01/2040",
    }
    response = login(cast.province_officer).post(reverse("certificates:historic_certificate_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["number"] == ["Trường này là bắt buộc."]
    assert "Từ 01/07/2025 không còn cấp huyện" in form.errors["issuer_level"][0]
    assert "hết hiệu lực khoảng ngày 01/08/2028" in form.errors["valid_until"][0]
    page = response.content.decode()
    assert 'value="01/08/2025"' in page and 'value="01/01/2040"' in page
    assert not Certificate.objects.exists() and not RecognitionDecision.objects.exists()


def test_a_date_to_come_is_refused_beside_a_star_the_form_refuses(login, cast):
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "number": "27/GCN-UBND",
        "star": 6,
        "issuer_level": "province",
        "issuer_name": "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ",
        "decision_number": "1427/QĐ-UBND",
        "decision_date": "10/03/2099",
        "legal_basis": LegalBasis.D148,
    }
    response = login(cast.province_officer).post(reverse("certificates:historic_certificate_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"star", "decision_date"}
    assert "sau hôm nay" in form.errors["decision_date"][0]
    assert not Certificate.objects.exists()


def test_a_number_the_issuer_gave_that_year_is_refused_beside_a_star_the_form_refuses(login, cast):
    first = _record(cast)
    data = {
        "product": ProductFactory(producer=cast.producer).pk,
        "number": "2024-NR-023",
        "star": 6,
        "issuer_level": "district",
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN NA RÌ",
        "decision_number": "1209/QĐ-UBND",
        "decision_date": "28/09/2024",
        "legal_basis": LegalBasis.D148,
    }
    response = login(cast.province_officer).post(reverse("certificates:historic_certificate_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"star", "number"} and form.errors["number"] == [TAKEN]
    assert 'value="2024-NR-023"' in response.content.decode()
    assert list(Certificate.objects.values_list("pk", flat=True)) == [first.pk]
    assert RecognitionDecision.objects.count() == 1
