"""A product with a dossier still open gets no second one: the refusal names that dossier and links to it for a user
who may read it (services.dossier.open_dossier_refusal), and says nothing of it to one who may not."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.services.dossier import open_dossier_refusal
from evaluation.tests.factories import make_product, registration_in, round_taking_proposals, scorecard_for
from products.models import Producer

pytestmark = pytest.mark.django_db
URL = reverse("evaluation:registration_create")


@pytest.fixture
def open_dossier(cast):
    product = make_product(cast.producer, "Miến dong Côn Minh")
    scorecard_for(product)
    return registration_in(cast, product=product, status=S.DRAFT)


def test_the_refusal_names_and_links_the_open_dossier(cast, login, open_dossier):
    taking = round_taking_proposals(cast)
    response = login(cast.producer_owner).post(
        URL, {"product": open_dossier.product_id, "kind": "first", "round": taking.pk}
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["product"]
    assert "Miến dong Côn Minh" in error and "Nháp" in error
    link = reverse("evaluation:registration_detail", args=[open_dossier.pk])
    assert f'href="{link}"' in response.content.decode()
    assert Registration.objects.filter(product=open_dossier.product).count() == 1


def test_a_commune_officer_filing_for_a_producer_without_an_account_gets_the_link(cast, login, open_dossier):
    cast.producer.members.clear()  # the officer files for it
    taking = round_taking_proposals(cast)
    response = login(cast.commune_officer).post(
        URL, {"product": open_dossier.product_id, "kind": "first", "round": taking.pk}
    )
    link = reverse("evaluation:registration_detail", args=[open_dossier.pk])
    assert response.status_code == 200 and f'href="{link}"' in response.content.decode()


def test_an_officer_who_may_not_read_the_dossier_is_not_shown_it(cast, login, open_dossier):
    """The producer moved to another commune of the province: that commune's officer files for its product, but the
    open dossier is the first commune's, which it may not read."""
    cast.producer.members.clear()
    Producer.objects.filter(pk=cast.producer.pk).update(commune=cast.other_commune)
    taking = round_taking_proposals(cast)
    response = login(cast.other_commune_officer).post(
        URL, {"product": open_dossier.product_id, "kind": "first", "round": taking.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sản phẩm này đã có một hồ sơ đang xử lý." in page
    assert reverse("evaluation:registration_detail", args=[open_dossier.pk]) not in page
    assert not Registration.objects.for_user(cast.other_commune_officer).filter(pk=open_dossier.pk).exists()


def test_the_service_names_the_dossier_only_to_whoever_may_read_it(cast, open_dossier):
    shown = open_dossier_refusal(open_dossier, by=cast.producer_owner)
    hidden = open_dossier_refusal(open_dossier, by=cast.other_producer)
    assert shown.params["registration"] == open_dossier.pk and "Miến dong Côn Minh" in shown.messages[0]
    assert hidden.params is None and hidden.messages == ["Sản phẩm này đã có một hồ sơ đang xử lý."]
