"""The sync export wrote its times in UTC (`…+00:00`, from `.isoformat()` on the database's values) where the
lists write the site's time (Asia/Ho_Chi_Minh, `…+07:00`, DRF's DateTimeField): the same record's `updated_at` read
two ways. Both now write the local time with its offset, through the serializers' own field."""

import datetime
import json

import pytest
from django.urls import reverse

from certificates.models import Certificate
from products.models import Producer, Product

from .factories import certified_world

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 5, 1, 3, 4, 5, 123456, tzinfo=datetime.UTC)
LOCAL = "2026-05-01T10:04:05.123456+07:00"


def test_the_export_writes_times_as_the_lists_do_in_local_time_with_the_offset(api, cast):
    world = certified_world(cast)
    product = world["mine"]
    Product.objects.filter(pk=product.pk).update(created_at=MOMENT, updated_at=MOMENT)
    Producer.objects.filter(pk=product.producer_id).update(updated_at=MOMENT - datetime.timedelta(days=1))
    certificate = product.certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(created_at=MOMENT, updated_at=MOMENT)
    caller = api.as_("province_read")

    response = caller.get(reverse("api:sync_province", args=[cast.province.pk]))
    doc = json.loads(b"".join(response.streaming_content))
    (row,) = [p for p in doc["products"] if p["id"] == product.pk]
    assert row["created_at"] == row["updated_at"] == LOCAL
    (cert_row,) = [c for c in doc["certificates"] if c["id"] == certificate.pk]
    assert cert_row["created_at"] == cert_row["updated_at"] == LOCAL
    assert doc["generated_at"].endswith("+07:00")

    listed = caller.get(reverse("api:product_list")).json()["results"]
    assert [p["updated_at"] for p in listed if p["id"] == product.pk] == [LOCAL]
    detail = caller.get(reverse("api:certificate_detail", args=[certificate.pk])).json()
    assert detail["updated_at"] == LOCAL


def test_since_is_given_back_in_local_time_whatever_offset_it_was_sent_with(api, cast):
    certified_world(cast)
    caller = api.as_("province_read")
    response = caller.get(
        reverse("api:sync_province", args=[cast.province.pk]), {"since": "2026-05-01T03:04:05.123456Z"}
    )
    assert json.loads(b"".join(response.streaming_content))["since"] == LOCAL
