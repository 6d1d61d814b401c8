"""products 0012: the search keys stored before "ð" (the eth typed for "đ") was folded to "d" are folded again, so a
product or producer whose name was typed with it is still found once searches fold it (ocop.text.strip_accents)."""

import pytest

from ocop.testing import migration_run
from ocop.text import search_q
from products.models import Producer, Product
from products.tests.factories import ProductFactory

MIGRATION = "0012_search_text_eth"


@pytest.mark.django_db
def test_the_stored_keys_with_the_eth_are_folded_again(cast):
    product = ProductFactory(producer=cast.producer, name="Gà \u00d0ồi")
    Product.objects.filter(pk=product.pk).update(search_text="ga ðoi 19-0001")  # as stored before the fold
    Producer.objects.filter(pk=cast.producer.pk).update(search_text="htx ðong tam")
    assert not Product.objects.filter(search_q("Gà Đồi")).exists()
    migration_run("products", MIGRATION)
    assert list(Product.objects.filter(search_q("Gà Ðồi"))) == [product]
    assert list(Product.objects.filter(search_q("ga doi"))) == [product]
    assert Producer.objects.get(pk=cast.producer.pk).search_text == "htx dong tam"
