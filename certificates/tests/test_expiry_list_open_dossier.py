"""The expiry list does not offer "Đăng ký đánh giá lại" for a product whose dossier is already in progress; it
links that dossier, and the one-click start returns it instead of a second one (issue 12 item 15)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import certificate_start_reevaluation
from evaluation.models import Registration
from evaluation.tests.factories import criteria_version

from .factories import make_certificate, make_product, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(cast):
    criteria_version()
    product = make_product(cast.producer)
    return make_certificate(
        cast.producer,
        product=product,
        registration=make_registration(product, status="decided"),
        status=S.EXPIRING,
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )


def test_it_links_the_dossier_in_progress_instead_of_offering_a_new_one(login, cast, expiring):
    in_progress = make_registration(expiring.product, kind="reevaluation", status="submitted")
    page = login(cast.producer_owner).get(reverse("certificates:expiry_list")).content.decode()
    assert 'data-testid="start-reevaluation"' not in page
    assert reverse("evaluation:registration_detail", args=[in_progress.pk]) in page
    assert "Hồ sơ đang xử lý" in page


def test_without_a_dossier_in_progress_it_offers_the_reevaluation(login, cast, expiring):
    make_registration(expiring.product, status="rejected")  # closed: does not count
    page = login(cast.producer_owner).get(reverse("certificates:expiry_list")).content.decode()
    assert 'data-testid="start-reevaluation"' in page


def test_starting_returns_the_dossier_in_progress(cast, expiring):
    in_progress = make_registration(expiring.product, kind="reevaluation", status="draft")
    assert certificate_start_reevaluation(certificate=expiring, by=cast.producer_owner) == in_progress
    assert Registration.objects.filter(product=expiring.product).exclude(status="decided").count() == 1


def test_the_certificate_page_links_the_dossier_in_progress_too(login, cast, expiring):
    in_progress = make_registration(expiring.product, kind="reevaluation", status="draft")
    url = reverse("certificates:certificate_detail", args=[expiring.pk])
    page = login(cast.producer_owner).get(url).content.decode()
    assert 'data-testid="start-reevaluation"' not in page
    assert reverse("evaluation:registration_detail", args=[in_progress.pk]) in page
    in_progress.status = "withdrawn"
    in_progress.save(update_fields=["status"])
    assert 'data-testid="start-reevaluation"' in login(cast.producer_owner).get(url).content.decode()
