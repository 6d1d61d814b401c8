"""The public portal names a producer's commune and province as Nghị định 30/2020/NĐ-CP writes them (Phụ lục II,
mục II): in a sentence the kinds in lower case ("…, tỉnh Thử Nghiệm."), on a line of their own a capital only first
("Xã Hoà An, tỉnh Thử Nghiệm"); never "Xã Hoà An, Tỉnh Thử Nghiệm" (ocop.text.unit_name_in_text)."""

import pytest
from django.urls import reverse

from .factories import certified

pytestmark = pytest.mark.django_db

PLACE = "Xã Hoà An, tỉnh Thử Nghiệm"


@pytest.fixture
def product(cast):
    producer = cast.producer
    producer.address = "Thôn Nà Pài"
    producer.public_contact = True
    producer.save()
    return certified(producer, name="Miến dong Nà Pài")


def _page(client, name, pk) -> str:
    return client.get(reverse(name, args=[pk]), follow=True).content.decode()


def test_the_product_page_writes_the_province_in_lower_case_after_the_commune(cast, client, product):
    body = _page(client, "portal:product_short", product.pk)
    assert PLACE in body and "Xã Hoà An, Tỉnh Thử Nghiệm" not in body
    assert f"sản phẩm OCOP 4 sao của {cast.producer.name}, tỉnh Thử Nghiệm." in body  # its description
    assert "<dd>Thôn Nà Pài, xã Hoà An, tỉnh Thử Nghiệm</dd>" in body  # the contacts, with consent


def test_the_producer_page_writes_the_province_in_lower_case_in_its_sentence(cast, client, product):
    body = _page(client, "portal:producer_short", product.producer_id)
    assert PLACE in body and "Tỉnh Thử Nghiệm" not in body
    assert f"{cast.producer.name} (tỉnh Thử Nghiệm): 1 sản phẩm OCOP" in body


def test_the_catalogue_card_writes_the_province_in_lower_case_after_the_commune(client, product):
    body = client.get(reverse("portal:catalogue")).content.decode()
    assert PLACE in body and "Xã Hoà An, Tỉnh Thử Nghiệm" not in body


def test_the_lookup_names_each_certificates_issuer_as_a_sentence_does(cast, client, product):
    import datetime

    from django.utils import timezone

    from certificates.models import Certificate
    from certificates.tests.factories import CertificateFactory, DecisionFactory

    certificate = product.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(number="101/GCN-TN")
    CertificateFactory(
        product=product,
        number="101/GCN-TN",
        decision=DecisionFactory(date=timezone.localdate() - datetime.timedelta(days=2000), issuer_unit=cast.province),
        status="expired",
        is_historic=True,
    )
    body = client.get(reverse("portal:certificate_lookup"), {"number": "101/GCN-TN"}).content.decode()
    assert "bởi Ủy ban nhân dân tỉnh Thử Nghiệm" in body, body
    assert "bởi ỦY BAN NHÂN DÂN" not in body


def test_the_provinces_map_page_names_it_in_lower_case_in_its_title(cast, client, product):
    body = client.get(reverse("portal:map_province", args=[cast.province.pk])).content.decode()
    assert "Sản phẩm OCOP của tỉnh Thử Nghiệm theo xã, phường" in body
    assert "của Tỉnh Thử Nghiệm" not in body
