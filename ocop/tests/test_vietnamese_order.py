"""Lists of provinces and products read in Vietnamese alphabetical order wherever a person picks one."""

import re

import pytest
from django.urls import reverse

from ocop.models import AdministrativeUnit
from ocop.testing import make_unit

pytestmark = pytest.mark.django_db

NAMES = ["Tỉnh Cà Mau", "Tỉnh Điện Biên", "Tỉnh Đồng Nai", "Tỉnh Gia Lai", "Tỉnh Vĩnh Long"]


@pytest.fixture
def provinces(cast):
    for code, name in zip(("96", "11", "75", "64", "86"), reversed(NAMES), strict=True):
        make_unit(level="province", code=code, name=name)


def test_units_by_name_put_the_d_with_stroke_after_d(provinces):
    names = [u.name for u in AdministrativeUnit.objects.filter(name__in=NAMES).by_name()]
    assert names == NAMES


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboard_report"),  # the report's province
        reverse("evaluation:registration_create"),  # the province first, then its products
        reverse("evaluation:round_create"),
        reverse("supervision:plan_create"),
        reverse("dashboard_statistics"),  # the ministry picks a province to look into
    ],
)
def test_a_national_officer_picks_a_province_from_a_list_in_vietnamese_order(cast, login, provinces, url):
    page = login(cast.central_officer).get(url).content.decode()
    listed = [name for name in re.findall(r"<option[^>]*>([^<]+)</option>", page) if name in NAMES]
    assert listed == NAMES, url


PRODUCTS = ["Cà phê Đắk Hà", "Đậu phộng rang", "Gạo nếp cái hoa vàng", "Yến sào"]


@pytest.mark.parametrize(
    "url",
    [
        reverse("evaluation:registration_create"),
        reverse("certificates:historic_certificate_create"),
        reverse("dashboard_historic_evaluation_create"),
    ],
)
def test_an_officer_picks_a_product_from_a_list_in_vietnamese_order(cast, login, url):
    from products.tests.factories import ProductFactory

    for name in reversed(PRODUCTS):
        ProductFactory(producer=cast.producer, name=name)
    page = login(cast.province_officer).get(url).content.decode()
    listed = [name.split(" — ")[0] for name in re.findall(r"<option[^>]*>([^<]+)</option>", page)]
    assert [name for name in listed if name in PRODUCTS] == PRODUCTS, url


def test_a_national_officer_gets_a_provinces_products_in_vietnamese_order(cast, login):
    from products.tests.factories import ProductFactory

    for name in reversed(PRODUCTS):
        ProductFactory(producer=cast.producer, name=name)
    response = login(cast.central_officer).get(reverse("products:product_options"), {"province": cast.province.pk})
    listed = [row["name"].split(" — ")[0] for row in response.json()["results"]]
    assert [name for name in listed if name in PRODUCTS] == PRODUCTS
