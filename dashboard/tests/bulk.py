"""Many rows at once for the query-count tests (1 row against 1,000): written with bulk_create, not the services,
because only their number matters."""

from datetime import date

from certificates.models import Certificate, RecognitionDecision
from products.models import Product


def bulk_products(like: Product, n: int) -> list[Product]:
    """`n` products of `like`'s producer and product set: the figures count products, each once, so a thousand rows
    of a figure are a thousand products."""
    return Product.objects.bulk_create(
        [
            Product(
                producer_id=like.producer_id,
                product_set_id=like.product_set_id,
                province_id=like.province_id,  # bulk_create skips save(), which copies it (keep_province)
                name=f"{like.name} {i}",
                search_text=f"{like.search_text} {i}",
            )
            for i in range(n)
        ]
    )


def bulk_certificates(product, n: int, *, issued: date, valid_until: date, products: list | None = None) -> None:
    """`n` certificates of `product`, or one of each of `products` (n of them)."""
    decisions = RecognitionDecision.objects.bulk_create(
        [
            RecognitionDecision(
                number=f"B{i}/QĐ",
                date=issued,
                issuer_level="province",
                issuer_name="UBND tỉnh Bắc Kạn",
                status="issued",
            )
            for i in range(n)
        ]
    )
    Certificate.objects.bulk_create(
        [
            Certificate(
                number=f"B-{d.pk}",
                decision=d,
                product=products[i] if products else product,
                province_id=(
                    products[i] if products else product
                ).province_id,  # bulk_create skips save(), which copies it (keep_province)
                star=3 + i % 3,
                product_name="x",
                producer_name="y",
                issued_on=issued,
                valid_until=valid_until,
                verify_token=f"bulk{d.pk}",
            )
            for i, d in enumerate(decisions)
        ]
    )
