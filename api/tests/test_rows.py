"""The client lists write their rows from `.values()` (api/rows.py): each row must be exactly what the endpoint's
serializer gives for the model instance (the detail endpoints and the schema still use the serializer), for every
list, with the awkward cases present: a legacy product code and a coded one, a producer with a former commune and
one without, a historic decision without entries beside an issued one, a decimal mean score, a status label."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import resolve, reverse
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from api.rows import values_plan
from certificates.tests.factories import (
    CertificateFactory,
    DecisionFactory,
    ProductFactory,
    issued_decision,
    result_for,
)
from dashboard.services import historic_evaluations_record
from evaluation.tests.factories import registration_in
from ocop.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

CLIENT_LISTS = [
    "api:producer_list",
    "api:product_list",
    "api:registration_list",
    "api:council_result_list",
    "api:decision_list",
    "api:certificate_list",
    "api:historic_evaluation_list",
]


def _world(cast):
    former = AdministrativeUnit.objects.filter(level="district").first() or cast.commune
    cast.producer.historic_commune = former
    cast.producer.save()
    legacy = ProductFactory(producer=cast.producer, name="Chè cũ", legacy_code="TN-2019-07", code_serial=None)
    coded = ProductFactory(
        producer=cast.producer,
        name="Mật ong mới",
        code_province="19",
        code_commune="05842",
        code_serial=7,
        code_year=2026,
    )
    registration_in(cast, status="submitted", product=coded)
    results = [result_for(cast.producer, name="Miến dong", star=4)]
    result_for(cast.producer, name="Miến dong Tài Hoan", star=5, potential_five=True)  # gives no star (Điều 7.3e)
    issued_decision(province=cast.province, by=cast.province_officer, results=results)
    historic = DecisionFactory(is_historic=True, number="12/QĐ-UBND", date=date(2020, 5, 4))
    CertificateFactory(product=legacy, decision=historic, star=3, mean_score=Decimal("61.25"), is_historic=True)
    historic_evaluations_record(
        by=cast.province_officer,
        rows=[
            {
                "product": coded,
                "evaluated_on": date(2023, 6, 1),
                "mean_score": Decimal("41.5"),
                "star": 0,
                "level": "province",
                "unit": cast.province,
            }
        ],
    )


def _json(data):
    return json.loads(JSONRenderer().render(data))


@pytest.mark.parametrize("name", CLIENT_LISTS)
def test_each_row_is_what_the_serializer_writes(api, cast, name):
    _world(cast)
    caller = api.as_("national_read")
    response = caller.get(reverse(name), {"page_size": 500})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows, "the world has rows for every list"
    view = resolve(reverse(name)).func.view_class()
    scoped = view.scoped(caller.api_client.user)
    by_id = {obj.pk: obj for obj in scoped.filter(pk__in=[row["id"] for row in rows])}
    assert sorted(by_id) == sorted(row["id"] for row in rows)
    for row in rows:
        assert row == _json(view.serializer_class(by_id[row["id"]]).data)


def test_the_awkward_values_are_in_the_world(api, cast):
    """The comparison above is worth something only if the lists hold the cases it is about."""
    _world(cast)
    caller = api.as_("national_read")

    def rows(name):
        return caller.get(reverse(name), {"page_size": 500}).json()["results"]

    assert {row["code"] for row in rows("api:product_list")} >= {"TN-2019-07", "19-05842-7-2026"}
    producers = rows("api:producer_list")
    assert any(row["historic_commune"] is None for row in producers)
    assert any(row["historic_commune"] is not None for row in producers)
    assert {row["certificate_count"] for row in rows("api:decision_list")} >= {1}
    assert any(row["mean_score"] == "61.25" for row in rows("api:certificate_list"))
    assert all(row["status_label"] for row in rows("api:registration_list"))
    assert any(row["potential_five"] and row["final_star"] == 0 for row in rows("api:council_result_list"))


class _WithMethod(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.SerializerMethodField()

    def get_label(self, obj) -> str:
        return "x"


class _Unit(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _WithNested(serializers.Serializer):
    id = serializers.IntegerField()
    parent = _Unit(source="commune.parent", allow_null=True)
    on = serializers.DateField()


def test_a_field_without_a_values_lookup_is_refused_when_the_plan_is_made():
    with pytest.raises(TypeError, match="method field"):
        values_plan(_WithMethod)


def test_a_nullable_nested_object_is_null_when_its_id_is_and_dates_are_written_as_the_serializer_does():
    plan = values_plan(_WithNested)
    assert plan.keys == ("id", "commune__parent__id", "commune__parent__name", "on")
    row = {"id": 1, "commune__parent__id": None, "commune__parent__name": None, "on": date(2026, 12, 2)}
    assert plan.row(row) == {"id": 1, "parent": None, "on": "2026-12-02"}
    row |= {"commune__parent__id": 7, "commune__parent__name": "Thái Nguyên"}
    assert plan.row(row)["parent"] == {"id": 7, "name": "Thái Nguyên"}
