"""Revocations on record before the finding's day was kept take it from their certificate's revocation case, which
opened on it; one with no case stays empty."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from certificates.models import Revocation
from supervision import services

from .factories import certificate_for

pytestmark = pytest.mark.django_db

migration = importlib.import_module("supervision.migrations.0007_revocation_grounded_on_backfill")


def test_it_fills_the_findings_day_from_the_case_and_leaves_the_others_empty(cast):
    confirmed = certificate_for(cast)
    case = services.production_stop_confirm(
        certificate=confirmed,
        by=cast.commune_officer,
        confirmed_on=timezone.localdate() - dt.timedelta(days=7),
        document_number="9/XN-UBND",
    )
    services.revocation_case_propose(case=case, by=cast.province_officer)
    alone = certificate_for(cast)
    Revocation.objects.create(certificate=alone, ground="a", detail="Ghi từ trước.", proposed_at=timezone.now())
    Revocation.objects.update(grounded_on=None)  # as the rows were before the column
    migration.backfill(apps, None)
    assert Revocation.objects.get(certificate=confirmed).grounded_on == case.opened_on
    assert Revocation.objects.get(certificate=alone).grounded_on is None
