"""Withdrawing (or rejecting) the re-evaluation that keeps an expired certificate in use (Điều 12.3) ends the
extension at once, and for good: a dossier filed after the certificate's last day renews nothing, so the product must
start again with a first evaluation. The page that does it says so before the act, naming the certificate, and asks
for a confirmation; a producer who typed "will file again" must not learn it from the public catalogue afterwards."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import certificates_flag_expiring
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as R
from evaluation.tests.factories import registration_in

from .factories import make_certificate

pytestmark = pytest.mark.django_db

WARNING = "hết hiệu lực ngay"


@pytest.fixture
def extended(cast, settings, django_capture_on_commit_callbacks):
    """A re-evaluation filed with the commune before the expiry; its certificate expired 5 days ago and is extended."""
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    today = timezone.localdate()
    filed_at = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=15), datetime.time(10)))
    registration = registration_in(cast, kind=K.REEVALUATION, status=R.SUBMITTED, submitted_at=filed_at)
    certificate = make_certificate(
        cast.producer, product=registration.product, status=S.EXPIRING, valid_until=today - datetime.timedelta(days=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=today)
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED
    return certificate, registration


def test_it_warns_before_a_withdrawal_ends_the_extension(cast, client, extended):
    certificate, registration = extended
    client.force_login(cast.producer_owner)
    response = client.post(
        reverse("evaluation:registration_withdraw", args=[registration.pk]), {"reason": "Bổ sung, sẽ nộp lại."}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert certificate.number in page
    assert WARNING in page
    assert "đánh giá lần đầu" in page
    registration.refresh_from_db()
    certificate.refresh_from_db()
    assert registration.status == R.SUBMITTED  # nothing done before the confirmation
    assert certificate.status == S.EXTENDED


def test_it_withdraws_once_confirmed(cast, client, extended):
    certificate, registration = extended
    client.force_login(cast.producer_owner)
    response = client.post(
        reverse("evaluation:registration_withdraw", args=[registration.pk]),
        {"reason": "Ngừng sản xuất.", "confirmed": "1"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    certificate.refresh_from_db()
    assert registration.status == R.WITHDRAWN
    assert certificate.status == S.EXPIRED


def test_the_officer_rejecting_it_is_told_too(cast, client, extended):
    certificate, registration = extended
    client.force_login(cast.commune_officer)
    response = client.post(
        reverse("evaluation:registration_reject", args=[registration.pk]), {"reason": "Hồ sơ không đúng sản phẩm."}
    )
    assert response.status_code == 200
    assert certificate.number in response.content.decode()
    assert WARNING in response.content.decode()


def test_no_warning_while_another_pending_dossier_keeps_it(cast, client, extended):
    certificate, registration = extended
    registration_in(cast, kind=K.REEVALUATION, status=R.FORWARDED, product=registration.product)
    client.force_login(cast.producer_owner)
    response = client.post(
        reverse("evaluation:registration_withdraw", args=[registration.pk]), {"reason": "Nộp nhầm hai lần."}
    )
    assert response.status_code == 302  # no certificate lost: withdrawn at once, as before
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED


def test_no_warning_for_a_certificate_still_in_force(cast, client):
    today = timezone.localdate()
    registration = registration_in(cast, kind=K.REEVALUATION, status=R.SUBMITTED)
    make_certificate(
        cast.producer,
        product=registration.product,
        status=S.RENEWAL_WINDOW,
        valid_until=today + datetime.timedelta(150),
    )
    client.force_login(cast.producer_owner)
    response = client.post(
        reverse("evaluation:registration_withdraw", args=[registration.pk]), {"reason": "Nộp lại sau."}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("days_left", [90, 10])  # the window closed (Điều 7.6a), and the last month
def test_it_warns_that_a_new_filing_would_be_late_once_the_window_closed(cast, client, days_left):
    # The certificate is still in force, but its window has closed: withdrawing the re-evaluation that would keep it
    # in use after its last day (Điều 12.3) means a new filing is late, and without one it lapses at its expiry.
    today = timezone.localdate()
    registration = registration_in(cast, kind=K.REEVALUATION, status=R.SUBMITTED)
    certificate = make_certificate(
        cast.producer,
        product=registration.product,
        status=S.RENEWAL_WINDOW if days_left > 30 else S.EXPIRING,
        valid_until=today + datetime.timedelta(days_left),
    )
    client.force_login(cast.producer_owner)
    url = reverse("evaluation:registration_withdraw", args=[registration.pk])
    response = client.post(url, {"reason": "Sẽ nộp lại sau."})
    assert response.status_code == 200
    page = response.content.decode()
    assert certificate.number in page and "nộp muộn" in page and f"{certificate.valid_until:%d/%m/%Y}" in page
    registration.refresh_from_db()
    assert registration.status == R.SUBMITTED  # nothing done before the confirmation
    response = client.post(url, {"reason": "Sẽ nộp lại sau.", "confirmed": "1"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == R.WITHDRAWN
