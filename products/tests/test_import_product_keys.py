"""Which product a row of the product file updates (products.excel_keys.ProductKeys): its producer's product whose name
has the row's name key (products.names.product_name_key, the product guards' own: case, spacing, punctuation and
where the tone mark sits folded, never a diacritic). The import matched names with their accents stripped: a row
about “Chè xành” rewrote “Chè xanh”. A name two of the producer's products share is refused naming its row and
column, never matched to one of them by a guess."""

import pytest

from ocop.models import AuditEvent
from products.models import Product

from .factories import ProducerFactory, ProductFactory
from .test_import_export import PRODUCT_HEADERS, post_import, xlsx

pytestmark = pytest.mark.django_db


def imported(cast, login, rows):
    """Rows of (producer's tax code, producer's name, product name, set, brand)."""
    return post_import(login(cast.commune_officer), "products:product_import", xlsx(PRODUCT_HEADERS[:5], rows))


def errors(response) -> dict:
    return {(e["row"], e["column"]): e["message"] for e in response.context["result"]["errors"]}


def test_a_name_that_differs_by_a_diacritic_is_another_product(cast, login):
    xanh = ProductFactory(producer=cast.producer, name="Chè xanh", brand="Tài Hoan")
    response = imported(cast, login, [[cast.producer.tax_code, "", "Chè xành", 1, "Xành Tài Hoan"]])
    assert response.status_code == 302
    xanh.refresh_from_db()
    assert (xanh.name, xanh.brand) == ("Chè xanh", "Tài Hoan")  # not renamed, not rebranded
    assert Product.objects.get(producer=cast.producer, name="Chè xành").brand == "Xành Tài Hoan"


def test_a_name_typed_another_way_updates_its_product(cast, login):
    xanh = ProductFactory(producer=cast.producer, name="Chè xanh Thái Hòa")
    before = Product.objects.count()
    response = imported(cast, login, [[cast.producer.tax_code, "", "chè  xanh, Thái Hoà.", 1, "Tài Hoan Foods"]])
    assert response.status_code == 302
    xanh.refresh_from_db()
    assert xanh.brand == "Tài Hoan Foods" and Product.objects.count() == before


def test_a_name_two_products_share_is_refused_naming_them(cast, login):
    first = ProductFactory(producer=cast.producer, name="Chè xanh", brand="A")
    second = ProductFactory(producer=cast.producer, name="Chè  xanh.", brand="B")  # recorded before the guard
    rows = [
        [cast.producer.tax_code, "", "Miến dong", 7, ""],
        [cast.producer.tax_code, "", "CHÈ XANH", 1, "C"],
    ]
    response = imported(cast, login, rows)
    assert response.status_code == 400
    found = errors(response)
    assert set(found) == {(3, "Tên sản phẩm")}
    message = found[(3, "Tên sản phẩm")]
    assert "“Chè xanh”" in message and "“Chè  xanh.”" in message and "không biết dòng này là sản phẩm nào" in message
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.brand, second.brand) == ("A", "B")
    assert not Product.objects.filter(name="Miến dong").exists()
    assert not AuditEvent.objects.filter(action="products.import").exists()


def test_a_product_named_twice_in_the_file_however_typed_is_refused(cast, login):
    rows = [[cast.producer.tax_code, "", "Trà Thủy Tiên", 1, ""], [cast.producer.tax_code, "", "trà thuỷ tiên", 1, ""]]
    response = imported(cast, login, rows)
    assert response.status_code == 400
    assert errors(response) == {(3, "Tên sản phẩm"): "Sản phẩm trùng với dòng 2."}


def test_a_producer_named_by_a_name_that_differs_by_a_diacritic_is_not_found(cast, login):
    """A household named instead of its tax code: “Lan” is not the household “Lân” of the same commune."""
    ProducerFactory(kind="household", name="Hộ kinh doanh Nguyễn Văn Lân", commune=cast.commune)
    response = imported(cast, login, [["", "Hộ kinh doanh Nguyễn Văn Lan", "Mật ong", 4, ""]])
    assert response.status_code == 400
    assert set(errors(response)) == {(2, "Tên chủ thể")}
    assert not Product.objects.filter(name="Mật ong").exists()
    response = imported(cast, login, [["", "hộ kinh doanh  Nguyễn Văn Lân", "Mật ong", 4, ""]])
    assert response.status_code == 302
    assert Product.objects.get(name="Mật ong").producer.name == "Hộ kinh doanh Nguyễn Văn Lân"
