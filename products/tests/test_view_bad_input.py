"""Typed or tampered URLs answer 404 or an ignored filter, never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.mark.parametrize("value", ["abc", HUGE, "-1"])
def test_the_product_form_answers_404_to_a_malformed_producer(cast, login, value):
    response = login(cast.commune_officer).get(reverse("products:product_create"), {"producer": value})
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["products:product_list", "products:producer_list", "products:product_export"])
def test_the_lists_ignore_malformed_filters(cast, login, name):
    response = login(cast.central_officer).get(
        reverse(name), {"province": HUGE, "commune": "x", "year": "abc", "page": HUGE, "star": "9"}
    )
    assert response.status_code == 200


def test_the_unit_options_ignore_a_huge_number(cast, login):
    response = login(cast.commune_officer).get(reverse("unit_communes"), {"province": HUGE, "successor": HUGE})
    assert response.status_code == 200 and response.json() == {"results": []}


def test_the_producer_form_survives_huge_numbers(cast, login):
    response = login(cast.central_officer).post(
        reverse("products:producer_create"),
        {"kind": "coop", "name": "HTX A", "province": HUGE, "commune": HUGE, "historic_commune": HUGE},
    )
    assert response.status_code == 200 and response.context["form"].errors["commune"]


def test_an_unknown_import_template_is_not_found(cast, login):
    assert login(cast.commune_officer).get(reverse("products:import_template", args=["abc"])).status_code == 404
