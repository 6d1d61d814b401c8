"""Many rows at once for the query-count tests (1 row against 1,000): written with bulk_create, not the services,
because only their number matters."""

from datetime import date

from certificates.models import Certificate, RecognitionDecision


def bulk_certificates(product, n: int, *, issued: date, valid_until: date) -> None:
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
                product=product,
                province_id=product.province_id,  # bulk_create skips save(), which copies it (keep_province)
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
