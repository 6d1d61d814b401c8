"""Hội, hiệp hội, trung tâm điều hành are OCOP producers only for tourism services (D26 Điều 2.3): their
product form offers set 26 alone, and a producer cannot become one while it has other products."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from products.models import Product
from products.services import producer_update

from .factories import ProducerFactory, ProductFactory, product_set

pytestmark = pytest.mark.django_db


def test_an_associations_product_form_offers_only_the_tourism_set(cast, login):
    association = ProducerFactory(commune=cast.commune, kind="association", name="Hội du lịch Côn Minh")
    tourism = product_set(26)
    product_set(7)
    client = login(cast.commune_officer)
    url = reverse("products:product_create") + f"?producer={association.pk}"
    form = client.get(url).context["form"]
    assert list(form.fields["product_set"].queryset) == [tourism]
    assert form["product_set"].value() == tourism.pk
    response = client.post(url, {"name": "Du lịch cộng đồng Nặm Dăm", "product_set": tourism.pk})
    assert response.status_code == 302
    product = Product.objects.get(name="Du lịch cộng đồng Nặm Dăm")
    edit = client.get(reverse("products:product_update", args=[product.pk])).context["form"]
    assert list(edit.fields["product_set"].queryset) == [tourism]


def test_other_producers_see_every_set(cast, login):
    product_set(26), product_set(7)
    url = reverse("products:product_create") + f"?producer={cast.producer.pk}"
    form = login(cast.commune_officer).get(url).context["form"]
    assert {s.number for s in form.fields["product_set"].queryset} >= {7, 26}


def test_a_producer_with_other_products_cannot_become_an_association(cast):
    ProductFactory(producer=cast.producer, product_set=product_set(7))
    with pytest.raises(ValidationError) as error:
        producer_update(producer=cast.producer, by=cast.commune_officer, data={"kind": "association"})
    assert "kind" in error.value.error_dict
    cast.producer.refresh_from_db()
    assert cast.producer.kind == "coop"
    tourism_only = ProducerFactory(commune=cast.commune)
    ProductFactory(producer=tourism_only, product_set=product_set(26))
    assert producer_update(producer=tourism_only, by=cast.commune_officer, data={"kind": "association"}).kind == (
        "association"
    )
