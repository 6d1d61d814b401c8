"""The change history reads as Vietnamese: field names, choice labels and yes/no, never column names."""

import pytest
from django.urls import reverse

from products.services import producer_update, product_update

from .factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_the_producer_history_names_fields_and_values_for_people(cast, login):
    producer_update(
        producer=cast.producer,
        by=cast.commune_officer,
        data={"kind": "coop_group", "legal_rep_disability": True, "verified_fields": ["tax_code"]},
    )
    body = login(cast.commune_officer).get(reverse("products:producer_detail", args=[cast.producer.pk])).content
    body = body.decode()
    assert "Loại hình: Hợp tác xã → Tổ hợp tác" in body
    assert "Người khuyết tật: Không → Có" in body
    assert "Trường đã xác minh: — → Mã số doanh nghiệp / mã số thuế" in body
    assert "legal_rep_disability" not in body and "<code>kind</code>" not in body


def test_the_product_timeline_names_fields_for_people(cast, login):
    product = ProductFactory(producer=cast.producer, brand="Tài Hoan")
    product_update(product=product, by=cast.commune_officer, data={"brand": "Miến Tài Hoan"})
    body = login(cast.commune_officer).get(reverse("products:product_detail", args=[product.pk])).content.decode()
    assert "Nhãn hiệu: Tài Hoan → Miến Tài Hoan" in body and "<code>brand</code>" not in body
