"""Builders for the expiry watch's tests: certificates with a given valid_until and status, for a producer
of the cast (a RecognitionDecision + Certificate, with the product's taxonomy created if missing)."""

from __future__ import annotations

import datetime
import itertools

from ocop.testing import make_user

_seq = itertools.count(1)


def product_set(number: int = 1):
    from products.models import ProductGroup, ProductSet, Sector

    existing = ProductSet.objects.filter(number=number).select_related("group__sector").first()
    if existing:
        return existing
    sector, _ = Sector.objects.get_or_create(code="I", defaults={"name": "Thực phẩm", "order": 1})
    group, _ = ProductGroup.objects.get_or_create(sector=sector, name="Thực phẩm tươi sống")
    return ProductSet.objects.create(number=number, group=group, name=f"Bộ sản phẩm {number}")


def make_product(producer, *, name: str | None = None, number: int = 1):
    from products.models import Product

    n = next(_seq)
    return Product.objects.create(producer=producer, product_set=product_set(number), name=name or f"Mật ong {n}")


def make_decision(*, issued_on: datetime.date):
    from certificates.choices import DecisionStatus, IssuerLevel
    from certificates.models import RecognitionDecision

    n = next(_seq)
    return RecognitionDecision.objects.create(
        number=f"{n}/QĐ-UBND",
        date=issued_on,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_name="UBND Tỉnh Thử Nghiệm",
        status=DecisionStatus.ISSUED,
    )


def make_certificate(
    producer,
    *,
    valid_until: datetime.date,
    status: str = "valid",
    star: int = 4,
    product=None,
    registration=None,
    decision=None,
    **extra,
):
    """A certificate of `producer` valid until `valid_until` (issued 36 months before, roughly)."""
    from certificates.models import Certificate

    product = product or make_product(producer)
    issued_on = valid_until - datetime.timedelta(days=3 * 365)
    decision = decision or make_decision(issued_on=issued_on)
    n = next(_seq)
    return Certificate.objects.create(
        number=f"GCN-{n:05d}",
        decision=decision,
        registration=registration,
        product=product,
        star=star,
        product_name=product.name,
        product_code=f"90-90001-{n}-2026",
        producer_name=producer.name,
        producer_address="Xã Hoà An",
        issued_on=issued_on,
        valid_until=valid_until,
        status=status,
        **extra,
    )


def criteria_version():
    from evaluation.choices import LegalBasis
    from evaluation.models import CriteriaVersion

    version, _ = CriteriaVersion.objects.get_or_create(
        legal_basis=LegalBasis.D26,
        defaults={"title": "QĐ 26/2026/QĐ-TTg", "effective_from": datetime.date(2026, 5, 22)},
    )
    return version


def make_registration(product, *, kind: str = "first", status: str = "decided", created_by=None):
    """A registration row for `product` in `status` (built directly: tests of the watch need the row, not the
    evaluation workflow that produced it)."""
    from evaluation.models import Registration

    return Registration.objects.create(
        product=product,
        kind=kind,
        status=status,
        criteria_version=criteria_version(),
        commune=product.producer.commune,
        year=2026,
        created_by=created_by,
    )


def officer(username: str, role: str, unit):
    return make_user(username, role, unit)
