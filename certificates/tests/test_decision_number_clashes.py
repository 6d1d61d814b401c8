"""`manage.py decision_number_clashes`: the numbers that are one number however typed (ocop.text.
decision_number_key) but were written twice before the checks compared them so. Nothing told the office that its
existing decisions held "12/QĐ-UBND" and "12/QD-UBND" of one issuer and year, a council's "012/qđ–ubnd" among them,
or two old certificates "05/GCN-UBND" and "5/gcn–ubnd"; nor that two of its result notices held "12/TB-SNNMT" and
"012/tb–snnmt" (those were not read at all). The command lists them (issuer, year, the numbers as typed,
ids, dates and pages) and exits with status 1 when there are any, 0 when there are none."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from certificates.models import Revocation
from certificates.tests.factories import CertificateFactory, DecisionFactory, revoke_with_four_eyes
from evaluation.choices import Level, RegistrationStatus
from evaluation.models import Council, ResultNotice
from evaluation.services.councils import council_create
from evaluation.services.notices import registration_notify_result
from evaluation.tests.factories import notice_paper
from evaluation.tests.test_registration_result_notice import scored
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PROVINCE = "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM"  # the cast's province, as its decisions print it
NONE = "No decision, certificate or result notice number is written twice.\n"


def clashes() -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("decision_number_clashes", stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def council_numbered(cast, number: str, day: date) -> Council:
    """A council whose establishing decision bears `number`, written as before the numbers were compared by key."""
    council = council_create(
        by=cast.province_officer,
        level=Level.PROVINCE,
        unit=cast.province,
        name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh năm 2026",
        decision_number="999/QĐ-UBND",
        decision_date=day,
    )
    Council.objects.filter(pk=council.pk).update(decision_number=number)
    return council


def test_it_lists_decisions_of_one_issuer_and_year_whose_numbers_are_one_and_fails(cast):
    first = DecisionFactory(number="12/QĐ-UBND", date=date(2026, 3, 15))
    second = DecisionFactory(number="12/QD-UBND", date=date(2026, 5, 2), issuer_name="UBND tỉnh Thử Nghiệm")
    council = council_numbered(cast, "012/qđ–ubnd", date(2026, 3, 12))
    # Not clashes: the number in another year, or of another issuer; another number.
    DecisionFactory(number="12/QĐ-UBND", date=date(2025, 3, 15))
    DecisionFactory(number="12/QĐ-UBND", date=date(2026, 3, 15), issuer_name="ỦY BAN NHÂN DÂN TỈNH KHÁC")
    DecisionFactory(number="120/QĐ-UBND", date=date(2026, 3, 15))

    text, error = clashes()

    assert error is not None and error.returncode == 1
    assert "1 decision number(s), 0 certificate number(s) and 0 result notice" in str(error)
    lines = text.splitlines()
    assert lines[0] == f'Decisions of {PROVINCE}, 2026, number "12/qd-ubnd":'
    assert lines[1:] == [
        f'  "012/qđ–ubnd"  decision establishing a council id {council.pk}  dated 12/03/2026  '
        f"{reverse('evaluation:council_detail', args=[council.pk])}  ({PROVINCE})",
        f'  "12/QĐ-UBND"  recognition decision id {first.pk}  dated 15/03/2026  '
        f"{reverse('certificates:decision_detail', args=[first.pk])}  ({PROVINCE})",
        f'  "12/QD-UBND"  recognition decision id {second.pk}  dated 02/05/2026  '
        f"{reverse('certificates:decision_detail', args=[second.pk])}  (UBND tỉnh Thử Nghiệm)",
    ]


def test_the_certificates_one_revocation_decision_revokes_are_one_decision(cast):
    revoked = [
        CertificateFactory(product=ProductFactory(producer=cast.producer), decision=DecisionFactory()) for _ in range(2)
    ]
    for certificate in revoked:
        revoke_with_four_eyes(certificate=certificate, by=cast.province_officer, decision_number="77/QĐ-UBND")
    assert Revocation.objects.filter(decision_number="77/QĐ-UBND").count() == 2
    assert clashes() == (NONE, None)

    # A recognition decision of that year, recorded with that number typed another way, is another decision.
    recognition = DecisionFactory(number="77/QD-UBND", date=date(2026, 2, 1))
    text, error = clashes()
    assert error is not None
    assert f"recognition decision id {recognition.pk}" in text
    assert text.count("revocation decision id") == 2


def test_it_lists_old_certificates_of_one_issuer_and_year_whose_numbers_are_one(cast):
    district = DecisionFactory(
        number="1209/QĐ-UBND", date=date(2024, 9, 28), issuer_name="UBND huyện Na Rì", is_historic=True
    )
    later = DecisionFactory(
        number="1300/QĐ-UBND", date=date(2024, 11, 2), issuer_name="ỦY BAN NHÂN DÂN HUYỆN NA RÌ", is_historic=True
    )

    def old(number, decision):
        return CertificateFactory(
            product=ProductFactory(producer=cast.producer), number=number, decision=decision, is_historic=True
        )

    first, second = old("05/GCN-UBND", district), old("5/gcn–ubnd", later)
    old("06/GCN-UBND", district)  # another number
    old("05/GCN-UBND", DecisionFactory(number="7/QĐ-UBND", date=date(2023, 5, 1), issuer_name="UBND huyện Na Rì"))

    text, error = clashes()

    assert error is not None and "0 decision number(s), 1 certificate number(s) and 0 result notice" in str(error)
    assert text.splitlines() == [
        'Certificates of UBND huyện Na Rì, 2024, number "5/gcn-ubnd":',
        f'  "05/GCN-UBND"  old certificate id {first.pk}  issued 28/09/2024  decision "1209/QĐ-UBND" id {district.pk}'
        f"  {reverse('certificates:certificate_detail', args=[first.pk])}  ({first.product.name})",
        f'  "5/gcn–ubnd"  old certificate id {second.pk}  issued 02/11/2024  decision "1300/QĐ-UBND" id {later.pk}'
        f"  {reverse('certificates:certificate_detail', args=[second.pk])}  ({second.product.name})",
    ]


def test_it_says_so_and_succeeds_when_no_number_is_written_twice(cast):
    DecisionFactory(number="12/QĐ-UBND", date=date(2026, 3, 15))
    DecisionFactory(number="13/QĐ-UBND", date=date(2026, 3, 16))
    assert clashes() == (NONE, None)


def notice_numbered(cast, number: str, day: date, name: str, **office) -> ResultNotice:
    """A result notice bearing `number`, written as before the numbers were compared by key."""
    registration = scored(cast, RegistrationStatus.NOT_RECOGNISED, name=name)
    notice = registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    ResultNotice.objects.filter(pk=notice.pk).update(number=number, date=day, **office)
    notice.refresh_from_db()
    return notice


def test_it_lists_result_notices_of_one_office_and_year_whose_numbers_are_one(cast):
    first = notice_numbered(cast, "12/TB-SNNMT", date(2026, 3, 2), "Trà hoa vàng")
    second = notice_numbered(
        cast, "012/tb–snnmt", date(2026, 4, 9), "Mật ong rừng", issuer_name="SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    )
    # Not clashes: the number in another year, or of another province's office; another number.
    notice_numbered(cast, "12/TB-SNNMT", date(2025, 3, 2), "Miến dong")
    notice_numbered(cast, "12/TB-SNNMT", date(2026, 3, 2), "Chè xanh", parent_name="Ủy ban nhân dân tỉnh Khác")
    notice_numbered(cast, "120/TB-SNNMT", date(2026, 3, 2), "Gạo nếp")
    # A recognition decision of the province with that number is another issuer's paper.
    DecisionFactory(number="12/TB-SNNMT", date=date(2026, 3, 15))

    text, error = clashes()

    assert error is not None and error.returncode == 1
    assert "0 decision number(s), 0 certificate number(s) and 1 result notice number(s)" in str(error)
    office = f"{first.parent_name} / Sở Nông nghiệp và Môi trường"
    assert text.splitlines() == [
        f'Result notices of {office}, 2026, number "12/tb-snnmt":',
        f'  "12/TB-SNNMT"  result notice id {first.pk}  dated 02/03/2026  '
        f"{reverse('evaluation:registration_detail', args=[first.registration_id])}  ({office})",
        f'  "012/tb–snnmt"  result notice id {second.pk}  dated 09/04/2026  '
        f"{reverse('evaluation:registration_detail', args=[second.registration_id])}  "
        f"({first.parent_name} / SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG)",
    ]
