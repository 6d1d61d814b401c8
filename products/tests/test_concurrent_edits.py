"""Two people editing one record at once (an officer and the producer, two officers): saving writes only the fields
the person changed on the page, so what the other saved meanwhile in other fields is kept. Before, the page sent
back every field as it had shown it and the second save put the first one's changes back silently."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from products.models import Producer, Product
from products.services import producer_update, product_update

from .factories import ProductFactory

pytestmark = pytest.mark.django_db


class _FormAsShown(HTMLParser):
    """What a browser would send for the page's edit form if the person changed nothing."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "file"):
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def form_as_shown(response) -> dict:
    parser = _FormAsShown()
    parser.feed(response.content.decode())
    return parser.data


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
