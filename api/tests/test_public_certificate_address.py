"""The public verification endpoints give a producer's printed address only with its consent: the same rule as the
verification page (certificates.selectors.verification.certificate_public_address). The lookup by number needs no
token."""

import pytest
from django.urls import reverse

from .factories import certified_world

pytestmark = pytest.mark.django_db

HOME = "Thôn Nà Pài, số nhà 12"
PRINTED = f"{HOME}, Xã Hoà An, Tỉnh Thử Nghiệm"  # as a certificate issued before stored it
# Given with its units as a sentence writes them (Nghị định 30/2020, ocop.text.unit_name_in_text).
PUBLISHED = f"{HOME}, xã Hoà An, tỉnh Thử Nghiệm"


def _answers(api, certificate) -> list[dict]:
    public = api.as_(None)
    by_token = public.get(reverse("api:public_certificate_verify", args=[certificate.verify_token])).json()
    by_number = public.get(reverse("api:public_certificate_list"), {"number": certificate.number}).json()
    assert len(by_number["results"]) == 1
    return [by_token, by_number["results"][0]]


@pytest.fixture
def certificate(cast):
    certificate = certified_world(cast)["mine"].certificates.get()
    certificate.producer_address = PRINTED
    certificate.save()
    return certificate


def test_without_consent_only_the_commune_and_province_leave(api, cast, certificate):
    assert cast.producer.public_contact is False
    for answer in _answers(api, certificate):
        assert answer["producer_address"] == "xã Hoà An, tỉnh Thử Nghiệm"
        assert HOME not in str(answer)


def test_with_consent_the_printed_address_is_given(api, cast, certificate):
    cast.producer.public_contact = True
    cast.producer.save()
    assert [answer["producer_address"] for answer in _answers(api, certificate)] == [PUBLISHED, PUBLISHED]
