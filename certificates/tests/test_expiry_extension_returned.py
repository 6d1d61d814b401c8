"""Điều 12.3: a late re-evaluation keeps its certificate in use "until the authority decides". A return of the
dossier to the producer to complete (by the commune or the province) is not that decision: the certificate stays
extended while the dossier is open, the producer resubmits it, and the extension goes on. A withdrawal or a
rejection ends it, as the 180 days do."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import certificates_flag_expiring
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as R
from evaluation.services.transitions import (
    registration_reject,
    registration_return,
    registration_submit,
    registration_withdraw,
)
from evaluation.tests.factories import complete_dossier, registration_in, use_private_media

from .factories import make_certificate

pytestmark = pytest.mark.django_db

LATE_BY = 60  # filed 60 days before the expiry: the window (180 to 120 days before) had closed


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return certificates_flag_expiring(today=today)

    return _run


@pytest.fixture
def extended(cast, run, settings):
    """A late re-evaluation filed with the commune, and its certificate extended the day after its expiry."""
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    registration = registration_in(cast, kind=K.REEVALUATION, status=R.SUBMITTED)
    certificate = make_certificate(
        cast.producer,
        product=registration.product,
        status=S.EXPIRING,
        valid_until=timezone.localdate() + datetime.timedelta(days=LATE_BY),
    )
    run(day(certificate, 1))
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED
    return certificate, registration


def day(certificate, after_expiry: int) -> datetime.date:
    return certificate.valid_until + datetime.timedelta(days=after_expiry)


def at(time_machine, date: datetime.date) -> None:
    time_machine.move_to(datetime.datetime.combine(date, datetime.time(10), tzinfo=timezone.get_current_timezone()))


def status_after_sweep(run, certificate, today) -> str:
    run(today)
    certificate.refresh_from_db()
    return certificate.status


@pytest.mark.parametrize("returned_by", ["commune", "province"])
def test_a_return_to_complete_keeps_the_certificate_extended_and_resubmitting_goes_on(
    cast, run, client, time_machine, settings, tmp_path, extended, returned_by
):
    use_private_media(settings, tmp_path)  # the documents of the completed dossier
    certificate, registration = extended
    at(time_machine, day(certificate, 10))
    if returned_by == "commune":
        registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm.")
    else:
        type(registration).objects.filter(pk=registration.pk).update(status=R.FORWARDED)
        registration.refresh_from_db()
        registration_return(registration=registration, by=cast.province_officer, reason="Thiếu phiếu kiểm nghiệm.")
    registration.refresh_from_db()
    assert registration.status == R.RETURNED

    at(time_machine, day(certificate, 11))
    assert status_after_sweep(run, certificate, day(certificate, 11)) == S.EXTENDED  # the next night's sweep
    page = client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token])).content.decode()
    assert 'data-status="extended"' in page

    # The producer completes the dossier and files it again: still extended, to the 180th day.
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.status == R.SUBMITTED
    assert status_after_sweep(run, certificate, day(certificate, 12)) == S.EXTENDED
    assert status_after_sweep(run, certificate, day(certificate, 180)) == S.EXTENDED
    assert status_after_sweep(run, certificate, day(certificate, 181)) == S.EXPIRED


def test_a_returned_dossier_left_open_is_extended_for_180_days_at_most(cast, run, time_machine, extended):
    certificate, registration = extended
    at(time_machine, day(certificate, 5))
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm.")
    assert status_after_sweep(run, certificate, day(certificate, 180)) == S.EXTENDED
    assert status_after_sweep(run, certificate, day(certificate, 181)) == S.EXPIRED


def test_withdrawing_the_returned_dossier_ends_the_extension(cast, run, time_machine, extended):
    certificate, registration = extended
    at(time_machine, day(certificate, 5))
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm.")
    registration.refresh_from_db()
    registration_withdraw(registration=registration, by=cast.producer_owner, reason="Không đủ điều kiện.")
    assert status_after_sweep(run, certificate, day(certificate, 6)) == S.EXPIRED


def test_rejecting_the_late_dossier_ends_the_extension(cast, run, time_machine, extended):
    certificate, registration = extended
    at(time_machine, day(certificate, 5))
    registration_reject(registration=registration, by=cast.commune_officer, reason="Hồ sơ không đúng sản phẩm.")
    assert status_after_sweep(run, certificate, day(certificate, 6)) == S.EXPIRED


def test_a_draft_never_filed_extends_nothing(cast, run):
    registration = registration_in(cast, kind=K.REEVALUATION, status=R.DRAFT)
    certificate = make_certificate(
        cast.producer, product=registration.product, status=S.EXPIRING, valid_until=timezone.localdate()
    )
    assert status_after_sweep(run, certificate, day(certificate, 1)) == S.EXPIRED
