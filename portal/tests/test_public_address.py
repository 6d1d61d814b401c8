"""A producer's address on the public portal follows the rule of the QR verification page
(certificates.selectors.verification.certificate_public_address): with the producer's consent
(Producer.public_contact) the full address as the app composes it everywhere (products.models.compose_address: the
typed line, then the commune and province it does not name), without it only the commune and province. A household
business's address is its home."""

import pytest
from django.urls import reverse

from products.choices import ProducerKind

from .factories import certified

pytestmark = pytest.mark.django_db

HOME = "Thôn Nà Pài, số nhà 12"
# The units as Nghị định 30/2020 writes them: the province in lower case after the commune.
FULL = f"{HOME}, xã Hoà An, tỉnh Thử Nghiệm"
PLACE = "Xã Hoà An, tỉnh Thử Nghiệm"


def _household(cast, *, consent: bool):
    producer = cast.producer
    producer.kind = ProducerKind.HOUSEHOLD
    producer.address = HOME
    producer.public_contact = consent
    producer.save()
    return producer


def _pages(client, product) -> list[str]:
    return [
        client.get(reverse("portal:product_short", args=[product.pk]), follow=True).content.decode(),
        client.get(reverse("portal:producer_short", args=[product.producer_id]), follow=True).content.decode(),
        client.get(reverse("portal:open_data_csv")).content.decode(),
        client.get(reverse("portal:open_data_json")).content.decode(),
    ]


def test_a_household_without_consent_shows_only_its_commune_and_province(cast, client):
    product = certified(_household(cast, consent=False), name="Miến dong Nà Pài")
    for body in _pages(client, product):
        assert "Nà Pài, số nhà" not in body
    for body in _pages(client, product)[:2]:
        assert PLACE in body


def test_with_consent_the_pages_show_the_composed_address(cast, client):
    product = certified(_household(cast, consent=True), name="Miến dong Nà Pài")
    product_page, producer_page, *_files = _pages(client, product)
    for body in (product_page, producer_page):
        assert f"<dd>{FULL}</dd>" in body


def test_a_typed_line_that_names_its_commune_is_not_followed_by_it_again(cast, client):
    producer = _household(cast, consent=True)
    producer.address = "Tổ 3, xã Hoà An"
    producer.save()
    product = certified(producer, name="Miến dong Nà Pài")
    for body in _pages(client, product)[:2]:
        assert "<dd>Tổ 3, xã Hoà An, tỉnh Thử Nghiệm</dd>" in body
