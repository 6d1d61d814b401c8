"""A product's status compares the day a registration was filed with the day a certificate was issued in Vietnam's
time: a re-registration filed at 06:00 on the morning after its certificate was issued and revoked (23:00 the day
before in UTC, the database's time) came after that certificate, and its failed outcome is the product's status."""

import datetime as dt

import pytest

from certificates.services.product_status import product_derive_status
from certificates.tests.factories import make_certificate, make_registration
from evaluation.choices import RegistrationStatus
from products.choices import ProductStatus

VN = dt.timezone(dt.timedelta(hours=7))


@pytest.mark.django_db
def test_a_registration_filed_the_next_morning_counts_as_after_the_certificate(cast):
    certificate = make_certificate(cast.producer, valid_until=dt.date(2029, 3, 4), status="revoked")
    product = certificate.product
    registration = make_registration(product, kind="reevaluation", status=RegistrationStatus.NOT_RECOGNISED)
    filed = dt.datetime.combine(certificate.issued_on + dt.timedelta(days=1), dt.time(6, 0), tzinfo=VN)
    type(registration).objects.filter(pk=registration.pk).update(
        created_at=filed, result_notified_status=RegistrationStatus.NOT_RECOGNISED
    )

    assert product_derive_status(product=product) == (ProductStatus.NOT_RECOGNISED, None)


@pytest.mark.django_db
def test_a_registration_filed_the_same_day_does_not(cast):
    certificate = make_certificate(cast.producer, valid_until=dt.date(2029, 3, 4), status="revoked")
    product = certificate.product
    registration = make_registration(product, kind="reevaluation", status=RegistrationStatus.NOT_RECOGNISED)
    filed = dt.datetime.combine(certificate.issued_on, dt.time(23, 0), tzinfo=VN)
    type(registration).objects.filter(pk=registration.pk).update(
        created_at=filed, result_notified_status=RegistrationStatus.NOT_RECOGNISED
    )

    assert product_derive_status(product=product) == (ProductStatus.REVOKED, None)
