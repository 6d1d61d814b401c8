"""Filing a Mẫu 01: the criteria version in force, the round of the producer's province, copies for
re-evaluation and upgrade."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation import hooks
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CriteriaVersion, DossierDocument, Registration, SelfAssessmentAnswer
from evaluation.services.checks import round_filing_refusal
from evaluation.services.dossier import registration_create, registration_create_from_previous, registration_file
from evaluation.tests.factories import (
    complete_dossier,
    criteria_version,
    make_product,
    province_round,
    registration_in,
    round_taking_proposals,
    scorecard_for,
)
from products.models import Product

pytestmark = pytest.mark.django_db


def live_certificate(product, valid_until=dt.date(2028, 6, 30)):
    """Stand in for the certificates app (evaluation never imports it): the product holds a live certificate."""
    recognised(product)
    return hooks.certificate_expiry.override(lambda product_id: valid_until if product_id == product.pk else None)


def recognised(product, star=4):
    """The product holds a live certificate of `star`: the certificates app keeps Product.current_star, which the
    dossier page's copy and the copy service ask (selectors.dossier.product_holds_live_certificate)."""
    Product.objects.filter(pk=product.pk).update(status="recognised", current_star=star)
    product.refresh_from_db()


def test_it_binds_the_criteria_version_in_force_and_the_scorecard_of_the_set(cast):
    CriteriaVersion.objects.create(
        legal_basis="148/2023", title="QĐ 148", effective_from=dt.date(2023, 2, 24), effective_to=dt.date(2026, 7, 21)
    )
    product = make_product(cast.producer)
    card = scorecard_for(product)
    registration = registration_create(
        product=product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
    )
    assert registration.criteria_version == criteria_version() and registration.scorecard == card
    assert registration.legal_basis == "26/2026" and registration.status == S.DRAFT
    assert registration.commune == cast.commune and not registration.entered_by_officer


def test_an_officer_files_a_paper_dossier_for_a_producer(cast):
    cast.producer.members.clear()  # no account of its own: the officer types its paper dossier in
    product = make_product(cast.producer)
    registration = registration_create(
        product=product, kind=K.FIRST, by=cast.commune_officer, evaluation_round=round_taking_proposals(cast)
    )
    assert registration.entered_by_officer and registration.created_by == cast.commune_officer


def test_it_refuses_a_product_outside_the_users_scope(cast):
    product = make_product(cast.other_producer_org)
    with pytest.raises(PermissionDenied):
        registration_create(
            product=product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
        )
    with pytest.raises(PermissionDenied):
        registration_create(
            product=product, kind=K.FIRST, by=cast.commune_officer, evaluation_round=round_taking_proposals(cast)
        )


def test_it_refuses_a_round_of_another_province_or_a_closed_one(cast):
    product = make_product(cast.producer)
    with pytest.raises(ValidationError):
        registration_create(
            product=product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=province_round(cast.other_province)
        )
    with pytest.raises(ValidationError):
        registration_create(
            product=product,
            kind=K.FIRST,
            by=cast.producer_owner,
            evaluation_round=province_round(cast.province, number=1, status="closed"),
        )
    with pytest.raises(ValidationError):
        registration_create(product=product, kind=K.FIRST, by=cast.producer_owner)


def test_it_refuses_a_second_open_registration_of_the_same_product(cast):
    registration = registration_in(cast, status=S.SUBMITTED)
    with pytest.raises(ValidationError, match="đang xử lý"):
        registration_create(
            product=registration.product,
            kind=K.FIRST,
            by=cast.producer_owner,
            evaluation_round=round_taking_proposals(cast),
        )


def test_it_refuses_viewers(cast):
    with pytest.raises(PermissionDenied):
        registration_create(
            product=make_product(cast.producer),
            kind=K.FIRST,
            by=cast.viewer,
            evaluation_round=round_taking_proposals(cast),
        )


