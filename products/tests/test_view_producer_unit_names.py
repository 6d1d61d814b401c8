"""A producer's address on its page and its commune in the list name the units as Nghị định 30/2020/NĐ-CP writes them
(Phụ lục II, mục II): "Thôn Nà Đon, xã Hoà An, tỉnh Thử Nghiệm"; a capital only where the address opens its cell
("Xã Hoà An, tỉnh Thử Nghiệm"). The units named as admin_units_load names them ("Xã …", full name "Xã …, Tỉnh …")."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def producer(cast):
    cast.commune.full_name = f"{cast.commune.name}, {cast.province.name}"
    cast.commune.save(update_fields=["full_name"])
    return cast.producer


def _shown_address(client, producer) -> str:
    body = client.get(reverse("products:producer_detail", args=[producer.pk])).content.decode()
    return re.search(r"Địa chỉ</dt><dd[^>]*>([^<]*)", body).group(1)


def test_the_address_writes_its_units_in_lower_case_after_the_line(cast, login, producer):
    producer.address = "Thôn Nà Đon"
    producer.save(update_fields=["address"])
    assert producer.full_address == "Thôn Nà Đon, xã Hoà An, tỉnh Thử Nghiệm"
    assert _shown_address(login(cast.commune_officer), producer) == "Thôn Nà Đon, xã Hoà An, tỉnh Thử Nghiệm"


def test_an_address_of_the_commune_alone_opens_with_a_capital(cast, login, producer):
    producer.address = ""
    producer.save(update_fields=["address"])
    assert _shown_address(login(cast.commune_officer), producer) == "Xã Hoà An, tỉnh Thử Nghiệm"


def test_a_typed_line_naming_a_unit_follows_the_rule_too(cast, login, producer):
    producer.address = "Tổ 3, Xã Hoà An"
    producer.save(update_fields=["address"])
    assert _shown_address(login(cast.commune_officer), producer) == "Tổ 3, xã Hoà An, tỉnh Thử Nghiệm"


def test_the_list_writes_the_province_in_lower_case_after_the_commune(cast, login, producer):
    body = login(cast.province_officer).get(reverse("products:producer_list")).content.decode()
    assert '<span>Xã Hoà An, <span class="text-muted">tỉnh Thử Nghiệm</span></span>' in body


def test_the_product_page_names_the_producers_commune_in_lower_case_after_its_name(cast, login, producer):
    # "HTX Tài Hoan, Xã Côn Minh": the commune's kind kept its capital in the middle of the line.
    from products.tests.factories import make_product

    product = make_product(producer)
    body = login(cast.producer_owner).get(reverse("products:product_detail", args=[product.pk])).content.decode()
    shown = re.search(r"Chủ thể</dt><dd[^>]*><a [^>]*>[^<]*</a>, ([^<]*)</dd>", body).group(1)
    assert shown == "xã Hoà An"
