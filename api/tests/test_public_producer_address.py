"""The public API gives a producer's address as the portal does: with the producer's consent the full composed
address (products.models.compose_address), without it nothing but the commune and province. A household business's
address is its home."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from products.choices import ProducerKind

from .factories import certified_world

pytestmark = pytest.mark.django_db

HOME = "Thôn Nà Pài, số nhà 12"


def _answers(api, product) -> list[dict]:
    public = api.as_(None)
    return [
        public.get(reverse("api:public_product_list")).json(),
        public.get(reverse("api:public_product_detail", args=[product.pk])).json(),
        public.get(reverse("api:public_producer_detail", args=[product.producer_id])).json(),
    ]


@pytest.fixture
def household(cast):
    product = certified_world(cast)["mine"]
    cast.producer.kind = ProducerKind.HOUSEHOLD
    cast.producer.address = HOME
    cast.producer.save()
    cache.clear()  # the portal's reads are cached; a direct save bumps nothing, the test clears by hand
    return product


def test_without_consent_the_home_never_leaves(api, cast, household):
    assert cast.producer.public_contact is False
    for answer in _answers(api, household):
        assert "Nà Pài" not in json.dumps(answer, ensure_ascii=False)
    detail = _answers(api, household)[2]
    assert (detail["commune"], detail["province"], detail["contact"]) == ("Xã Hoà An", "Tỉnh Thử Nghiệm", {})


def test_with_consent_the_address_is_composed_with_its_commune_and_province(api, cast, household):
    cast.producer.public_contact = True
    cast.producer.save()
    cache.clear()
    _list, product, producer = _answers(api, household)
    full = f"{HOME}, xã Hoà An, tỉnh Thử Nghiệm"
    assert product["producer"]["contact"]["address"] == full
    assert producer["contact"]["address"] == full
