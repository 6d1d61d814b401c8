"""Two people editing one record at once (an officer and the producer, two officers): saving writes only the fields
the person changed on the page, so what the other saved meanwhile in other fields is kept. Before, the page sent
back every field as it had shown it and the second save put the first one's changes back silently. Where both
changed the same field, the later save is refused next to it, naming who changed it to what; saving again writes
what the person typed (before, it overwrote the other change without a word)."""

import pytest
from django.urls import reverse

from ocop.testing import form_as_shown
from products.choices import ProducerKind
from products.models import Producer, Product
from products.services import producer_update, product_update

from .factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_an_officers_save_keeps_the_phone_the_producer_changed_meanwhile(cast, client):
    url = reverse("products:producer_update", args=[cast.producer.pk])
    client.force_login(cast.commune_officer)
    data = form_as_shown(client.get(url))  # the officer opens the page …
    producer_update(
        producer=cast.producer, by=cast.producer_owner, data={"phone": "0912 345 678"}
    )  # … the producer saves
    data["address"] = "Thôn Nà Đon, xã Côn Minh"  # the officer changes the address only, and saves
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    producer = Producer.objects.get(pk=cast.producer.pk)
    assert producer.address == "Thôn Nà Đon, xã Côn Minh"
    assert producer.phone == "0912 345 678"


def test_a_save_after_a_refused_post_still_writes_what_the_person_changed(cast, client):
    url = reverse("products:producer_update", args=[cast.producer.pk])
    client.force_login(cast.commune_officer)
    data = form_as_shown(client.get(url))
    data["phone"] = "gọi anh Ba"  # refused: shown again with the message
    again = form_as_shown(client.post(url, data))
    assert again["phone"] == "gọi anh Ba"
    again["phone"] = "0987 654 321"
    assert client.post(url, again).status_code == 302
    assert Producer.objects.get(pk=cast.producer.pk).phone == "0987 654 321"


def test_two_officers_editing_one_product_keep_each_others_fields(cast, client):
    product = ProductFactory(producer=cast.producer, brand="", description="")
    url = reverse("products:product_update", args=[product.pk])
    client.force_login(cast.commune_officer)
    data = form_as_shown(client.get(url))
    product_update(product=product, by=cast.province_officer, data={"brand": "Tài Hoan"})
    data["description"] = "Miến dong làm từ củ dong riềng đỏ."
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    product = Product.objects.get(pk=product.pk)
    assert (product.brand, product.description) == ("Tài Hoan", "Miến dong làm từ củ dong riềng đỏ.")


def _error(response, field: str) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get(field, []))


def test_a_phone_both_changed_is_refused_next_to_it_then_saved_on_purpose(cast, client):
    url = reverse("products:producer_update", args=[cast.producer.pk])
    client.force_login(cast.commune_officer)
    data = form_as_shown(client.get(url))  # the officer opens the page …
    producer_update(producer=cast.producer, by=cast.producer_owner, data={"phone": "0912 345 678"})  # … the producer
    data["phone"] = "0987 000 111"  # the officer changes the same field
    response = client.post(url, data)
    message = _error(response, "phone")
    assert "0912 345 678" in message and str(cast.producer_owner) in message, message
    assert Producer.objects.get(pk=cast.producer.pk).phone == "0912 345 678"  # nothing written
    again = form_as_shown(response)
    assert again["phone"] == "0987 000 111"  # what the officer typed is kept …
    assert again["initial-phone"] == "0912 345 678"  # … and the page goes on from the record as it is now
    assert client.post(url, again).status_code == 302  # saving again writes it, on purpose
    assert Producer.objects.get(pk=cast.producer.pk).phone == "0987 000 111"


def test_the_same_value_typed_by_both_is_no_conflict(cast, client):
    url = reverse("products:producer_update", args=[cast.producer.pk])
    client.force_login(cast.commune_officer)
    data = form_as_shown(client.get(url))
    producer_update(producer=cast.producer, by=cast.producer_owner, data={"phone": "0912 345 678"})
    data["phone"] = "0912 345 678"
    assert client.post(url, data).status_code == 302


def test_a_product_name_both_changed_is_refused_and_the_other_fields_are_not_written(cast, client):
    product = ProductFactory(producer=cast.producer, name="Miến dong", brand="")
    url = reverse("products:product_update", args=[product.pk])
    client.force_login(cast.commune_officer)
    data = form_as_shown(client.get(url))
    product_update(product=product, by=cast.province_officer, data={"name": "Miến dong Bình Liêu"})
    data["name"], data["brand"] = "Miến dong đặc sản", "Tài Hoan"
    response = client.post(url, data)
    message = _error(response, "name")
    assert "Miến dong Bình Liêu" in message and str(cast.province_officer) in message, message
    assert response.context["product"].name == "Miến dong Bình Liêu"  # the heading names the product as it is
    product = Product.objects.get(pk=product.pk)
    assert (product.name, product.brand) == ("Miến dong Bình Liêu", "")  # nothing half-written


def test_a_choice_changed_meanwhile_is_named_by_its_label(cast, client):
    url = reverse("products:producer_update", args=[cast.producer.pk])
    client.force_login(cast.commune_officer)
    data = form_as_shown(client.get(url))
    producer_update(producer=cast.producer, by=cast.province_officer, data={"kind": ProducerKind.SME})
    data["kind"] = ProducerKind.FARM
    message = _error(client.post(url, data), "kind")
    assert "“Doanh nghiệp nhỏ và vừa”" in message and "sme" not in message, message


def test_a_script_that_sends_no_page_values_is_not_compared(cast, client):
    url = reverse("products:producer_update", args=[cast.producer.pk])
    client.force_login(cast.commune_officer)
    data = {k: v for k, v in form_as_shown(client.get(url)).items() if not k.startswith("initial-")}
    producer_update(producer=cast.producer, by=cast.producer_owner, data={"phone": "0912 345 678"})
    data["phone"] = "0987 000 111"
    assert client.post(url, data).status_code == 302
    assert Producer.objects.get(pk=cast.producer.pk).phone == "0987 000 111"
