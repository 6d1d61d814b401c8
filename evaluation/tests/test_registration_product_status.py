"""A product's stored status follows its dossier through the workflow: the product's page, the product lists and
their status filter read it, so it must not say "Chưa đăng ký" while the dossier is with the commune or the
province, nor "Đang đánh giá" after the producer withdrew it or it was rejected."""

import pytest

from evaluation.choices import RegistrationStatus as S
from evaluation.services.transitions import registration_reject, registration_submit, registration_withdraw
from evaluation.tests.factories import complete_dossier, registration_in, round_taking_proposals
from products.models import Product

pytestmark = pytest.mark.django_db


def _status(registration):
    return Product.objects.get(pk=registration.product_id).status


def test_it_shows_the_product_in_evaluation_from_the_submission_and_new_again_once_withdrawn(cast, private_media):
    registration = registration_in(cast, status=S.DRAFT, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    assert _status(registration) == "new"
    registration_submit(registration=registration, by=cast.producer_owner)
    assert _status(registration) == "in_evaluation"
    registration_withdraw(registration=registration, by=cast.producer_owner, reason="Chủ thể xin rút")
    assert _status(registration) == "new"


def test_it_shows_a_rejected_dossier_s_product_as_not_recognised(cast, private_media):
    registration = registration_in(cast, status=S.DRAFT, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration_reject(registration=registration, by=cast.commune_officer, reason="Không thuộc đối tượng OCOP")
    assert _status(registration) == "not_recognised"


def test_it_lists_a_submitted_product_under_the_in_evaluation_filter(cast, private_media, client):
    registration = registration_in(cast, status=S.DRAFT, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    client.force_login(cast.producer_owner)
    page = client.get("/products/", {"status": "in_evaluation"}).content.decode()
    assert registration.product.name in page
    assert "Đang đánh giá" in client.get(f"/products/{registration.product_id}/").content.decode()
