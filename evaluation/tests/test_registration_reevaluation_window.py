"""The re-evaluation filing window (Điều 7.6a: 180 to 120 days before expiry) applies to dossiers started from
the registration pages too, not only to the one-click flow of a certificate: refused too early and after
expiry (at creation and at submission), accepted late with the Điều 12.3 notice, shown on the dossier page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation import hooks
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.selectors.reevaluation import reevaluation_window, reevaluation_window_state
from evaluation.services.dossier import registration_create
from evaluation.services.transitions import registration_submit
from evaluation.tests.factories import (
    complete_dossier,
    make_product,
    province_round,
    registration_in,
    round_taking_proposals,
    scorecard_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiry():
    """Stand in for the certificates app (evaluation never imports it): product id → expiry date."""
    dates: dict[int, dt.date] = {}
    with hooks.certificate_expiry.override(dates.get):
        yield dates


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def test_it_computes_the_window_of_the_domain_example():
    assert reevaluation_window(dt.date(2029, 8, 5)) == (dt.date(2029, 2, 6), dt.date(2029, 4, 7))


@pytest.mark.parametrize(
    ("days_left", "state"),
    [(181, "early"), (180, "open"), (120, "open"), (119, "late"), (0, "late"), (-1, "expired")],
)
def test_it_places_today_against_the_window(expiry, cast, days_left, state):
    product = make_product(cast.producer)
    expiry[product.pk] = in_days(days_left)
    assert reevaluation_window_state(product_id=product.pk)["state"] == state


def test_it_refuses_to_create_a_reevaluation_before_the_window_opens(expiry, cast):
    product = make_product(cast.producer)
    scorecard_for(product)
    expiry[product.pk] = in_days(200)
    with pytest.raises(ValidationError) as caught:
        registration_create(
            product=product, kind=K.REEVALUATION, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
        )
    assert "Chưa đến thời hạn nộp hồ sơ đánh giá lại" in caught.value.message_dict["kind"][0]
    assert not Registration.objects.filter(product=product).exists()


def test_it_refuses_a_reevaluation_of_an_expired_certificate(expiry, cast):
    product = make_product(cast.producer)
    scorecard_for(product)
    expiry[product.pk] = in_days(-3)
    with pytest.raises(ValidationError, match="đăng ký đánh giá lần đầu"):
        registration_create(product=product, kind=K.REEVALUATION, by=cast.producer_owner)


def test_it_creates_inside_the_window_and_late_but_before_expiry(expiry, cast):
    for days_left in (150, 30):
        product = make_product(cast.producer, f"Sản phẩm còn {days_left} ngày")
        scorecard_for(product)
        expiry[product.pk] = in_days(days_left)
        registration = registration_create(product=product, kind=K.REEVALUATION, by=cast.producer_owner)
        assert registration.status == S.DRAFT


def test_the_window_does_not_apply_to_a_first_evaluation_or_an_upgrade(expiry, cast):
    product = make_product(cast.producer)
    scorecard_for(product)
    expiry[product.pk] = in_days(900)
    registration = registration_create(
        product=product, kind=K.UPGRADE, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
    )
    assert registration.kind == K.UPGRADE


def test_it_refuses_to_submit_a_draft_before_the_window_opens(expiry, cast, private_media):
    registration = registration_in(cast, kind=K.REEVALUATION)
    complete_dossier(registration, cast.producer_owner)
    expiry[registration.product_id] = in_days(181)
    with pytest.raises(ValidationError, match="Điều 7.6a"):
        registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.status == S.DRAFT and registration.form_number == ""
    expiry[registration.product_id] = in_days(180)
    assert registration_submit(registration=registration, by=cast.producer_owner).status == S.SUBMITTED


def test_it_refuses_creating_from_the_registration_page_with_the_message_next_to_kind(expiry, cast, login):
    product = make_product(cast.producer)
    scorecard_for(product)
    expiry[product.pk] = in_days(400)
    response = login(cast.producer_owner).post(
        reverse("evaluation:registration_create"), {"product": product.pk, "kind": K.REEVALUATION, "round": ""}
    )
    assert response.status_code == 200
    assert "Chưa đến thời hạn nộp hồ sơ đánh giá lại" in " ".join(response.context["form"].errors["kind"])
    assert not Registration.objects.filter(product=product).exists()


@pytest.mark.parametrize(
    ("days_left", "text"),
    [(150, "hồ sơ đánh giá lại nộp UBND xã từ ngày"), (60, "Đã quá thời hạn"), (-2, "đã hết hạn")],
)
def test_the_dossier_page_shows_the_window(expiry, cast, login, days_left, text):
    registration = registration_in(cast, kind=K.REEVALUATION)
    expiry[registration.product_id] = in_days(days_left)
    response = login(cast.producer_owner).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert text in response.content.decode()


def test_it_says_nothing_about_a_window_without_a_certificate_on_record(expiry, cast, login):
    registration = registration_in(cast, kind=K.REEVALUATION)
    response = login(cast.producer_owner).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    assert b'data-testid="reevaluation-window"' not in response.content


@pytest.mark.parametrize("days_left", [900, 150, 60])
def test_it_refuses_a_first_evaluation_of_a_product_whose_certificate_is_still_valid(expiry, cast, login, days_left):
    product = make_product(cast.producer)
    scorecard_for(product)
    expiry[product.pk] = in_days(days_left)
    response = login(cast.producer_owner).post(
        reverse("evaluation:registration_create"),
        {"product": product.pk, "kind": K.FIRST, "round": province_round(cast.province, year=2027, number=1).pk},
    )
    assert response.status_code == 200
    assert "còn hiệu lực đến ngày" in " ".join(response.context["form"].errors["kind"])
    assert not Registration.objects.filter(product=product).exists()


def test_a_first_evaluation_of_a_certified_product_is_told_so_before_being_asked_for_a_round(expiry, cast, login):
    """The demo's producer, whose only product is certified to 2029, sent the form as it opens (first evaluation,
    no round, none being open) and was asked to choose a round, then, once one chosen, told that the kind was
    wrong: the kind's refusal, which decides what else the form needs, comes first."""
    product = make_product(cast.producer)
    scorecard_for(product)
    expiry[product.pk] = in_days(900)
    response = login(cast.producer_owner).post(
        reverse("evaluation:registration_create"), {"product": product.pk, "kind": K.FIRST, "round": ""}
    )
    errors = response.context["form"].errors
    assert "còn hiệu lực đến ngày" in " ".join(errors["kind"]) and "round" not in errors


