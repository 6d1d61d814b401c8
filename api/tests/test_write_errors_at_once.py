"""The API's writes answer every refusal of a body in one 400, keyed by field: a field the serializer or the web form
refuses does not hold back the refusals of the web's service (its rules on the fields that could be read). A client
used to get the fields' refusals, then, once it fixed them, the service's in a second round."""

import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.tests.factories import ProductFactory
from dashboard.models import HistoricEvaluation
from evaluation.models import Registration
from evaluation.tests.factories import province_round, scorecard_for
from products.tests.factories import ProducerFactory, make_product

from .factories import certified_world
from .test_clients import HISTORIC

pytestmark = pytest.mark.django_db


def _refused(response) -> dict:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["errors"]


def test_it_refuses_a_historic_certificates_unreadable_date_and_its_star_at_once(api, cast):
    world = certified_world(cast)
    before = Certificate.objects.count()
    # The form cannot read the printed last day; a district recognised only 3★ under 148/2023 (the service's rule).
    body = {**HISTORIC, "product": world["plain"].pk, "valid_until": "31/02/2027", "star": 4}
    errors = _refused(api.as_("province_write").post(reverse("api:certificate_historic_create"), body))
    assert set(errors) == {"valid_until", "star"}
    assert "3 sao" in errors["star"][0]
    assert Certificate.objects.count() == before


def test_it_refuses_a_historic_certificates_wrong_type_and_its_rules_at_once(api, cast):
    world = certified_world(cast)
    # The serializer cannot read a list as the address; the decision's date had 148/2023 in force, not 1048/2019.
    body = {**HISTORIC, "product": world["plain"].pk, "producer_address": ["Xã Chân Mộng"], "legal_basis": "1048/2019"}
    response = api.as_("province_write").post(reverse("api:certificate_historic_create"), body)
    errors = _refused(response)
    assert set(errors) == {"producer_address", "legal_basis"}


def test_it_refuses_a_historic_evaluations_long_note_and_its_star_at_once(api, cast):
    product = ProductFactory(producer=cast.producer)
    body = {
        "product": product.pk,
        "evaluated_on": "2024-05-10",
        "mean_score": "48.50",
        "star": 4,  # 48.5 points are in the 2★ band (the service's rule)
        "level": "province",
        "unit": cast.province.pk,
        "note": "x" * 301,  # the form takes 300 characters
    }
    errors = _refused(api.as_("province_write").post(reverse("api:historic_evaluation_list"), body))
    assert set(errors) == {"note", "star"}
    assert not HistoricEvaluation.objects.filter(product=product).exists()


def test_it_refuses_a_registrations_unknown_round_and_its_open_dossier_at_once(api, cast):
    product = make_product(ProducerFactory(name="HTX Hương Rừng", commune=cast.commune), "Mật ong rừng")
    scorecard_for(product)
    evaluation_round = province_round(cast.province, year=2027, number=1)  # still taking proposals on the day
    caller = api.as_("province_write")
    filed = caller.post(
        reverse("api:registration_list"), {"product": product.pk, "kind": "first", "round": evaluation_round.pk}
    )
    assert filed.status_code == 201, filed.content
    # No such round (the form); the product already has a dossier in progress (the service's rule).
    again = caller.post(reverse("api:registration_list"), {"product": product.pk, "kind": "first", "round": 999999})
    errors = _refused(again)
    assert set(errors) == {"round", "product"}
    assert "đang xử lý" in errors["product"][0]
    assert Registration.objects.filter(product=product).count() == 1
