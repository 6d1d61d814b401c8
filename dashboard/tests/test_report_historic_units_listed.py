"""The report's list of the products recognised in the period names each certificate by the units in force on its
day: Xuân Trường's 2020 certificates (Nam Định, before the district level was abolished on 01/07/2025) under Xã Thọ
Nghiệp, Huyện Xuân Trường, Tỉnh Nam Định, as they were issued, not under today's commune and province (Ninh Bình),
where they read as a province's record; the tables that count by unit stay by today's communes unless asked for
the units before the reform (Producer.units_on)."""

import io
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from certificates.tests.factories import CertificateFactory
from ocop.models import AdministrativeUnit
from ocop.testing import make_unit
from products.models import Producer
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = reverse("dashboard_report")


@pytest.fixture
def xuan_truong(cast):
    nam_dinh = make_unit(level="province", code="36", name="Tỉnh Nam Định", era="historic")
    district = make_unit(level="district", code="362", name="Huyện Xuân Trường", parent=nam_dinh, era="historic")
    commune = make_unit(level="commune", code="14329", name="Xã Thọ Nghiệp", parent=district, era="historic")
    AdministrativeUnit.objects.filter(era="historic").update(valid_to=date(2025, 6, 30))
    Producer.objects.filter(pk=cast.producer.pk).update(historic_commune=commune)
    before = CertificateFactory(product=ProductFactory(producer=cast.producer), star=3, issued_on=date(2020, 9, 30))
    after = CertificateFactory(product=ProductFactory(producer=cast.producer), star=3, issued_on=date(2025, 9, 30))
    return before, after


def listed(client, year):
    response = client.get(URL, {"period": "year", "year": year, "format": "xlsx"})
    return list(load_workbook(io.BytesIO(response.content))["Danh sách công nhận"].iter_rows(values_only=True))


def test_a_certificate_of_a_former_district_is_listed_under_its_district(cast, login, xuan_truong):
    client = login(cast.province_officer)
    rows = listed(client, 2020)
    assert rows[0][3:6] == ("Xã, phường", "Huyện (trước 01/07/2025)", "Tỉnh, thành phố")
    assert rows[1][3:6] == ("Xã Thọ Nghiệp", "Huyện Xuân Trường", "Tỉnh Nam Định")
    # Issued after the reform: today's commune and province, no district.
    rows = listed(client, 2025)
    assert rows[1][3:6] == (cast.commune.name, None, cast.province.name)
    # The counts by unit stay by today's communes (the roll-up), by former districts when asked.
    report = client.get(URL, {"period": "year", "year": 2020}).context["report"]
    assert [row["name"] for row in report["units"]] == [cast.commune.name]
    report = client.get(URL, {"period": "year", "year": 2020, "historic_units": "on"}).context["report"]
    assert [row["name"] for row in report["units"]] == ["Huyện Xuân Trường"]


def test_the_pdf_lists_it_under_its_district_too(cast, login, xuan_truong, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(login(cast.province_officer).get(URL, {"period": "year", "year": 2020, "format": "pdf"}).content)
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Xã Thọ Nghiệp, Huyện Xuân Trường, Tỉnh Nam Định" in text
