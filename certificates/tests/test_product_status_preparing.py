"""A product whose only dossier is being prepared (a draft, or returned to complete) reads "Đang lập hồ sơ", not
"Chưa đăng ký" beside the dossier its page links: one rule (certificates.services.product_status), stored from the
draft's creation."""

import pytest
from django.urls import reverse
from django.utils import translation

from certificates.services.product_status import product_derive_status
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.services.dossier import registration_create
from evaluation.tests.factories import make_product, registration_in, round_taking_proposals, scorecard_for
from products.choices import ProductStatus
from products.models import Product

pytestmark = pytest.mark.django_db


def test_a_new_draft_makes_the_product_read_preparing_on_its_page(cast, login):
    product = make_product(cast.producer, "Miến dong Côn Minh")
    scorecard_for(product)
    registration_create(
        product=product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
    )
    assert Product.objects.get(pk=product.pk).status == ProductStatus.PREPARING
    page = login(cast.producer_owner).get(reverse("products:product_detail", args=[product.pk])).content.decode()
    assert "Đang lập hồ sơ" in page and "Chưa đăng ký" not in page


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED])
def test_a_dossier_with_the_producer_derives_preparing(cast, status):
    registration = registration_in(cast, status=status)
    assert product_derive_status(product=registration.product) == (ProductStatus.PREPARING, None)


def test_a_product_with_no_dossier_or_a_withdrawn_one_is_still_new(cast):
    product = make_product(cast.producer, "Trà Côn Minh")
    assert product_derive_status(product=product) == (ProductStatus.NEW, None)
    registration = registration_in(cast, status=S.WITHDRAWN)
    assert product_derive_status(product=registration.product) == (ProductStatus.NEW, None)


def test_the_status_reads_in_english():
    with translation.override("en"):
        assert str(ProductStatus.PREPARING.label) == "Preparing a dossier"
