"""The certificate's page prints the producer's address as the certificate stored it, its units named as Nghị định
30/2020/NĐ-CP writes them (Phụ lục II, mục II): a certificate issued before the rule stored "Xã …, Tỉnh …", shown
"xã …, tỉnh …" after the line."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import CertificateFactory, DecisionFactory, result_for

pytestmark = pytest.mark.django_db


def test_the_certificate_page_writes_the_stored_address_units_in_lower_case(cast, login):
    product = result_for(cast.producer, name="Miến dong Nà Pài").registration.product
    certificate = CertificateFactory(
        product=product,
        decision=DecisionFactory(date=timezone.localdate()),
        producer_address="Thôn Nà Pài, Xã Hoà An, Tỉnh Thử Nghiệm",
    )
    body = login(cast.province_officer).get(reverse("certificates:certificate_detail", args=[certificate.pk]))
    body = body.content.decode()
    assert '<small class="text-muted">Thôn Nà Pài, xã Hoà An, tỉnh Thử Nghiệm</small>' in body


def test_the_dossier_page_names_the_receiving_commune_with_its_province_in_lower_case(cast, login):
    cast.commune.full_name = f"{cast.commune.name}, {cast.province.name}"
    cast.commune.save(update_fields=["full_name"])
    registration = result_for(cast.producer, name="Miến dong Nà Pài").registration
    body = login(cast.province_officer).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert '<dd class="col-sm-8">Xã Hoà An, tỉnh Thử Nghiệm</dd>' in body.content.decode()


def test_the_officers_digest_names_the_commune_with_its_province_in_lower_case(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    import datetime

    from certificates.services.expiry import certificates_flag_expiring
    from certificates.tests.factories import make_certificate

    cast.commune.full_name = f"{cast.commune.name}, {cast.province.name}"
    cast.commune.save(update_fields=["full_name"])
    valid_until = datetime.date(2029, 8, 5)
    make_certificate(cast.producer, valid_until=valid_until)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=valid_until - datetime.timedelta(days=180))
    digest = next(m for m in mailoutbox if m.subject.startswith("OCOP:") and cast.province_officer.email in m.to)
    assert "(xã Hoà An, tỉnh Thử Nghiệm)" in digest.body, digest.body  # inside the line's parentheses
    assert "<td>Xã Hoà An, tỉnh Thử Nghiệm</td>" in digest.alternatives[0][0]  # a cell of its own
