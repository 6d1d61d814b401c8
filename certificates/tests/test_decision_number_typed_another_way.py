"""A number is the same however a clerk types it (ocop.text.decision_number_key): the province's decision
"12/QĐ-UBND" was followed by an approval typed "12/QD-UBND" (a keyboard without the Vietnamese IME) and a council's
decision "12/qđ-ubnd", each taken as another number; an old certificate "05/GCN-UBND" was recorded again as
"5/gcn–ubnd"; a second old certificate of decision "1209/QĐ-UBND" typed "1209/QD-UBND" started a second decision;
and a buyer typing the number without "Đ" found no certificate. Every check of a number, and the lookups, now
compare the numbers' keys."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.models import Certificate, RecognitionDecision
from certificates.selectors.certificates import certificates_matching
from certificates.services.certificates import certificate_record_historic
from certificates.tests.factories import CertificateFactory, issued_decision, result_for, revoke_with_four_eyes
from evaluation.choices import LegalBasis, Level
from evaluation.models import CentralReferral, Council
from evaluation.services.councils import council_create
from evaluation.tests.factories import potential_five, refer_central
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TAKEN = "Cơ quan này đã có quyết định mang số này trong năm đó."
HISTORIC_TAKEN = "Cơ quan này đã có giấy chứng nhận mang số này trong năm đó."


def _recognise(cast, number: str):
    return issued_decision(
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number=number
    )


def _council(cast, number: str):
    return council_create(
        by=cast.province_officer,
        level=Level.PROVINCE,
        unit=cast.province,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh năm 2026",
        decision_number=number,
        decision_date=date(2026, 3, 12),
    )


def test_an_approval_or_a_council_cannot_take_a_decisions_number_typed_another_way(cast):
    _recognise(cast, "12/QĐ-UBND")
    s = potential_five(cast)
    with pytest.raises(ValidationError) as exc:
        refer_central(s.registration, cast.province_officer, approval_number="12/QD-UBND")
    assert exc.value.message_dict == {"approval_number": [TAKEN]}
    assert not CentralReferral.objects.exists()
    for typed in ("12/qđ-ubnd", "012/QĐ–UBND"):
        with pytest.raises(ValidationError) as exc:
            _council(cast, typed)
        assert exc.value.message_dict == {"decision_number": [TAKEN]}, typed
    assert not Council.objects.filter(decision_date=date(2026, 3, 12)).exists()


def test_a_recognition_or_a_revocation_cannot_take_another_kinds_number_typed_another_way(cast):
    _council(cast, "17/QĐ-UBND")
    with pytest.raises(ValidationError) as exc:
        _recognise(cast, "17/qd-UBND")
    assert exc.value.message_dict == {"number": [TAKEN]}
    certificate = _recognise(cast, "2470/QĐ-UBND").certificates.get()
    with pytest.raises(ValidationError) as exc:
        revoke_with_four_eyes(certificate=certificate, by=cast.province_officer, decision_number="2470/QD—UBND")
    assert exc.value.message_dict == {"decision_number": [TAKEN]}
    # Another number is still another number.
    assert _council(cast, "18/QĐ-UBND").decision_number == "18/QĐ-UBND"


def _record(cast, **fields):
    data = {
        "by": cast.province_officer,
        "product": ProductFactory(producer=cast.producer),
        "number": "05/GCN-UBND",
        "star": 3,
        "issuer_level": IssuerLevel.DISTRICT,
        "issuer_name": "UBND huyện Na Rì",
        "decision_number": "1209/QĐ-UBND",
        "decision_date": date(2024, 9, 28),
        "legal_basis": LegalBasis.D148,
        **fields,
    }
    return certificate_record_historic(**data)


def test_an_old_certificates_number_typed_another_way_is_refused_next_to_it(cast):
    first = _record(cast)
    for typed in ("5/gcn–ubnd", "05 / GCN-UBND"):
        with pytest.raises(ValidationError) as exc:
            _record(cast, number=typed, decision_number="1300/QĐ-UBND", decision_date=date(2024, 11, 2))
        assert exc.value.message_dict == {"number": [HISTORIC_TAKEN]}, typed
    assert list(Certificate.objects.values_list("pk", flat=True)) == [first.pk]


def test_a_second_old_certificate_joins_its_decision_typed_another_way(cast):
    first = _record(cast)
    second = _record(cast, number="06/GCN-UBND", decision_number="1209/QD-UBND")
    assert second.decision_id == first.decision_id and second.decision.number == "1209/QĐ-UBND"
    assert RecognitionDecision.objects.filter(is_historic=True).count() == 1
    # Its own number, typed another way, is the first certificate's in that decision.
    with pytest.raises(ValidationError) as exc:
        _record(cast, number="6/gcn-ubnd", decision_number="1209/qđ-ubnd")
    assert "number" in exc.value.message_dict


def test_a_buyer_finds_the_certificate_by_its_number_typed_another_way(cast, client):
    certificate = CertificateFactory(product=ProductFactory(producer=cast.producer), number="101/QĐ-GCN-TN")
    CertificateFactory(product=ProductFactory(producer=cast.producer), number="1010/QĐ-GCN-TN")

    def found(typed: str) -> list[str]:
        answer = client.get(reverse("api:public_certificate_list"), {"number": typed}).json()["results"]
        return [row["number"] for row in answer]

    for typed in ("101/QĐ-GCN-TN", "101/qd-gcn-tn ", "101 / QD–GCN–TN", "0101/QĐ-GCN-TN"):
        assert found(typed) == [certificate.number], typed
    assert found("10/QĐ-GCN-TN") == []
    page = client.get(reverse("portal:certificate_lookup"), {"number": "101/QD-GCN-TN"})
    assert page.status_code == 302 and certificate.verify_token in page["Location"]


def test_an_officer_names_a_certificate_by_its_number_typed_another_way(cast):
    certificate = CertificateFactory(product=ProductFactory(producer=cast.producer), number="77/GCN-UBND")
    assert certificates_matching(Certificate.objects.all(), "77/gcn–ubnd") == [certificate]
