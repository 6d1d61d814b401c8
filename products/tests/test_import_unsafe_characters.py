"""The Excel import refuses invisible and control characters the way the forms do, per row and column, and
writes nothing; Vietnamese text (NFD included) still imports."""

import pytest

from products.models import Producer

from .test_import_export import PRODUCER_HEADERS, post_import, producer_row, xlsx


@pytest.mark.parametrize("bad", ["HTX \u202euhP nầrT", "HTX\u200b Trần Phú", "HTX Trần\x7f Phú"])
def test_it_reports_the_cell_and_writes_nothing(cast, login, bad):
    rows = [producer_row("HTX Hoà An", "0100109106"), producer_row(bad, address="Thôn\u2066 1")]
    response = post_import(login(cast.commune_officer), "products:producer_import", xlsx(PRODUCER_HEADERS, rows))
    assert response.status_code == 400
    errors = {(e["row"], e["column"]): e["message"] for e in response.context["result"]["errors"]}
    assert set(errors) == {(3, "Tên chủ thể"), (3, "Địa chỉ")}
    assert "U+" in errors[(3, "Tên chủ thể")] and "U+2066" in errors[(3, "Địa chỉ")]
    assert not Producer.objects.filter(tax_code="0100109106").exists()  # the good row is not written either


def test_it_still_imports_vietnamese_names_typed_in_nfd(cast, login):
    rows = [producer_row("HTX Tra\u0302\u0300n Phu\u0301", "0100109106")]
    response = post_import(login(cast.commune_officer), "products:producer_import", xlsx(PRODUCER_HEADERS, rows))
    assert response.status_code == 302
    assert Producer.objects.get(tax_code="0100109106").name == "HTX Trần Phú"
