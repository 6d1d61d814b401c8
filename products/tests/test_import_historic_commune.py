"""Excel: the commune before 1 July 2025 is kept through import and export ("Xã cũ (trước 01/07/2025)")."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ocop.models import AdministrativeUnitSuccession
from ocop.testing import make_unit
from products import excel
from products.models import Producer

from .test_import_export import PRODUCER_HEADERS, post_import, producer_row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def con_minh(cast):
    district = make_unit(level="district", code="800", name="Huyện Na Rì", era="historic")
    old = make_unit(level="commune", code="80001", name="Xã Côn Minh", parent=district, era="historic")
    AdministrativeUnitSuccession.objects.create(old=old, new=cast.commune)
    return old


def test_it_imports_and_exports_the_old_commune(cast, login, con_minh):
    client = login(cast.commune_officer)
    rows = [producer_row("HTX Côn Minh", "0100109106", historic_commune="con minh")]
    assert post_import(client, "products:producer_import", xlsx(PRODUCER_HEADERS, rows)).status_code == 302
    assert Producer.objects.get(tax_code="0100109106").historic_commune == con_minh
    exported = client.get(reverse("products:producer_export"), {"q": "con minh"})
    ws = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    header, row = [list(r) for r in ws.iter_rows(values_only=True)]
    assert row[header.index("Xã cũ (trước 01/07/2025)")] == "Xã Côn Minh"
    upload = SimpleUploadedFile("export.xlsx", exported.content, content_type=excel.XLSX)
    assert post_import(client, "products:producer_import", upload).status_code == 302
    assert Producer.objects.get(tax_code="0100109106").historic_commune == con_minh


def test_it_rejects_an_old_commune_that_did_not_merge_into_the_row_commune(cast, login, con_minh):
    rows = [
        producer_row("HTX Một", "0100109106"),
        producer_row("HTX Hai", "", historic_commune="Xã Quang Phong"),
    ]
    response = post_import(login(cast.commune_officer), "products:producer_import", xlsx(PRODUCER_HEADERS, rows))
    assert response.status_code == 400
    errors = response.context["result"]["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "Xã cũ (trước 01/07/2025)")]
    assert "Quang Phong" in errors[0]["message"]
    assert not Producer.objects.filter(name__in=["HTX Một", "HTX Hai"]).exists()
