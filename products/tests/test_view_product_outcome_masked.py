"""A producer sees the council's outcome on the product page only once it is announced (D26 Điều 7.3g)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus
from evaluation.models import CouncilResult
from evaluation.services.notices import registration_notify_result
from evaluation.tests.factories import make_product, notice_paper, scorecard_for
from products.choices import ProductStatus
from products.services import product_refresh_status


@pytest.fixture
def not_recognised(cast):
    from evaluation.models import Registration

    product = make_product(cast.producer)
    card = scorecard_for(product)
    registration = Registration.objects.create(
        product=product,
        commune=cast.commune,
        criteria_version=card.version,
        scorecard=card,
        year=2026,
        status=RegistrationStatus.NOT_RECOGNISED,
    )
    CouncilResult.objects.create(
        registration=registration, level="province", mean_score=Decimal("48.50"), band_star=2, final_star=2
    )
    product_refresh_status(product=product)
    return registration


def page(client, registration):
    return client.get(reverse("products:product_detail", args=[registration.product_id])).content.decode()


@pytest.mark.django_db
def test_the_producer_does_not_see_the_outcome_before_the_notice(cast, login, not_recognised):
    html = page(login(cast.producer_owner), not_recognised)
    assert "48,50" not in html and "48.50" not in html
    assert "Không đạt" not in html and "Chưa đạt" not in html
    not_recognised.product.refresh_from_db()
    assert not_recognised.product.status == ProductStatus.IN_EVALUATION


@pytest.mark.django_db
def test_officers_see_it_at_once(cast, login, not_recognised):
    html = page(login(cast.province_officer), not_recognised)
    assert "48,50" in html or "48.50" in html


@pytest.mark.django_db
def test_the_producer_sees_it_after_the_written_notice(cast, login, not_recognised):
    registration_notify_result(registration=not_recognised, by=cast.province_officer, **notice_paper())
    html = page(login(cast.producer_owner), not_recognised)
    assert "48,50" in html or "48.50" in html
    not_recognised.product.refresh_from_db()
    assert not_recognised.product.status == ProductStatus.NOT_RECOGNISED
