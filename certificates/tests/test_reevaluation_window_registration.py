"""The certificates app tells evaluation where a product's certificate expiry is, so a re-evaluation started from
the registration pages meets the same Điều 7.6a window as the one-click flow (evaluation never imports us)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from evaluation.selectors.reevaluation import reevaluation_window_state
from evaluation.services.dossier import registration_create
from evaluation.tests.factories import criteria_version

from .factories import make_certificate, make_product


@pytest.fixture(autouse=True)
def _criteria_in_force(db):
    criteria_version()


def test_a_reevaluation_from_the_registration_pages_is_refused_before_the_window(cast):
    product = make_product(cast.producer)
    make_certificate(
        cast.producer, product=product, status=S.VALID, valid_until=timezone.localdate() + datetime.timedelta(days=300)
    )
    with pytest.raises(ValidationError, match="Điều 7.6a"):
        registration_create(product=product, kind="reevaluation", by=cast.producer_owner)


def test_it_reads_the_live_certificate_only(cast):
    product = make_product(cast.producer)
    make_certificate(
        cast.producer, product=product, status=S.REVOKED, valid_until=timezone.localdate() + datetime.timedelta(days=50)
    )
    assert reevaluation_window_state(product_id=product.pk) is None
    make_certificate(
        cast.producer,
        product=product,
        status=S.EXPIRING,
        valid_until=timezone.localdate() + datetime.timedelta(days=20),
    )
    assert reevaluation_window_state(product_id=product.pk)["state"] == "late"
