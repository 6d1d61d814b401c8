"""Set 26 (tourism) is scored by "Trường hợp 1" or "Trường hợp 2": the producer chooses it once on Mẫu 01, the service
checks it, the dossier shows it, a copy keeps it, and the self-assessment offers only that case's options."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import hooks
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Option, Registration
from evaluation.services.dossier import (
    registration_create,
    registration_create_from_previous,
    registration_update,
    selfassessment_save,
)
from evaluation.tests.factories import (
    criterion_by_number,
    make_product,
    province_round,
    registration_in,
    round_taking_proposals,
    scorecard_for,
    small_scorecard,
)
from ocop.text import fold
from products.models import Product
from products.tests.factories import product_set

pytestmark = pytest.mark.django_db


def tourism_product(cast, name="Homestay bản Hoà An"):
    ps = product_set(26)
    card = small_scorecard(product_set=ps)
    card.has_case_variants = True
    card.save(update_fields=["has_case_variants"])
    criterion = criterion_by_number(card, "4.1")
    for case in (1, 2):
        Option.objects.create(
            criterion=criterion, order=10 + case, text=f"Trường hợp {case} đạt", points=10, case_variant=case
        )
    return Product.objects.create(producer=cast.producer, product_set=ps, name=name, search_text=fold(name))


def _create(cast, product, **kwargs):
    return registration_create(
        product=product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast), **kwargs
    )


def test_it_requires_a_case_for_set_26(cast):
    product = tourism_product(cast)
    with pytest.raises(ValidationError) as exc:
        _create(cast, product)
    assert "case_variant" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _create(cast, product, case_variant=3)
    assert not Registration.objects.exists()
    assert _create(cast, product, case_variant=2).case_variant == 2


def test_it_refuses_a_case_for_another_set(cast):
    product = make_product(cast.producer)
    scorecard_for(product)
    with pytest.raises(ValidationError) as exc:
        _create(cast, product, case_variant=1)
    assert "case_variant" in exc.value.message_dict
    assert _create(cast, product).case_variant == 0


def test_a_copy_keeps_the_case_of_the_previous_dossier(cast, private_media):
    product = tourism_product(cast)
    previous = registration_in(cast, status=S.DECIDED, product=product, case_variant=2)
    Product.objects.filter(pk=product.pk).update(status="recognised", current_star=3)  # its live certificate
    # An upgrade needs the product's live certificate (Điều 6.1b): the certificates app would give its expiry.
    with hooks.certificate_expiry.override(lambda product_id: dt.date(2028, 6, 30)):
        copy = registration_create_from_previous(previous=previous, kind=K.UPGRADE, by=cast.producer_owner)
    assert copy.case_variant == 2


def test_the_form_asks_the_case_only_for_set_26_and_shows_the_error_at_the_field(cast, login):
    tourism = tourism_product(cast)
    other = make_product(cast.producer)
    scorecard_for(other)
    client = login(cast.producer_owner)
    url = reverse("evaluation:registration_create")
    page = client.get(url).content.decode()
    assert 'name="case_variant"' in page and 'id="case-products"' in page and str(tourism.pk) in page
    data = {"product": tourism.pk, "kind": K.FIRST, "round": province_round(cast.province, year=2027, number=1).pk}
    response = client.post(url, data)
    assert response.status_code == 200 and not Registration.objects.exists()
    page = response.content.decode()
    assert "Trường hợp 1 hoặc Trường hợp 2" in page and 'id="id_case_variant"' in page and "is-invalid" in page
    assert f'value="{tourism.pk}" selected' in page  # what was typed is kept
    response = client.post(url, {**data, "case_variant": "1"})
    assert response.status_code == 302
    registration = Registration.objects.get(product=tourism)
    assert registration.case_variant == 1
    detail = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert "Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp" in detail
    # A choice left over in the hidden field for another product does not count.
    response = client.post(url, {**data, "product": other.pk, "case_variant": "2"})
    assert response.status_code == 302 and Registration.objects.get(product=other).case_variant == 0


def test_the_form_has_no_case_question_without_a_set_26_scorecard(cast, login):
    scorecard_for(make_product(cast.producer))
    page = login(cast.producer_owner).get(reverse("evaluation:registration_create")).content.decode()
    assert 'name="case_variant"' not in page


def test_the_self_assessment_offers_only_the_chosen_case(cast, login):
    product = tourism_product(cast)
    registration = _create(cast, product, case_variant=1)
    criterion = criterion_by_number(registration.scorecard, "4.1")
    mine, other = (Option.objects.get(criterion=criterion, case_variant=case) for case in (1, 2))
    page = (
        login(cast.producer_owner)
        .get(reverse("evaluation:registration_selfassessment", args=[registration.pk]))
        .content.decode()
    )
    assert f'value="{mine.pk}"' in page and f'value="{other.pk}"' not in page
    with pytest.raises(ValidationError):
        selfassessment_save(registration=registration, answers={criterion.pk: other.pk}, by=cast.producer_owner)
    assert selfassessment_save(registration=registration, answers={criterion.pk: mine.pk}, by=cast.producer_owner)


def test_a_draft_may_correct_its_case_and_loses_the_answers_of_the_other_case(cast, login):
    product = tourism_product(cast)
    registration = _create(cast, product, case_variant=1)
    criterion = criterion_by_number(registration.scorecard, "4.1")
    first = Option.objects.get(criterion=criterion, case_variant=1)
    plain = criterion_by_number(registration.scorecard, "1.1")
    selfassessment_save(
        registration=registration,
        answers={criterion.pk: first.pk, plain.pk: plain.options.order_by("-points").first().pk},
        by=cast.producer_owner,
    )
    client = login(cast.producer_owner)
    url = reverse("evaluation:registration_edit", args=[registration.pk])
    page = client.get(url).content.decode()
    assert 'name="case_variant"' in page and "Trường hợp 1: Dịch vụ du lịch" in page
    response = client.post(url, {"round": registration.round_id, "case_variant": ""})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    response = client.post(url, {"round": registration.round_id, "case_variant": "2"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.case_variant == 2
    assert set(registration.answers.values_list("criterion_id", flat=True)) == {plain.pk}


def test_the_case_question_is_not_on_the_edit_page_of_another_set(cast, login):
    product = make_product(cast.producer)
    scorecard_for(product)
    registration = _create(cast, product)
    page = login(cast.producer_owner).get(reverse("evaluation:registration_edit", args=[registration.pk]))
    assert 'name="case_variant"' not in page.content.decode()
    with pytest.raises(ValidationError):
        registration_update(
            registration=registration, by=cast.producer_owner, evaluation_round=registration.round, case_variant=1
        )