def test_reevaluation_starts_from_a_copy_of_the_previous_dossier(cast, private_media):
    previous = registration_in(cast)
    complete_dossier(previous, cast.producer_owner)
    Registration.objects.filter(pk=previous.pk).update(status=S.DECIDED)
    recognised(previous.product)
    previous.refresh_from_db()
    copy = registration_create_from_previous(previous=previous, kind=K.REEVALUATION, by=cast.producer_owner)
    assert copy.previous == previous and copy.kind == K.REEVALUATION and copy.status == S.DRAFT
    old = sorted(SelfAssessmentAnswer.objects.filter(registration=previous).values_list("criterion_id", "points"))
    assert sorted(copy.answers.values_list("criterion_id", "points")) == old
    pairs = set(DossierDocument.objects.filter(registration=copy).values_list("kind", "file", "sha256"))
    assert pairs == set(DossierDocument.objects.filter(registration=previous).values_list("kind", "file", "sha256"))
    assert all(d.copied_from_id for d in copy.documents.all())
    # The previous dossier is untouched.
    assert previous.documents.count() == len(pairs)


def test_copying_refuses_a_first_evaluation_kind(cast):
    previous = registration_in(cast, status=S.DECIDED)
    with pytest.raises(ValidationError):
        registration_create_from_previous(previous=previous, kind=K.FIRST, by=cast.producer_owner)


def test_an_upgrade_filed_from_the_registration_page_starts_from_the_recognised_dossier(cast, login, private_media):
    from django.urls import reverse

    previous = registration_in(cast)
    complete_dossier(previous, cast.producer_owner)
    Registration.objects.filter(pk=previous.pk).update(status=S.DECIDED)
    evaluation_round = province_round(cast.province, year=2027, number=1)
    with live_certificate(previous.product):
        response = login(cast.producer_owner).post(
            reverse("evaluation:registration_create"),
            {"product": previous.product_id, "kind": K.UPGRADE, "round": evaluation_round.pk},
        )
    assert response.status_code == 302
    copy = Registration.objects.exclude(pk=previous.pk).get(product=previous.product)
    assert copy.previous == previous and copy.kind == K.UPGRADE and copy.round == evaluation_round
    assert copy.answers.count() == previous.answers.count() and copy.documents.count() == previous.documents.count()


def test_a_first_evaluation_never_copies(cast):
    previous = registration_in(cast, status=S.DECIDED)
    fresh = registration_file(
        product=previous.product, kind=K.FIRST, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
    )
    assert fresh.previous is None and fresh.answers.count() == 0


def test_the_form_opens_and_says_why_while_no_criteria_set_is_in_force(cast, login):
    """Before a criteria set is loaded (a new installation), the Mẫu 01 page answered 500; it opens, and
    creating shows the reason in the form instead."""
    from django.urls import reverse

    from evaluation.tests.factories import make_product, province_round

    evaluation_round = province_round(cast.province, year=2027, number=1)
    CriteriaVersion.objects.update(effective_from=dt.date(2100, 1, 1))  # none in force today
    product = make_product(cast.producer)
    client = login(cast.producer_owner)
    assert client.get(reverse("evaluation:registration_create")).status_code == 200
    response = client.post(
        reverse("evaluation:registration_create"),
        {"product": product.pk, "kind": K.FIRST, "round": evaluation_round.pk},
    )
    assert response.status_code == 200
    assert "Chưa có bộ tiêu chí nào có hiệu lực" in " ".join(response.context["form"].non_field_errors())
    assert not Registration.objects.filter(product=product).exists()


def test_the_form_comes_with_the_only_product_and_the_only_round_still_taking_proposals_chosen(cast, login):
    from django.urls import reverse

    from ocop.testing import form_as_shown

    only = make_product(cast.producer)
    past = province_round(cast.province)  # proposals until 30/10/2026, today 02/12/2026
    client = login(cast.producer_owner)
    page = client.get(reverse("evaluation:registration_create"))
    assert form_as_shown(page)["product"] == [str(only.pk)] and form_as_shown(page)["round"] == [""]
    assert (
        f'<option value="{past.pk}" disabled title="{round_filing_refusal(past)}">Đợt 2/2026 — đã hết hạn đề nghị '
        "30/10/2026, không còn nhận hồ sơ</option>"
    ) in page.content.decode()
    # No round takes proposals: the field says so, what to do, and when the calendar's next one closes.
    assert "Hiện chưa có đợt đánh giá nào còn nhận hồ sơ" in page.context["form"]["round"].help_text
    assert "đợt tới nhận đề nghị đến 30/04/2027" in page.content.decode()

    coming = province_round(cast.province, year=2027, number=1)
    page = client.get(reverse("evaluation:registration_create"))
    assert form_as_shown(page)["round"] == [str(coming.pk)]
    assert "Đợt 1/2027: nộp hồ sơ cho UBND xã chậm nhất ngày" in page.context["form"]["round"].help_text
    assert f'<option value="{coming.pk}" selected>Đợt 1/2027 — hạn đề nghị 30/04/2027</option>' in page.content.decode()

    second = make_product(cast.producer)  # two to choose from: the person chooses, unless a product page sent them
    shown = form_as_shown(client.get(reverse("evaluation:registration_create")))
    assert shown["product"] == [""]
    shown = form_as_shown(client.get(reverse("evaluation:registration_create"), {"product": second.pk}))
    assert shown["product"] == [str(second.pk)]


