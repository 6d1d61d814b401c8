"""api 0004 on a database with clients whose tokens were issued before tokens had a lifetime: each gets its lifetime
from when its token was issued (its last rotation, else its creation), but keeps working at least 30 days after the
upgrade, so that no integration is cut off on the day."""

import datetime as dt

import pytest
from django.utils import timezone

from api.models import ApiClient
from ocop.testing import migration_run

from .factories import make_client

MIGRATION = "0004_apiclient_token_expires_at"


@pytest.mark.django_db  # the schema too comes back with the test's rollback (migration_run)
def test_existing_tokens_get_their_lifetime_but_at_least_thirty_days(cast, settings):
    settings.API_TOKEN_DAYS = 180
    old, _ = make_client(cast, "province_read", name="Cũ")
    rotated, _ = make_client(cast, "national_read", name="Mới đổi mã")
    migration_run("api", MIGRATION, backwards=True)
    now = timezone.now()
    ApiClient.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=400))
    ApiClient.objects.filter(pk=rotated.pk).update(
        created_at=now - dt.timedelta(days=400), rotated_at=now - dt.timedelta(days=10)
    )
    migration_run("api", MIGRATION)
    expiry = dict(ApiClient.objects.values_list("pk", "token_expires_at"))
    assert abs(expiry[old.pk] - (now + dt.timedelta(days=30))) < dt.timedelta(minutes=1)
    assert abs(expiry[rotated.pk] - (now + dt.timedelta(days=170))) < dt.timedelta(minutes=1)
