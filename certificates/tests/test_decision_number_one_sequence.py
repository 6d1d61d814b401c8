"""One issuer numbers all its decisions of a year in one sequence ("số …/QĐ-UBND": Nghị định 30/2020/NĐ-CP, Phụ lục
I), whatever they decide. Recognition decisions refused a number taken within their own kind only: the province's
"Phê duyệt kết quả, gửi Bộ" took approval decision 2468/QĐ-UBND, the number of its recognition decision of the same
day, and a revocation was issued as 2470/QĐ-UBND, the number of the decision that had recognised the product. The one
rule (ocop.selectors.decision_number_holder, each app answering for the decisions it records) now holds for
recognition decisions, approvals, revocations, councils' establishment and decisions recorded from before."""

import datetime
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, DecisionStatus, IssuerLevel
from certificates.models import RecognitionDecision, Revocation
from certificates.services.certificates import certificate_record_historic
from certificates.services.revocations import certificate_revoke, certificate_revoke_propose
from certificates.tests.factories import checker_for, issued_decision, result_for, revoke_with_four_eyes
from evaluation.choices import LegalBasis, Level
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CentralReferral, Council
from evaluation.services.councils import council_create
from evaluation.tests.factories import potential_five, refer_central
from ocop.testing import race_in_parallel
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TAKEN = "Cơ quan này đã có quyết định mang số này trong năm đó."
TODAY = date(2026, 12, 2)


def _recognise(cast, number: str, *, results=None, on: date | None = None) -> RecognitionDecision:
    results = results or [result_for(cast.producer)]
    return issued_decision(province=cast.province, by=cast.province_officer, results=results, number=number, on=on)


def _field(page: str, name: str) -> str:
    """The form's markup from the field `name` to the next field (its error sits there)."""
    return page.split(f'name="{name}"', 1)[1].split('name="', 1)[0]


def test_the_approval_of_a_potential_five_cannot_take_the_recognition_decisions_number(cast):
    _recognise(cast, "2468/QĐ-UBND")
    s = potential_five(cast)
    with pytest.raises(ValidationError) as exc:
        refer_central(s.registration, cast.province_officer, approval_number="2468/QĐ-UBND")
    assert exc.value.message_dict == {"approval_number": [TAKEN]}
    s.registration.refresh_from_db()
    assert s.registration.status == S.PROVINCE_APPROVAL and not CentralReferral.objects.exists()
    assert refer_central(s.registration, cast.province_officer, approval_number="2469/QĐ-UBND").status == (
        S.FORWARDED_TO_CENTRAL
    )


