"""A historic certificate prints the producer's address as it stood when it was issued: the former commune with its
district and province before 01/07/2025, never today's units under the old issuer (the demo's 2020 extract from
"UBND tỉnh Nam Định" printed "Xã Xuân Hưng, Tỉnh Ninh Bình", a unit that did not exist then)."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.services.certificates import certificate_record_historic
from evaluation.choices import LegalBasis
from ocop.models import AdministrativeUnit
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

# The units written as a sentence writes them (Nghị định 30/2020, Phụ lục II): the kinds in lower case.
FORMER = "Xóm 5, xã Thọ Nghiệp, huyện Xuân Trường, tỉnh Nam Định"


@pytest.fixture
def producer(cast):
    """The cast's producer (today in Xã Hoà An, Tỉnh Thử Nghiệm), formerly in Xã Thọ Nghiệp, Huyện Xuân Trường, Tỉnh
    Nam Định: the former units as admin_units_load keeps them, in force until 30/06/2025."""
    old = {"era": "historic", "valid_to": date(2025, 6, 30)}
    province = AdministrativeUnit.objects.create(
        level="province", code="36", name="Tỉnh Nam Định", full_name="Tỉnh Nam Định", **old
    )
    district = AdministrativeUnit.objects.create(
        level="district",
        code="363",
        name="Huyện Xuân Trường",
        full_name="Huyện Xuân Trường, Tỉnh Nam Định",
        parent=province,
        **old,
    )
    commune = AdministrativeUnit.objects.create(
        level="commune",
        code="14068",
        name="Xã Thọ Nghiệp",
        full_name="Xã Thọ Nghiệp, Huyện Xuân Trường, Tỉnh Nam Định",
        parent=district,
        **old,
    )
    producer = cast.producer
    # Typed as the address is today: the line names today's commune and province.
    producer.address, producer.historic_commune = "Xóm 5, xã Hoà An, tỉnh Thử Nghiệm", commune
    producer.save(update_fields=["address", "historic_commune"])
    return producer


def record(cast, product, **fields):
    data = {
        "by": cast.province_officer,
        "product": product,
        "number": "2020-ND-007",
        "star": 3,
        "issuer_level": IssuerLevel.PROVINCE,
        "issuer_name": "UBND tỉnh Nam Định",
        "decision_number": "2093/QĐ-UBND",
        "decision_date": date(2020, 9, 30),
        "legal_basis": LegalBasis.D1048,
    }
    return certificate_record_historic(**{**data, **fields})


def test_an_old_certificate_prints_the_address_of_its_day(cast, producer, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = record(cast, ProductFactory(producer=producer, name="Tinh bột nghệ"))
    assert certificate.producer_address == FORMER
    response = login(cast.province_officer).get(reverse("certificates:certificate_download", args=[certificate.pk]))
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split()
    )
    assert "UBND TỈNH NAM ĐỊNH" in text and f"Địa chỉ: {FORMER}" in text
    assert "Thử Nghiệm" not in text and "Hoà An" not in text


def test_the_address_typed_from_the_old_certificate_is_kept(cast, producer):
    certificate = record(cast, ProductFactory(producer=producer), producer_address="Xuân Trường, Nam Định")
    assert certificate.producer_address == "Xuân Trường, Nam Định"


def test_the_former_units_stand_until_30_06_2025_and_todays_from_01_07_2025(producer):
    assert producer.address_on(date(2025, 6, 30)) == FORMER
    assert producer.address_on(date(2025, 7, 1)) == producer.full_address == "Xóm 5, xã Hoà An, tỉnh Thử Nghiệm"


def test_without_a_former_commune_it_prints_todays_address(cast):
    producer = cast.producer
    producer.address = "Thôn Nà Đon"
    producer.save(update_fields=["address"])
    certificate = record(cast, ProductFactory(producer=producer))
    assert certificate.producer_address == producer.full_address == "Thôn Nà Đon, xã Hoà An, tỉnh Thử Nghiệm"
