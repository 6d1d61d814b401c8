"""The product form's producer list: in scope only, each producer named with its commune."""

import pytest
from django.urls import reverse

from .factories import ProducerFactory

pytestmark = pytest.mark.django_db


def test_the_product_form_names_each_producer_with_its_commune(cast, login):
    form = login(cast.commune_officer).get(reverse("products:product_create")).context["form"]
    labels = [label for _value, label in form.fields["producer"].choices][1:]
    assert labels == ["HTX Tài Hoan — Xã Hoà An"]


def test_the_producer_list_loads_communes_with_a_constant_number_of_queries(cast, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.province_officer)
    client.get(reverse("products:product_create"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("products:product_create"))
    for i in range(10):
        ProducerFactory(commune=cast.other_commune, name=f"HTX Bình Minh {i}")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("products:product_create"))
    assert "HTX Bình Minh 9 — Xã Bình Minh" in response.content.decode()


def test_a_producers_own_producer_comes_chosen_when_it_is_the_only_one(cast, login):
    """A cooperative's member adding a product has one producer to choose from: the form does not ask."""
    form = login(cast.producer_owner).get(reverse("products:product_create")).context["form"]
    assert [label for _value, label in form.fields["producer"].choices][1:] == ["HTX Tài Hoan — Xã Hoà An"]
    assert form["producer"].value() == cast.producer.pk


def test_nothing_comes_chosen_when_there_are_several_producers(cast, login):
    ProducerFactory(commune=cast.commune, name="HTX Bình Minh")
    form = login(cast.commune_officer).get(reverse("products:product_create")).context["form"]
    assert len(form.fields["producer"].choices) == 3
    assert form["producer"].value() is None
