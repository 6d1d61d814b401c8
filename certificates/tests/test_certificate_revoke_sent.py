"""The revoking decision goes to the producer and to the agencies concerned (D26 Điều 8.3c: "Quyết định thu hồi giấy
chứng nhận được gửi cho chủ thể OCOP và các cơ quan liên quan"): the commune whose People's Committee guides the
producer (Điều 10.4) and confirms that it stopped producing (Điều 8.4), and for a 5★ certificate, which the Minister
revokes, the province's OCOP office, which supervises every OCOP product of its area (Điều 9.4a)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.services.revocations import certificate_revoke, certificate_revoke_propose
from certificates.tests.factories import CertificateFactory, DecisionFactory, agency_conclusion, checker_for
from ocop.models import Notification
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def revoked(cast, *, star: int, office):
    certificate = CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        star=star,
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )
    certificate_revoke_propose(
        certificate=certificate,
        ground="c",
        detail="Kết luận của Chi cục ATTP",
        by=office,
        **agency_conclusion(certificate),
    )
    certificate_revoke(
        certificate=certificate,
        decision_number="21/QĐ-UBND",
        decision_date=timezone.localdate(),
        by=checker_for(office),
    )
    return certificate


def told(certificate) -> set:
    url = reverse("certificates:certificate_detail", args=[certificate.pk])
    return set(Notification.objects.filter(url=url).values_list("user__username", flat=True))


def test_the_commune_of_the_producer_is_sent_the_provinces_decision(cast):
    certificate = revoked(cast, star=4, office=cast.province_officer)
    officials = told(certificate) - {"producer_owner"}
    assert officials == {"commune_officer"}  # not another commune's officer, nor the office that revoked it
    note = Notification.objects.get(user=cast.commune_officer)
    assert "21/QĐ-UBND" in note.text and certificate.product_name in note.text and certificate.number in note.text


def test_the_ministrys_decision_reaches_the_commune_and_the_provinces_office(cast):
    certificate = revoked(cast, star=5, office=cast.central_officer)
    assert told(certificate) - {"producer_owner"} == {"commune_officer", "province_officer"}
    assert not Notification.objects.filter(user=cast.outsider).exists()  # another province's office
