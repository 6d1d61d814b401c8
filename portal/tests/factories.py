"""A public product in one line: a product of `producer` with a certificate in the given status."""

import datetime

from django.utils import timezone

from certificates.tests.factories import CertificateFactory
from ocop.text import fold
from products.tests.factories import ProductFactory


def certified(producer, *, name: str, star: int = 4, status: str = "valid", valid_until=None, **product_fields):
    product = ProductFactory(
        producer=producer, name=name, search_text=fold(f"{name} {producer.name}"), **product_fields
    )
    today = timezone.localdate()
    valid_until = valid_until or today + datetime.timedelta(days=400)
    issued_on = valid_until - datetime.timedelta(days=3 * 365)
    CertificateFactory(product=product, star=star, status=status, issued_on=issued_on, valid_until=valid_until)
    return product
