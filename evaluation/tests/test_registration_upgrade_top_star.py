"""D26 Điều 7.5: an upgrade (nâng hạng) is for a higher star, and 5★ is the highest (Điều 3.3a). A producer holding
the Minister's 5★ certificate filed an upgrade (the dossier page's "Lập hồ sơ mới từ hồ sơ này → Nâng hạng"; the
new-dossier form had the same gap, checking only that a certificate was live): the provincial council scored it 83
and the province's 4★ certificate replaced the Minister's 5★ one. An upgrade of a 5★ product is refused beside the
kind wherever a dossier is filed or copied, and not offered where the product is known; a 5★ product comes back
by re-evaluation, which the ministry does (Điều 7.6e)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import hooks
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.services.dossier import registration_create, registration_create_from_previous
from evaluation.tests.factories import (
    make_product,
    province_round,
    registration_in,
    round_taking_proposals,
    scorecard_for,
)
from products.models import Product

pytestmark = pytest.mark.django_db

TOP_STAR = (
    "Sản phẩm đang có giấy chứng nhận OCOP 5 sao, hạng cao nhất (Điều 3.3a): không còn hạng nào để nâng hạng. Khi giấy "
    "chứng nhận đến thời hạn, hãy đăng ký đánh giá lại: Bộ Nông nghiệp và Môi trường đánh giá lại sản phẩm 5 sao "
    "(Điều 7.6e)."
)
# Today is 02/12/2026: a certificate valid until 01/05/2027 has its re-evaluation window open (02/11/2026–01/01/2027).
IN_WINDOW = dt.date(2027, 5, 1)


def holding(product, star: int, valid_until: dt.date = dt.date(2029, 3, 10)):
    """The product holds a live certificate of `star` (the certificates app keeps Product.current_star and answers
    the hook; evaluation never imports it)."""
    Product.objects.filter(pk=product.pk).update(status="recognised", current_star=star)
    product.refresh_from_db()
    return hooks.certificate_expiry.override(lambda product_id: valid_until if product_id == product.pk else None)


def decided(cast, star: int):
    """The product's recognised dossier, the one "Lập hồ sơ mới từ hồ sơ này" copies."""
    previous = registration_in(cast, status=S.DECIDED, name=f"Trà hoa vàng {star} sao")
    return previous


def test_the_service_refuses_an_upgrade_of_a_five_star_product(cast):
    product = make_product(cast.producer, "Trà hoa vàng", number=1)
    scorecard_for(product)
    with holding(product, 5), pytest.raises(ValidationError) as raised:
        registration_create(
            product=product, kind=K.UPGRADE, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
        )
    assert raised.value.message_dict == {"kind": [TOP_STAR]}
    assert not Registration.objects.filter(product=product).exists()


@pytest.mark.parametrize("star", [3, 4])
def test_a_three_or_four_star_product_is_still_upgraded(cast, star):
    product = make_product(cast.producer, "Trà hoa vàng", number=1)
    scorecard_for(product)
    with holding(product, star):
        upgrade = registration_create(
            product=product, kind=K.UPGRADE, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
        )
    assert upgrade.kind == K.UPGRADE and upgrade.status == S.DRAFT


def test_a_five_star_product_is_still_re_evaluated_in_its_window(cast):
    product = make_product(cast.producer, "Trà hoa vàng", number=1)
    scorecard_for(product)
    with holding(product, 5, valid_until=IN_WINDOW):
        renewal = registration_create(product=product, kind=K.REEVALUATION, by=cast.producer_owner)
    assert renewal.kind == K.REEVALUATION


def test_copying_the_recognised_dossier_as_an_upgrade_is_refused(cast):
    previous = decided(cast, 5)
    with holding(previous.product, 5), pytest.raises(ValidationError) as raised:
        registration_create_from_previous(previous=previous, kind=K.UPGRADE, by=cast.producer_owner)
    assert raised.value.message_dict == {"kind": [TOP_STAR]}
    assert list(Registration.objects.filter(product=previous.product)) == [previous]


def test_the_new_dossier_form_says_it_beside_the_kind_and_keeps_what_was_chosen(cast, login):
    previous = decided(cast, 5)
    evaluation_round = province_round(cast.province, year=2027, number=1)
    with holding(previous.product, 5):
        response = login(cast.producer_owner).post(
            reverse("evaluation:registration_create"),
            {"product": previous.product_id, "kind": K.UPGRADE, "round": evaluation_round.pk},
        )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"kind": [TOP_STAR]}
    assert (form["product"].value(), form["kind"].value()) == (str(previous.product_id), K.UPGRADE)
    assert TOP_STAR in response.content.decode()
    assert list(Registration.objects.filter(product=previous.product)) == [previous]


def test_the_dossier_page_does_not_offer_an_upgrade_of_a_five_star_product(cast, login):
    five, four = decided(cast, 5), decided(cast, 4)
    Product.objects.filter(pk=five.product_id).update(status="recognised", current_star=5)
    Product.objects.filter(pk=four.product_id).update(status="recognised", current_star=4)
    client = login(cast.producer_owner)
    page = client.get(reverse("evaluation:registration_detail", args=[five.pk])).content.decode()
    assert 'data-testid="copy-form"' in page
    assert '<option value="reevaluation">Đánh giá lại</option>' in page
    assert '<option value="upgrade">' not in page
    page = client.get(reverse("evaluation:registration_detail", args=[four.pk])).content.decode()
    assert '<option value="upgrade">Nâng hạng</option>' in page


def test_a_copy_sent_from_a_page_opened_before_is_refused_beside_the_kind(cast, login):
    """A page opened while the product was 4★ still offers the upgrade; sent once the 5★ certificate is issued, the
    dossier page comes back with the refusal beside the kind, not a message at the top that vanishes."""
    previous = decided(cast, 5)
    with holding(previous.product, 5):
        response = login(cast.producer_owner).post(
            reverse("evaluation:registration_copy", args=[previous.pk]), {"kind": K.UPGRADE}
        )
    assert response.status_code == 200
    assert response.context["copy_form"].errors == {"kind": [TOP_STAR]}
    html = response.content.decode()
    assert (
        f'<div class="invalid-feedback d-block" id="copy-kind-error" data-testid="copy-kind-error">{TOP_STAR}' in html
    )
    assert 'aria-describedby="copy-kind-error"' in html
    assert list(Registration.objects.filter(product=previous.product)) == [previous]


def test_a_copy_as_a_re_evaluation_of_a_five_star_product_goes_ahead(cast, login):
    previous = decided(cast, 5)
    with holding(previous.product, 5, valid_until=IN_WINDOW):
        response = login(cast.producer_owner).post(
            reverse("evaluation:registration_copy", args=[previous.pk]), {"kind": K.REEVALUATION}
        )
    copy = Registration.objects.get(previous=previous)
    assert response.status_code == 302 and response["Location"].endswith(f"/{copy.pk}/")
    assert copy.kind == K.REEVALUATION
