"""Factories for the registry. Taxonomy rows come from the data migration; `product_set(n)` falls back
to creating the row where a test database was emptied (live_server / transactional tests)."""

import factory

from ocop.testing import make_unit
from ocop.text import fold
from products.choices import ProducerKind
from products.models import Producer, Product, ProductGroup, ProductSet, Sector


def product_set(number: int = 7) -> ProductSet:
    existing = ProductSet.objects.filter(number=number).first()
    if existing:
        return existing
    sector, _ = Sector.objects.get_or_create(code="I", defaults={"name": "Thực phẩm", "order": 1})
    group, _ = ProductGroup.objects.get_or_create(sector=sector, name="Thực phẩm chế biến", defaults={"order": 3})
    return ProductSet.objects.create(
        number=number, group=group, name=f"Bộ sản phẩm {number}", agency="Bộ Nông nghiệp và Môi trường"
    )


def commune():
    province = make_unit(level="province", code="90", name="Tỉnh Thử Nghiệm")
    return make_unit(level="commune", code="90001", name="Xã Hoà An", parent=province)


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    kind = ProducerKind.COOP
    name = factory.Sequence(lambda n: f"HTX Số {n}")
    commune = factory.LazyFunction(commune)
    search_text = factory.LazyAttribute(lambda o: o.name.lower())


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    product_set = factory.LazyFunction(product_set)
    name = factory.Sequence(lambda n: f"Sản phẩm {n}")
    search_text = factory.LazyAttribute(lambda o: fold(o.name))  # as the services store it


def make_product(producer, name: str | None = None, *, number: int = 1) -> Product:
    """A product of `producer` in product set `number` (the evaluation and certificates tests' products)."""
    return ProductFactory(producer=producer, product_set=product_set(number), **({"name": name} if name else {}))
