"""The page of a re-evaluation dossier names the certificate it renews: its number, star and expiry, and whether the
dossier was filed within that certificate's window (Điều 7.6a) or late (Điều 12.3), so that the officer checking it
need not look the certificate up (evaluation.hooks.reevaluation_certificate)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as R
from evaluation.tests.factories import registration_in

from .factories import make_certificate

pytestmark = pytest.mark.django_db


def renewed(cast, days_left: int):
    registration = registration_in(cast, kind=K.REEVALUATION, status=R.SUBMITTED)  # filed today
    certificate = make_certificate(
        cast.producer,
        product=registration.product,
        status=S.RENEWAL_WINDOW,
        valid_until=timezone.localdate() + datetime.timedelta(days_left),
    )
    return registration, certificate


def section(client, registration) -> str:
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="renews-certificate"' in html
    return html.split('data-testid="renews-certificate"')[1].split("</dd>")[0]


@pytest.mark.parametrize("role", ["commune_officer", "province_officer", "producer_owner"])
def test_it_names_the_certificate_and_says_the_dossier_was_filed_in_time(login, cast, role):
    registration, certificate = renewed(cast, 150)  # the window is open today
    shown = section(login(getattr(cast, role)), registration)
    assert certificate.number in shown and f"hết hạn ngày {certificate.valid_until:%d/%m/%Y}" in shown
    assert f'aria-label="{certificate.star} sao"' in shown
    assert reverse("certificates:certificate_detail", args=[certificate.pk]) in shown
    assert "trong thời hạn nộp hồ sơ đánh giá lại" in shown


def test_it_says_a_dossier_filed_after_the_window_is_late(login, cast):
    registration, certificate = renewed(cast, 90)  # the window closed 30 days ago
    shown = section(login(cast.commune_officer), registration)
    assert certificate.number in shown and "sau thời hạn nộp hồ sơ đánh giá lại" in shown and "Điều 12.3" in shown


def test_a_first_evaluation_names_no_certificate(login, cast):
    registration = registration_in(cast, kind=K.FIRST, status=R.SUBMITTED)
    html = login(cast.commune_officer).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert 'data-testid="renews-certificate"' not in html.content.decode()


def test_an_outsider_gets_a_404(login, cast):
    registration, _certificate = renewed(cast, 150)
    page = login(cast.outsider).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert page.status_code == 404
