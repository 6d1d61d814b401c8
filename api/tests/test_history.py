"""Past rounds' evaluations that were not recognised (the web's /danh-gia-cu/): read in the client's scope and
recorded by read-write clients through the web form and service, per scope: allowed (written and read back),
a read client 403, another province's records 404 and its products refused, invalid input a problem document
with the fields named."""

import pytest
from django.urls import reverse

from certificates.tests.factories import CertificateFactory, DecisionFactory, ProductFactory
from dashboard.models import HistoricEvaluation
from dashboard.services import default_issuer_name, historic_evaluations_record

pytestmark = pytest.mark.django_db

LIST = "api:historic_evaluation_list"


def _body(cast, product, **changes):
    return {
        "product": product.pk,
        "evaluated_on": "2024-05-10",
        "mean_score": "48.50",
        "star": 2,
        "level": "province",
        "unit": cast.province.pk,
        **changes,
    }


def _recorded(by, product, unit):
    from datetime import date
    from decimal import Decimal

    row = {"product": product, "evaluated_on": date(2023, 6, 1), "mean_score": Decimal("41"), "star": 0}
    return historic_evaluations_record(by=by, rows=[{**row, "level": "province", "unit": unit}])[0]


def test_a_province_write_client_records_one_and_reads_it_back(api, cast):
    product = ProductFactory(producer=cast.producer)
    caller = api.as_("province_write")
    response = caller.post(reverse(LIST), _body(cast, product, note="Vòng 2024"))
    assert response.status_code == 201, response.content
    created = response.json()
    evaluation = HistoricEvaluation.objects.get(pk=created["id"])
    assert (evaluation.product, str(evaluation.mean_score), evaluation.star) == (product, "48.50", 2)
    assert evaluation.created_by == caller.api_client.user
    # the service's default organiser, as on the web page
    assert created["issuer_name"] == evaluation.issuer_name == default_issuer_name(cast.province)
    assert created["unit"]["id"] == cast.province.pk and created["note"] == "Vòng 2024"
    detail = caller.get(reverse("api:historic_evaluation_detail", args=[evaluation.pk]))
    assert detail.status_code == 200 and detail.json() == created
    assert [r["id"] for r in caller.get(reverse(LIST)).json()["results"]] == [evaluation.pk]


def test_a_read_client_may_read_but_not_write(api, cast):
    product = ProductFactory(producer=cast.producer)
    evaluation = _recorded(cast.province_officer, product, cast.province)
    caller = api.as_("province_read")
    assert [r["id"] for r in caller.get(reverse(LIST)).json()["results"]] == [evaluation.pk]
    response = caller.post(reverse(LIST), _body(cast, product, evaluated_on="2024-06-01"))
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert api.as_("national_read").post(reverse(LIST), _body(cast, product)).status_code == 403
    assert HistoricEvaluation.objects.count() == 1


def test_another_provinces_records_are_404_and_its_products_refused(api, cast):
    far_product = ProductFactory(producer=cast.other_producer_org)
    far = _recorded(cast.central_officer, far_product, cast.other_province)
    caller = api.as_("province_write")
    outside = caller.get(reverse("api:historic_evaluation_detail", args=[far.pk]))
    assert outside.status_code == 404 and outside["Content-Type"] == "application/problem+json"
    assert caller.get(reverse(LIST)).json()["results"] == []
    # another province's product, or its unit: refused by the web form, field by field; nothing written
    response = caller.post(reverse(LIST), _body(cast, far_product))
    assert response.status_code == 400 and "product" in response.json()["errors"]
    mine = ProductFactory(producer=cast.producer)
    response = caller.post(reverse(LIST), _body(cast, mine, unit=cast.other_province.pk))
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    assert HistoricEvaluation.objects.count() == 1
    # a national client reads and records in every province
    national = api.as_("national_write")
    assert national.get(reverse("api:historic_evaluation_detail", args=[far.pk])).status_code == 200
    other = ProductFactory(producer=cast.other_producer_org)
    assert national.post(reverse(LIST), _body(cast, other, unit=cast.other_province.pk)).status_code == 201


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"mean_score": "101"}, "mean_score"),  # the form's range
        ({"star": 7}, "star"),  # the form's choices
        ({"evaluated_on": "2017-12-31"}, "evaluated_on"),  # the service: the programme began in 2018
        ({"evaluated_on": "2026-12-03"}, "evaluated_on"),  # the service: not in the future (today 02/12/2026)
        ({"level": "district"}, "unit"),  # the service: a district council needs a district
        ({"evaluated_on": "not a date"}, "evaluated_on"),  # the types
        ({"product": None}, "product"),
    ],
)
def test_invalid_input_is_a_problem_with_the_field_named(api, cast, changes, field):
    product = ProductFactory(producer=cast.producer)
    response = api.as_("province_write").post(reverse(LIST), {**_body(cast, product), **changes})
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not HistoricEvaluation.objects.exists()


def test_a_product_recognised_that_day_and_a_duplicate_are_refused_by_the_service(api, cast):
    from datetime import date

    product = ProductFactory(producer=cast.producer)
    CertificateFactory(product=product, decision=DecisionFactory(date=date(2024, 5, 10)))
    caller = api.as_("province_write")
    response = caller.post(reverse(LIST), _body(cast, product), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "product" in response.json()["errors"]
    assert response["Content-Language"] == "en"
    plain = ProductFactory(producer=cast.producer)
    assert caller.post(reverse(LIST), _body(cast, plain)).status_code == 201
    again = caller.post(reverse(LIST), _body(cast, plain))
    assert again.status_code == 400 and again.json()["errors"]
    assert HistoricEvaluation.objects.filter(product=plain).count() == 1
