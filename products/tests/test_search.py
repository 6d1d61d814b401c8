"""Accent- and case-insensitive search ("mien dong" finds "Miến dong", "đ" matches "d") on any
database, and Vietnamese ordering."""

import pytest
from django.urls import reverse

from products.selectors import producer_list, product_list
from products.services import producer_create, product_create

from .factories import product_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(cast):
    producer = producer_create(
        by=cast.commune_officer,
        data={"kind": "coop", "name": "HTX Đồng Tâm", "commune": cast.commune, "tax_code": "0100109106"},
    )
    names = ["Miến dong Tài Hoan", "Mật ong rừng", "Gà đồi", "Trà Giảo cổ lam"]
    return [
        product_create(producer=producer, by=cast.commune_officer, data={"name": name, "product_set": product_set(7)})
        for name in names
    ]


@pytest.mark.parametrize(
    "term,expected",
    [
        ("mien dong", ["Miến dong Tài Hoan"]),
        ("MIẾN DONG", ["Miến dong Tài Hoan"]),
        ("Mien", ["Miến dong Tài Hoan"]),
        ("ga doi", ["Gà đồi"]),
        ("đồi", ["Gà đồi"]),
        ("giao co", ["Trà Giảo cổ lam"]),
        ("dong tam", ["Gà đồi", "Mật ong rừng", "Miến dong Tài Hoan", "Trà Giảo cổ lam"]),  # producer name
    ],
)
def test_it_finds_products_without_accents_or_case(cast, products, term, expected):
    found = sorted(p.name for p in product_list(user=cast.commune_officer, filters={"q": term}))
    assert found == sorted(expected)


def test_it_finds_producers_by_tax_code_and_name_without_accents(cast, products):
    assert [p.name for p in producer_list(user=cast.commune_officer, filters={"q": "dong tam"})] == ["HTX Đồng Tâm"]
    assert [p.name for p in producer_list(user=cast.commune_officer, filters={"q": "0100109106"})] == ["HTX Đồng Tâm"]


def test_it_searches_from_the_list_page(cast, login, products):
    page = login(cast.commune_officer).get(reverse("products:product_list"), {"q": "mien dong"}).context["page"]
    assert [p.name for p in page] == ["Miến dong Tài Hoan"]


def test_it_never_searches_outside_scope(cast, products):
    assert list(product_list(user=cast.outsider, filters={"q": "mien dong"})) == []


def test_it_sorts_in_vietnamese_order(cast, products):
    """On PostgreSQL (ICU's collation) and on SQLite (ocop.text.vietnamese_sort_key) alike; a list that names no order
    (the admin's, a form's choices) too, through the models' default."""
    from products.models import Product

    names = [p.name for p in product_list(user=cast.commune_officer)]
    assert names.index("Mật ong rừng") < names.index("Miến dong Tài Hoan")
    assert names == ["Gà đồi", "Mật ong rừng", "Miến dong Tài Hoan", "Trà Giảo cổ lam"]
    product_create(
        producer=products[0].producer,
        by=cast.commune_officer,
        data={"name": "Đậu phộng rang", "product_set": product_set(7)},
    )
    assert [p.name for p in Product.objects.filter(producer=products[0].producer)] == [
        "Đậu phộng rang",
        "Gà đồi",
        "Mật ong rừng",
        "Miến dong Tài Hoan",
        "Trà Giảo cổ lam",
    ]


@pytest.mark.postgres
def test_it_searches_without_accents_on_postgresql(cast, products):
    from django.db import connection

    assert connection.vendor == "postgresql"
    assert [p.name for p in product_list(user=cast.commune_officer, filters={"q": "mien dong"})] == [
        "Miến dong Tài Hoan"
    ]
