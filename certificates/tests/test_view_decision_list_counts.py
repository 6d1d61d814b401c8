"""The decision list counts the products of a historic decision by its certificates (issue 12 item 15: it said
"Số sản phẩm 0" for a historic decision holding four certificates)."""

import pytest
from django.urls import reverse

from certificates.tests.factories import CertificateFactory, DecisionFactory, issued_decision, result_for
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _counts(client):
    page = client.get(reverse("certificates:decision_list"))
    return {d.number: (d.certificate_count if d.is_historic else d.entry_count) for d in page.context["page"]}, page


def test_it_counts_a_historic_decisions_certificates(login, cast):
    historic = DecisionFactory(number="12/QĐ-UBND", is_historic=True)
    for i in range(4):
        CertificateFactory(
            decision=historic,
            number=f"12-2020-{i:04d}/GCN-OCOP",
            product=ProductFactory(producer=cast.producer, name=f"Sản phẩm {i}"),
        )
    issued_decision(
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number="1/QĐ-UBND"
    )
    counts, page = _counts(login(cast.province_officer))
    assert counts == {"12/QĐ-UBND": 4, "1/QĐ-UBND": 1}
    cells = page.content.decode().split('data-testid="product-count">')[1:]
    assert sorted(cell.split("<")[0] for cell in cells) == ["1", "4"]