def test_it_accepts_a_first_evaluation_once_the_certificate_has_expired(expiry, cast):
    product = make_product(cast.producer)
    scorecard_for(product)
    expiry[product.pk] = in_days(-1)
    registration = registration_create(
        product=product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
    )
    assert registration.kind == K.FIRST


def test_it_shows_an_open_dossier_next_to_the_product(cast, login):
    registration = registration_in(cast)
    response = login(cast.producer_owner).post(
        reverse("evaluation:registration_create"),
        {
            "product": registration.product_id,
            "kind": K.FIRST,
            "round": province_round(cast.province, year=2027, number=1).pk,
        },
    )
    assert response.status_code == 200
    assert "đã có một hồ sơ đang xử lý" in " ".join(response.context["form"].errors["product"])


@pytest.mark.parametrize("kind", [K.UPGRADE, K.REEVALUATION])
@pytest.mark.parametrize("status", ["expired", "revoked"])
def test_an_expired_or_revoked_product_cannot_be_upgraded_or_renewed(expiry, cast, login, kind, status):
    from products.models import Product

    product = make_product(cast.producer)
    scorecard_for(product)
    Product.objects.filter(pk=product.pk).update(status=status)
    response = login(cast.producer_owner).post(
        reverse("evaluation:registration_create"),
        {"product": product.pk, "kind": kind, "round": province_round(cast.province, year=2027, number=1).pk},
    )
    assert response.status_code == 200
    assert "hãy đăng ký đánh giá lần đầu" in " ".join(response.context["form"].errors["kind"])
    assert not Registration.objects.filter(product=product).exists()
    registration = registration_create(
        product=product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
    )
    assert registration.kind == K.FIRST