def test_the_approval_page_says_so_next_to_the_number_and_keeps_what_was_typed(cast, login):
    _recognise(cast, "2468/QĐ-UBND")
    s = potential_five(cast)
    data = {
        "approval_number": "2468/QĐ-UBND",
        "approval_date": "02/12/2026",
        "letter_number": "2150/UBND-KT",
        "letter_date": "02/12/2026",
    }
    response = login(cast.province_officer).post(
        reverse("evaluation:registration_refer_central", args=[s.registration.pk]), data
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert TAKEN in _field(page, "approval_number")
    assert 'value="2468/QĐ-UBND"' in page and 'value="2150/UBND-KT"' in page
    s.registration.refresh_from_db()
    assert s.registration.status == S.PROVINCE_APPROVAL


def test_last_years_number_or_another_issuers_is_another_decision(cast):
    with time_machine.travel(datetime.datetime(2025, 12, 20, 10, tzinfo=datetime.UTC)):
        _recognise(cast, "2468/QĐ-UBND")
    ministry = RecognitionDecision.objects.create(
        number="2470/QĐ-UBND",
        date=TODAY,
        issuer_level=IssuerLevel.MINISTRY,
        issuer_name="BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        status=DecisionStatus.ISSUED,
    )
    s = potential_five(cast)
    refer_central(s.registration, cast.province_officer, approval_number="2468/QĐ-UBND")
    assert CentralReferral.objects.get().approval_number == "2468/QĐ-UBND"
    decision = _recognise(cast, ministry.number)  # the ministry's 2470 is not the province's
    assert decision.status == DecisionStatus.ISSUED


def test_a_revocation_cannot_take_the_number_of_the_decision_that_recognised_the_product(cast):
    certificate = _recognise(cast, "2470/QĐ-UBND").certificates.get()
    with pytest.raises(ValidationError) as exc:
        revoke_with_four_eyes(certificate=certificate, by=cast.province_officer, decision_number="2470/QĐ-UBND")
    assert exc.value.message_dict == {"decision_number": [TAKEN]}
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    revocation = certificate_revoke(
        certificate=certificate,
        decision_number="2471/QĐ-UBND",
        decision_date=TODAY,
        by=checker_for(cast.province_officer),
    )
    assert revocation.decision_number == "2471/QĐ-UBND"


def test_one_revocation_decision_revokes_several_certificates_but_its_number_names_no_other_day(cast):
    results = [result_for(cast.producer) for _ in range(3)]
    first, second, third = _recognise(cast, "2400/QĐ-UBND", results=results, on=date(2026, 10, 1)).certificates.all()
    for certificate in (first, second):
        revoke_with_four_eyes(
            certificate=certificate, by=cast.province_officer, decision_number="90/QĐ-UBND", decision_date=TODAY
        )
    assert Revocation.objects.filter(decision_number="90/QĐ-UBND").count() == 2
    with time_machine.travel(timezone.now() - datetime.timedelta(days=2), tick=True):  # proposed before that day
        certificate_revoke_propose(
            certificate=third,
            ground="dd",
            detail="UBND xã xác nhận chủ thể ngừng sản xuất.",
            by=cast.province_officer,
            commune_confirmed_on=third.issued_on,
        )
    with pytest.raises(ValidationError) as exc:
        certificate_revoke(
            certificate=third,
            decision_number="90/QĐ-UBND",
            decision_date=TODAY - datetime.timedelta(days=1),
            by=checker_for(cast.province_officer),
        )
    assert exc.value.message_dict == {"decision_number": [TAKEN]}


def test_a_recognition_decision_cannot_take_a_revocations_an_approvals_or_a_councils_number(cast):
    certificate = _recognise(cast, "2400/QĐ-UBND").certificates.get()
    revoke_with_four_eyes(certificate=certificate, by=cast.province_officer, decision_number="15/QĐ-UBND")
    s = potential_five(cast)
    refer_central(s.registration, cast.province_officer, approval_number="16/QĐ-UBND")
    council_create(
        by=cast.province_officer,
        level=Level.PROVINCE,
        unit=cast.province,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh năm 2026",
        decision_number="17/QĐ-UBND",
        decision_date=date(2026, 3, 12),
    )
    for number in ("15/QĐ-UBND", "16/QĐ-UBND", "17/QĐ-UBND"):
        with pytest.raises(ValidationError) as exc:
            _recognise(cast, number)
        assert exc.value.message_dict == {"number": [TAKEN]}
    assert not RecognitionDecision.objects.filter(number__in=["15/QĐ-UBND", "16/QĐ-UBND", "17/QĐ-UBND"]).exists()


def test_one_decision_establishes_the_council_and_its_advisory_team_and_no_other(cast):
    fields = {"level": Level.PROVINCE, "unit": cast.province, "decision_number": "1735/QĐ-UBND"}
    council_create(by=cast.province_officer, name="Hội đồng tỉnh", decision_date=date(2026, 3, 12), **fields)
    council_create(
        by=cast.province_officer, kind="advisory", name="Tổ tư vấn tỉnh", decision_date=date(2026, 3, 12), **fields
    )
    with pytest.raises(ValidationError) as exc:
        council_create(by=cast.province_officer, name="Hội đồng khác", decision_date=date(2026, 4, 1), **fields)
    assert exc.value.message_dict == {"decision_number": [TAKEN]}
    assert Council.objects.filter(decision_number="1735/QĐ-UBND").count() == 2
    _recognise(cast, "2468/QĐ-UBND")
    with pytest.raises(ValidationError) as exc:
        council_create(
            by=cast.province_officer,
            name="Hội đồng khác",
            decision_date=TODAY,
            **{**fields, "decision_number": "2468/QĐ-UBND"},
        )
    assert exc.value.message_dict == {"decision_number": [TAKEN]}


def test_a_decision_recorded_from_before_cannot_take_a_number_of_the_same_issuer_written_another_way(cast):
    _recognise(cast, "2468/QĐ-UBND")  # "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM"
    with pytest.raises(ValidationError) as exc:
        certificate_record_historic(
            by=cast.province_officer,
            product=ProductFactory(producer=cast.producer),
            number="2026-TN-001",
            star=4,
            issuer_level=IssuerLevel.PROVINCE,
            issuer_name="UBND tỉnh Thử Nghiệm",
            decision_number="2468/QĐ-UBND",
            decision_date=date(2026, 8, 5),
            legal_basis=LegalBasis.D26,
        )
    assert exc.value.message_dict == {"decision_number": [TAKEN]}
    assert not RecognitionDecision.objects.filter(is_historic=True).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_recognition_and_a_revocation_written_at_once_under_one_number_end_in_one(cast):
    """Two kinds of decision live in two tables, so no unique index sees both: the decisions of one issuer and year
    are written in turn, and the second, once the first has committed, finds its number taken."""
    certificate = _recognise(cast, "2400/QĐ-UBND").certificates.get()
    certificate_revoke_propose(
        certificate=certificate,
        ground="dd",
        detail="UBND xã xác nhận chủ thể ngừng sản xuất.",
        by=cast.province_officer,
        commune_confirmed_on=certificate.issued_on,
    )
    results = [result_for(cast.producer)]

    def recognise():
        _recognise(cast, "2470/QĐ-UBND", results=results)

    def revoke():
        certificate_revoke(
            certificate=certificate,
            decision_number="2470/QĐ-UBND",
            decision_date=timezone.localdate(),
            by=checker_for(cast.province_officer),
        )

    first, second = race_in_parallel(recognise, revoke)
    assert connection.vendor == "postgresql"
    assert first is None
    assert isinstance(second, ValidationError) and second.message_dict == {"decision_number": [TAKEN]}
    assert not Revocation.objects.filter(decision_number="2470/QĐ-UBND").exists()