def test_an_upgrade_needs_a_live_certificate(cast, login):
    """Điều 6.1b: an upgrade shows the changes "so với sản phẩm OCOP đã được công nhận". A product never recognised
    was accepted as an upgrade; only expired or revoked ones were refused."""
    from django.urls import reverse

    product = make_product(cast.producer)
    scorecard_for(product)
    evaluation_round = province_round(cast.province, year=2027, number=1)
    response = login(cast.producer_owner).post(
        reverse("evaluation:registration_create"),
        {"product": product.pk, "kind": K.UPGRADE, "round": evaluation_round.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [
        "Chỉ nâng hạng sản phẩm OCOP đã được công nhận, đang có giấy chứng nhận còn hiệu lực (Điều 6.1b): sản phẩm "
        "này chưa có, hãy đăng ký đánh giá lần đầu."
    ]
    assert not Registration.objects.filter(product=product).exists()
    with live_certificate(product, valid_until=dt.date(2026, 12, 1)), pytest.raises(ValidationError):  # expired
        registration_create(product=product, kind=K.UPGRADE, by=cast.producer_owner, evaluation_round=evaluation_round)
    with live_certificate(product):
        upgrade = registration_create(
            product=product, kind=K.UPGRADE, by=cast.producer_owner, evaluation_round=evaluation_round
        )
    assert upgrade.kind == K.UPGRADE


def test_a_producer_without_products_is_told_to_add_one_first(cast, login):
    """A new producer opened "Đăng ký sản phẩm đánh giá" and got an empty product list with no pointer."""
    from django.urls import reverse

    client = login(cast.producer_owner)
    page = client.get(reverse("evaluation:registration_create")).content.decode()
    assert 'data-testid="no-products"' in page
    assert "Bạn chưa có sản phẩm nào để đăng ký đánh giá." in page
    assert f'href="{reverse("products:product_create")}"' in page
    make_product(cast.producer)
    page = client.get(reverse("evaluation:registration_create")).content.decode()
    assert 'data-testid="no-products"' not in page


def test_the_form_has_a_way_back_to_the_product_it_was_opened_from_or_to_the_dossiers(cast, login):
    """The page has no breadcrumb: on a phone, without "Huỷ" the only way out was the browser's back button."""
    from django.urls import reverse

    product = make_product(cast.producer)
    other = make_product(cast.other_producer_org)
    client = login(cast.producer_owner)
    page = client.get(reverse("evaluation:registration_create"), {"product": product.pk}).content.decode()
    assert f'<a class="btn btn-link" href="/products/{product.pk}/">Huỷ</a>' in page
    page = client.get(reverse("evaluation:registration_create")).content.decode()
    assert '<a class="btn btn-link" href="/registrations/">Huỷ</a>' in page
    # Another producer's product is not chosen and not linked to.
    page = client.get(reverse("evaluation:registration_create"), {"product": other.pk}).content.decode()
    assert '<a class="btn btn-link" href="/registrations/">Huỷ</a>' in page
    assert f"/products/{other.pk}/" not in page


def test_it_says_every_refusal_of_a_new_dossier_at_once(cast):
    """A first evaluation without a round, of a product whose dossier is in progress: both refusals, each beside its
    field, not the second only once the first is fixed (the API's writes answer them in one 400)."""
    product = registration_in(cast, status=S.SUBMITTED).product
    with pytest.raises(ValidationError) as refused:
        registration_create(product=product, kind=K.FIRST, by=cast.producer_owner)
    assert set(refused.value.message_dict) == {"product", "round"}
    assert Registration.objects.filter(product=product).count() == 1
