"""Điều 12.3: a certificate stays in use past its expiry only while its re-evaluation is pending. When the dossier
stops being pending (withdrawn, rejected, eliminated, not recognised), the extension ends at once, not at the next
night's sweep: the producer's home, the certificate's page and list (which read the stored status) must not go on
saying "extended, at the latest until …" for a certificate the verification page already shows as expired."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.choices import NoticeKind
from certificates.models import CertificateNotice
from certificates.services.expiry import certificates_flag_expiring
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as R
from evaluation.services.transitions import registration_reject, registration_return, registration_withdraw
from evaluation.tests.factories import registration_in

from .factories import make_certificate

pytestmark = pytest.mark.django_db

EXTENSION_NOTE = "Giấy chứng nhận được gia hạn theo Điều 12 khoản 3"


@pytest.fixture
def extended(cast, settings, time_machine, django_capture_on_commit_callbacks):
    """A late re-evaluation filed with the commune; its certificate expired 5 days ago and is extended."""
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    today = timezone.localdate()
    filed_at = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=15), datetime.time(10)))
    registration = registration_in(cast, kind=K.REEVALUATION, status=R.SUBMITTED, submitted_at=filed_at)  # late
    certificate = make_certificate(
        cast.producer,
        product=registration.product,
        status=S.EXPIRING,
        valid_until=today - datetime.timedelta(days=5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=today)
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED
    return certificate, registration


def _producer_pages(client, cast, certificate) -> list[str]:
    client.force_login(cast.producer_owner)
    return [
        client.get(url).content.decode()
        for url in (
            reverse("home"),
            reverse("certificates:certificate_detail", args=[certificate.pk]),
            reverse("certificates:certificate_list"),
        )
    ]


def test_withdrawing_the_late_dossier_ends_the_extension_at_once(cast, client, extended):
    certificate, registration = extended
    assert all(EXTENSION_NOTE in page for page in _producer_pages(client, cast, certificate))

    registration_withdraw(registration=registration, by=cast.producer_owner, reason="Ngừng sản xuất.")

    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED  # not "extended" until the next night
    assert certificate.status_changed_on == timezone.localdate()
    assert CertificateNotice.objects.filter(certificate=certificate, kind=NoticeKind.EXPIRED).count() == 1
    for page in _producer_pages(client, cast, certificate):
        assert EXTENSION_NOTE not in page
    verify = client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token])).content
    assert b'data-status="expired"' in verify or "Hết hiệu lực" in verify.decode()


def test_a_withdrawal_through_the_page_ends_it_too(cast, client, extended):
    certificate, registration = extended
    client.force_login(cast.producer_owner)
    response = client.post(
        reverse("evaluation:registration_withdraw", args=[registration.pk]),
        {"reason": "Ngừng sản xuất.", "confirmed": "1"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == R.WITHDRAWN
    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED


def test_rejecting_the_late_dossier_ends_it_at_once(cast, extended):
    certificate, registration = extended
    registration_reject(registration=registration, by=cast.commune_officer, reason="Hồ sơ không đúng sản phẩm.")
    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED


def test_a_return_to_complete_keeps_it(cast, extended):
    certificate, registration = extended
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm.")
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED
    assert not CertificateNotice.objects.filter(certificate=certificate, kind=NoticeKind.EXPIRED).exists()


def test_another_pending_dossier_of_the_product_keeps_it(cast, extended):
    """Only the product's last pending re-evaluation ends the extension (the rule reads any pending one)."""
    certificate, registration = extended
    registration_in(cast, kind=K.REEVALUATION, status=R.FORWARDED, product=registration.product)
    registration_withdraw(registration=registration, by=cast.producer_owner, reason="Nộp nhầm hai lần.")
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED
