"""The national-sync export, read back and compared with the database; changes since a time; the Excel snapshot;
scope; bounded queries."""

import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.models import Certificate
from certificates.tests.factories import revoke_with_four_eyes
from ocop.models import AdministrativeUnitSuccession
from ocop.testing import make_unit
from portal.tests.factories import certified
from products.models import Product

from .factories import certified_world

pytestmark = pytest.mark.django_db


WEEK = datetime.timedelta(days=7)


def _document(response) -> dict:
    assert response.status_code == 200, response.content
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))


def _sync(caller, province, **params):
    return caller.get(reverse("api:sync_province", args=[province.pk]), params)


def test_the_snapshot_holds_every_product_and_certificate_of_the_province_as_stored(api, cast):
    world = certified_world(cast)
    old_commune = make_unit(level="commune", code="00123", name="Xã Cũ", era="historic")
    AdministrativeUnitSuccession.objects.create(old=old_commune, new=cast.commune, is_primary=True)
    cast.producer.historic_commune = old_commune
    cast.producer.save()
    doc = _document(_sync(api.as_("province_read"), cast.province))

    assert doc["format"] == "ocop-sync/1" and doc["province"]["code"] == "90" and doc["since"] is None
    products = Product.objects.filter(producer__commune__parent=cast.province).order_by("pk")
    assert [p["id"] for p in doc["products"]] == [p.pk for p in products]
    for row, product in zip(doc["products"], products, strict=True):
        assert row["name"] == product.name and row["code"] == product.code and row["status"] == product.status
        assert row["current_star"] == product.current_star and row["product_set"] == product.product_set.number
        assert row["producer"]["id"] == product.producer_id
        assert row["producer"]["tax_code"] == product.producer.tax_code
        assert row["producer"]["commune"] == {"id": cast.commune.pk, "code": "90001", "name": "Xã Hoà An"}
        assert row["producer"]["historic_commune"]["code"] == "00123"
    certificates = Certificate.objects.filter(product__producer__commune__parent=cast.province).order_by("pk")
    assert [c["id"] for c in doc["certificates"]] == [c.pk for c in certificates]
    for row, certificate in zip(doc["certificates"], certificates, strict=True):
        assert row["number"] == certificate.number and row["star"] == certificate.star
        assert row["product_id"] == certificate.product_id and row["status"] == certificate.status
        assert row["issued_on"] == certificate.issued_on.isoformat()
        assert row["valid_until"] == certificate.valid_until.isoformat()
        assert row["decision"]["number"] == certificate.decision.number
    assert world["far"].pk not in {p["id"] for p in doc["products"]}
    assert doc["unit_mapping"] == [
        {
            "old": {"id": old_commune.pk, "code": "00123", "name": "Xã Cũ", "level": "commune"},
            "new": {"id": cast.commune.pk, "code": "90001", "name": "Xã Hoà An", "level": "commune"},
            "is_primary": True,
        }
    ]


def test_changes_since_hold_only_what_changed_and_the_next_since_misses_nothing(api, cast):
    world = certified_world(cast)
    caller = api.as_("province_read")
    first = _document(_sync(caller, cast.province))
    since = first["generated_at"]
    assert _document(_sync(caller, cast.province, since=since))["products"] == []

    certificate = world["mine"].certificates.get()
    revoke_with_four_eyes(
        certificate=certificate,
        by=cast.province_officer,
        ground="b",
        decision_number="12/QĐ-UBND",
        decision_date=timezone.localdate(),
    )
    changes = _document(_sync(caller, cast.province, since=since))
    assert [c["id"] for c in changes["certificates"]] == [certificate.pk]
    row = changes["certificates"][0]
    assert row["status"] == "revoked" and row["revocation"]["decision_number"] == "12/QĐ-UBND"
    assert [p["id"] for p in changes["products"]] == [world["mine"].pk]  # its status followed (product_refresh_status)
    assert changes["products"][0]["status"] == Product.objects.get(pk=world["mine"].pk).status


def test_a_certificate_that_lapsed_by_date_is_a_change_before_the_nightly_sweep(api, cast):
    world = certified_world(cast)
    certificate = world["mine"].certificates.get()
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1), updated_at=timezone.now() - WEEK
    )  # written a week ago: only the date moved past it
    since = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    changes = _document(_sync(api.as_("province_read"), cast.province, since=since))
    assert [(c["id"], c["status"]) for c in changes["certificates"]] == [(certificate.pk, "expired")]


def test_an_extension_that_ended_by_date_is_a_change_before_the_nightly_sweep(api, cast):
    """Stored as extended (its re-evaluation still pending), the certificate's 180 days ended today: its status
    changed with no write (certificates.models.status.effective_status)."""
    from certificates.tests.factories import make_registration

    world = certified_world(cast)
    certificate = world["mine"].certificates.get()
    make_registration(world["mine"], kind="reevaluation", status="ready_for_council")
    Certificate.objects.filter(pk=certificate.pk).update(
        status="extended",
        valid_until=timezone.localdate() - datetime.timedelta(days=181),
        updated_at=timezone.now() - WEEK,
    )
    since = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    changes = _document(_sync(api.as_("province_read"), cast.province, since=since))
    assert [(c["id"], c["status"]) for c in changes["certificates"]] == [(certificate.pk, "expired")]


def test_a_bad_since_is_a_400(api, cast):
    response = _sync(api.as_("province_read"), cast.province, since="hôm qua")
    assert response.status_code == 400 and "since" in response.json()["errors"]


def test_a_province_client_exports_its_own_province_only(api, cast):
    caller = api.as_("province_read")
    assert _sync(caller, cast.other_province).status_code == 404
    assert caller.get(reverse("api:sync_province_xlsx", args=[cast.other_province.pk])).status_code == 404
    assert _sync(caller, cast.commune).status_code == 404  # a commune is not a province
    assert _sync(api.as_("national_read"), cast.other_province).status_code == 200


def test_the_excel_snapshot_reads_back_as_the_json(api, cast):
    certified_world(cast)
    caller = api.as_("province_read")
    doc = _document(_sync(caller, cast.province))
    response = caller.get(reverse("api:sync_province_xlsx", args=[cast.province.pk]))
    assert response.status_code == 200
    assert "ocop-90.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    products, certificates, _mapping = (list(ws.iter_rows(values_only=True)) for ws in book.worksheets)
    assert [(r[0], r[2]) for r in products[1:]] == [(p["id"], p["name"]) for p in doc["products"]]
    assert [(r[0], r[1], r[4]) for r in certificates[1:]] == [
        (c["id"], c["number"], c["star"]) for c in doc["certificates"]
    ]


def _count_export_queries(caller, province) -> int:
    with CaptureQueriesContext(connection) as queries:
        _document(_sync(caller, province))
    return len(queries)


def test_the_export_costs_the_same_queries_for_few_and_many_rows(api, cast):
    certified_world(cast)
    caller = api.as_("province_read")
    few = _count_export_queries(caller, cast.province)
    for n in range(10):
        certified(cast.producer, name=f"Sản phẩm thêm {n}")
    many = _count_export_queries(caller, cast.province)
    assert few == many
