"""Điều 12.3 end to end: a re-evaluation filed after the window (d < 120) keeps the certificate valid after its
expiry while the dossier is pending — on the list, in the producer's notices and on the public verification page —
until the new certificate supersedes it, or for at most 180 days."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.choices import DecisionStatus, IssuerLevel, NoticeKind
from certificates.models import Certificate, CertificateNotice, DecisionEntry, RecognitionDecision
from certificates.services.decisions import decision_issue
from certificates.services.expiry import certificate_start_reevaluation, certificates_flag_expiring
from certificates.tests.factories import checker_for
from evaluation.models import Registration
from evaluation.tests.factories import criteria_version

from .factories import make_certificate, make_product, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return certificates_flag_expiring(today=today)

    return _run


@pytest.fixture
def late(cast, run, login, settings):
    """A certificate 60 days before expiry (the window closed on d = 120) with a late re-evaluation filed."""
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    criteria_version()
    today = timezone.localdate()
    product = make_product(cast.producer, name="Miến dong Hoà An")
    previous = make_registration(product, kind="first", status="decided")
    certificate = make_certificate(
        cast.producer, product=product, registration=previous, valid_until=today + datetime.timedelta(days=60)
    )
    run(today)
    certificate.refresh_from_db()
    assert certificate.status == S.RENEWAL_WINDOW
    response = login(cast.producer_owner).post(
        reverse("certificates:certificate_start_reevaluation", args=[certificate.pk])
    )
    assert response.status_code == 302
    registration = Registration.objects.get(product=product, kind="reevaluation")
    # Submission itself (documents, Mẫu 01) is the evaluation app's, tested there; here the dossier is filed.
    now = timezone.now()
    Registration.objects.filter(pk=registration.pk).update(status="submitted", submitted_at=now, first_submitted_at=now)
    return certificate, registration


def expiry_day_plus(certificate, days):
    return certificate.valid_until + datetime.timedelta(days=days)


def verdict(client, certificate):
    body = client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token])).content.decode()
    return body


def test_a_late_dossier_keeps_the_certificate_valid_until_the_new_one_supersedes_it(
    cast, run, client, late, mailoutbox
):
    certificate, registration = late
    run(expiry_day_plus(certificate, 0))
    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRING
    run(expiry_day_plus(certificate, 1))
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED
    assert CertificateNotice.objects.filter(certificate=certificate, kind=NoticeKind.EXTENDED).exists()
    extended = [m for m in mailoutbox if certificate.number in m.subject and "được gia hạn" in m.subject]
    assert len(extended) == 1 and extended[0].to == [cast.producer_owner.email]

    body = verdict(client, certificate)
    assert 'data-status="extended">Còn hiệu lực' in body
    assert expiry_day_plus(certificate, 180).strftime("%d/%m/%Y") in body

    run(expiry_day_plus(certificate, 180))  # the last day of the extension
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED

    # The council has scored the dossier; the province issues the new decision.
    Registration.objects.filter(pk=registration.pk).update(status="scored")
    decision = RecognitionDecision.objects.create(
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        issuer_name="UBND Tỉnh Thử Nghiệm",
        status=DecisionStatus.CHECKED,
    )
    DecisionEntry.objects.create(decision=decision, registration=registration, product=certificate.product, star=4)
    decision_issue(
        decision=decision, number="321/QĐ-UBND", date=timezone.localdate(), by=checker_for(cast.province_officer)
    )
    certificate.refresh_from_db()
    new = Certificate.objects.get(decision=decision)
    assert certificate.status == S.SUPERSEDED and certificate.superseded_by == new
    body = verdict(client, certificate)
    assert 'data-status="superseded">Đã được thay thế' in body and new.verify_token in body
    run(expiry_day_plus(certificate, 181))
    certificate.refresh_from_db()
    assert certificate.status == S.SUPERSEDED  # never moved again by the watch


def test_the_extension_ends_after_180_days_without_a_result(run, client, late):
    certificate, _registration = late
    run(expiry_day_plus(certificate, 1))
    run(expiry_day_plus(certificate, 181))
    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED
    assert 'data-status="expired">Hết hiệu lực' in verdict(client, certificate)


def test_without_a_filed_dossier_the_certificate_expires_the_day_after(cast, run):
    criteria_version()
    today = timezone.localdate()
    certificate = make_certificate(cast.producer, valid_until=today + datetime.timedelta(days=60))
    certificate_start_reevaluation(certificate=certificate, by=cast.producer_owner)  # a draft only
    run(expiry_day_plus(certificate, 1))
    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED
