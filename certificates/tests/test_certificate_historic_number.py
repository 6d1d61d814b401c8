"""An old certificate's typed number names one certificate of its issuer in its year. The historic form took a new
certificate numbered "2024-NR-023" from "UBND huyện Na Rì", a number already on another product's certificate from
that district (the demo itself held "2024-NR-015" twice), and the public verification page then listed two products
for one printed number. Refused next to the number, for the issuer's name however written, and by the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.models import Certificate
from certificates.services.certificates import certificate_record_historic
from certificates.tests.factories import CertificateFactory, DecisionFactory
from evaluation.choices import LegalBasis
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TAKEN = "Cơ quan này đã có giấy chứng nhận mang số này trong năm đó."


def _record(cast, **fields):
    data = {
        "by": cast.province_officer,
        "product": ProductFactory(producer=cast.producer),
        "number": "2024-NR-023",
        "star": 3,
        "issuer_level": IssuerLevel.DISTRICT,
        "issuer_name": "UBND huyện Na Rì",
        "decision_number": "1205/QĐ-UBND",
        "decision_date": date(2024, 5, 1),
        "legal_basis": LegalBasis.D148,
        **fields,
    }
    return certificate_record_historic(**data)


def test_a_number_the_issuer_gave_that_year_is_refused_next_to_it(cast):
    first = _record(cast)
    for issuer in ("UBND huyện Na Rì", "ỦY BAN NHÂN DÂN HUYỆN NA RÌ"):  # another decision of the district that year
        with pytest.raises(ValidationError) as exc:
            _record(cast, issuer_name=issuer, decision_number="1209/QĐ-UBND", decision_date=date(2024, 9, 28))
        assert exc.value.message_dict == {"number": [TAKEN]}
    assert list(Certificate.objects.filter(number="2024-NR-023").values_list("pk", flat=True)) == [first.pk]


def test_another_issuer_or_another_year_may_have_given_it(cast):
    _record(cast)
    elsewhere = _record(cast, issuer_name="UBND huyện Ngân Sơn")
    next_year = _record(cast, decision_number="1301/QĐ-UBND", decision_date=date(2025, 1, 6))  # numbering restarts
    assert Certificate.objects.filter(number="2024-NR-023").count() == 3
    assert elsewhere.decision_id != next_year.decision_id


def test_the_form_says_so_next_to_the_number_and_keeps_what_was_typed(login, cast):
    _record(cast)
    data = {
        "product": ProductFactory(producer=cast.producer).pk,
        "number": "2024-NR-023",
        "star": 3,
        "issuer_level": "district",
        "issuer_name": "UBND huyện Na Rì",
        "decision_number": "1209/QĐ-UBND",
        "decision_date": "28/09/2024",
        "legal_basis": LegalBasis.D148,
    }
    response = login(cast.province_officer).post(reverse("certificates:historic_certificate_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["number"] == [TAKEN]
    assert form["number"].value() == "2024-NR-023" and form["decision_number"].value() == "1209/QĐ-UBND"
    assert Certificate.objects.filter(number="2024-NR-023").count() == 1


def test_the_database_refuses_a_second_one_written_past_the_service(cast):
    first = _record(cast)
    assert first.issuer_name == "UBND huyện Na Rì"  # the decision's issuer, copied
    other = DecisionFactory(
        issuer_level=IssuerLevel.DISTRICT,
        issuer_name="UBND huyện Na Rì",
        number="1209/QĐ-UBND",
        date=date(2024, 9, 28),
        is_historic=True,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(
            product=ProductFactory(producer=cast.producer), decision=other, number="2024-NR-023", is_historic=True
        )
