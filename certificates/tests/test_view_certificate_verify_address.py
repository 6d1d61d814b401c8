"""The verification page shows a producer's printed address only with its consent (Producer.public_contact), as
the public portal does; otherwise the commune and province. A household business's address is its home."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import CertificateFactory, DecisionFactory, result_for

pytestmark = pytest.mark.django_db

HOME = "Thôn Nà Pài, số nhà 12"


@pytest.fixture
def certificate(cast):
    product = result_for(cast.producer, name="Miến dong Nà Pài").registration.product
    return CertificateFactory(
        product=product,
        decision=DecisionFactory(date=timezone.localdate()),
        producer_address=f"{HOME}, Xã Hoà An, Tỉnh Thử Nghiệm",
    )


def _facts(client, certificate) -> str:
    body = client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token])).content.decode()
    return body.split('class="verify-facts')[1].split("</dl>")[0]


def test_it_shows_only_the_commune_and_province_without_consent(client, cast, certificate):
    assert cast.producer.public_contact is False
    facts = _facts(client, certificate)
    assert HOME not in facts
    assert "Xã Hoà An, tỉnh Thử Nghiệm" in facts  # the province in lower case after the commune


def test_it_shows_the_printed_address_with_consent(client, cast, certificate):
    cast.producer.public_contact = True
    cast.producer.save()
    assert f"{HOME}, xã Hoà An, tỉnh Thử Nghiệm" in _facts(client, certificate)


def test_it_names_the_producers_current_commune(client, cast, certificate):
    cast.producer.commune = cast.other_commune
    cast.producer.save()
    facts = _facts(client, certificate)
    assert "Xã Bình Minh, tỉnh Thử Nghiệm" in facts and HOME not in facts
