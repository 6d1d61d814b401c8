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


def test_a_draft_of_a_certificate_that_expired_since_cannot_be_submitted(cast):
    """Drafted inside the window, submitted after the expiry: the expired certificate is no longer re-evaluated
    (a first evaluation is), whereas the draft's page and the new-dossier form already said so."""
    from evaluation.services.checks import submit_errors

    product = make_product(cast.producer)
    certificate = make_certificate(
        cast.producer, product=product, status=S.VALID, valid_until=timezone.localdate() + datetime.timedelta(days=150)
    )
    registration = registration_create(product=product, kind="reevaluation", by=cast.producer_owner)
    assert not any("hết hạn" in error for error in submit_errors(registration))
    certificate.status, certificate.valid_until = S.EXPIRED, timezone.localdate() - datetime.timedelta(days=1)
    certificate.save(update_fields=["status", "valid_until"])
    assert reevaluation_window_state(product_id=product.pk)["state"] == "expired"
    assert any("đã hết hạn" in error for error in submit_errors(registration))
    # Extended by another dossier (Điều 12.3), the certificate's expiry is still the one read: this draft, never
    # filed before it, is refused the same, before the night's sweep has stored "extended" as after.
    certificate.status = S.EXTENDED
    certificate.save(update_fields=["status"])
    assert reevaluation_window_state(product_id=product.pk)["state"] == "expired"
    assert any("đã hết hạn" in error for error in submit_errors(registration))
