"""Revocations recorded before four eyes were issued in one step: the migration makes them "issued", proposed
by their issuer at the time they were recorded."""

import importlib

import pytest
from django.apps import apps

from certificates.choices import RevocationStatus
from certificates.models import Revocation
from certificates.tests.factories import CertificateFactory, revoke_with_four_eyes
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("certificates.migrations.0010_revocation_four_eyes")


def test_it_makes_old_revocations_issued_and_proposed_by_their_issuer(cast):
    certificate = CertificateFactory(product=ProductFactory(producer=cast.producer))
    revocation = revoke_with_four_eyes(certificate=certificate, by=cast.province_officer)
    # As a row written by the one-step service looked after the schema change: no proposer, no times.
    Revocation.objects.filter(pk=revocation.pk).update(proposed_by=None, proposed_at=None, issued_at=None)
    migration.backfill(apps, None)
    revocation.refresh_from_db()
    assert revocation.status == RevocationStatus.ISSUED
    assert revocation.proposed_by_id == revocation.revoked_by_id is not None
    assert revocation.proposed_at == revocation.created_at == revocation.issued_at
