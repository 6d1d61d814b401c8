"""A registration posted into a round past its proposals deadline (Điều 5.1 of D26): the web form's refusal and the
service's (services.dossier.registration_create_check, services.checks.round_filing_refusal) are one rule, said once
beside the round in the 400, with the other refusals of the body (api.writes)."""

import pytest
from django.urls import reverse

from evaluation.models import Registration
from evaluation.services.checks import round_filing_refusal
from evaluation.tests.factories import province_round, scorecard_for
from products.tests.factories import ProducerFactory, make_product

pytestmark = pytest.mark.django_db


def _refused(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def test_it_refuses_a_round_past_its_proposals_deadline_once_beside_the_round(api, cast):
    product = make_product(ProducerFactory(name="HTX Hương Rừng", commune=cast.commune), "Mật ong rừng")
    scorecard_for(product)
    past = province_round(cast.province)  # open, proposals until 30/10/2026; the tests' day is 02/12/2026
    body = {"product": product.pk, "kind": "first", "round": past.pk}
    errors = _refused(api.as_("province_write").post(reverse("api:registration_list"), body))
    assert errors == {"round": [round_filing_refusal(past)]}
    assert not Registration.objects.filter(product=product).exists()


def test_it_says_it_with_the_other_refusals_of_the_body(api, cast):
    product = make_product(ProducerFactory(name="HTX Hương Rừng", commune=cast.commune), "Mật ong rừng")
    scorecard_for(product)
    past = province_round(cast.province)
    body = {"product": product.pk, "kind": "first", "round": past.pk, "case_variant": "x"}
    errors = _refused(api.as_("province_write").post(reverse("api:registration_list"), body))
    assert errors["round"] == [round_filing_refusal(past)]
    assert "case_variant" in errors
