"""Filing a dossier is the producer's own act too (D26 Điều 7.1; the workflow's `own` rows create and copy): an
officer creates a dossier, or copies an earlier one into a new one (an upgrade, a re-evaluation), only for a producer
without an account, whose paper dossier it types in. One filed for a producer with an account could only be
completed, submitted and supplied by that producer (acts_for_the_producer): a dead dossier. The service refuses, the
form offers only the products an officer files for, and the buttons follow the same rule
(products.permissions.acts_for_producer)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from evaluation import hooks
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.forms.filing import FILES_ITSELF, RegistrationCreateForm
from evaluation.models import Registration
from evaluation.permissions.registrations import registration_actions_for
from evaluation.services.dossier import registration_create, registration_create_from_previous, registration_file
from evaluation.tests.factories import (
    criteria_version,
    make_product,
    province_round,
    registration_in,
    round_taking_proposals,
)
from evaluation.workflow import STEPS
from products.models import Product
from products.permissions import acts_for_producer, products_acted_for
from products.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db

OFFICERS = ("commune_officer", "province_officer", "central_officer")


@pytest.fixture(autouse=True)
def _criteria_in_force(db):
    criteria_version()


def live_certificate(product, valid_until=dt.date(2028, 6, 30)):
    """Stand in for the certificates app (evaluation never imports it): the product holds a live certificate, as an
    upgrade needs (Điều 6.1b)."""
    recognised(product)
    return hooks.certificate_expiry.override(lambda product_id: valid_until if product_id == product.pk else None)


def recognised(product, star=4):
    """The product holds a live certificate of `star`: the certificates app keeps Product.current_star, which the
    dossier page's copy and the copy service ask (selectors.dossier.product_holds_live_certificate)."""
    Product.objects.filter(pk=product.pk).update(status="recognised", current_star=star)
    product.refresh_from_db()


def _paper_product(cast):
    """A product of a producer of the cast's commune that has no account: officers type its dossiers in."""
    return make_product(ProducerFactory(name="HTX Hương Rừng", commune=cast.commune), "Mật ong rừng Hương Rừng")


def test_the_table_marks_filing_as_the_producers_own_act():
    own = {step.name for step in STEPS if step.own}
    assert {"create", "copy"} <= own


@pytest.mark.parametrize("officer", OFFICERS)
def test_no_officer_files_a_dossier_for_a_producer_with_an_account(cast, officer):
    product = make_product(cast.producer)
    by = getattr(cast, officer)
    with pytest.raises(PermissionDenied):
        registration_create(product=product, kind=K.FIRST, by=by, evaluation_round=round_taking_proposals(cast))
    with pytest.raises(PermissionDenied):
        registration_file(product=product, kind=K.FIRST, by=by, evaluation_round=round_taking_proposals(cast))
    assert not Registration.objects.filter(product=product).exists()


@pytest.mark.parametrize("officer", OFFICERS)
def test_no_officer_copies_a_dossier_of_a_producer_with_an_account(cast, officer):
    previous = registration_in(cast, status=S.DECIDED)
    recognised(previous.product)
    by = getattr(cast, officer)
    assert not registration_actions_for(by, previous)["copy"]
    with pytest.raises(PermissionDenied):
        registration_create_from_previous(previous=previous, kind=K.REEVALUATION, by=by)
    assert Registration.objects.filter(product=previous.product).count() == 1


@pytest.mark.parametrize("officer", OFFICERS)
def test_an_officer_files_and_copies_for_a_producer_without_an_account(cast, officer):
    by = getattr(cast, officer)
    product = _paper_product(cast)
    registration = registration_create(
        product=product, kind=K.FIRST, by=by, evaluation_round=round_taking_proposals(cast)
    )
    assert registration.entered_by_officer and registration.created_by == by
    Registration.objects.filter(pk=registration.pk).update(status=S.DECIDED)
    recognised(product)
    registration.refresh_from_db()
    assert registration_actions_for(by, registration)["copy"]
    with live_certificate(product):
        copy = registration_create_from_previous(previous=registration, kind=K.UPGRADE, by=by)
    assert copy.previous_id == registration.pk and copy.created_by == by


def test_the_producer_still_files_and_copies_its_own(cast):
    previous = registration_in(cast, status=S.DECIDED)
    recognised(previous.product)
    assert registration_actions_for(cast.producer_owner, previous)["copy"]
    with live_certificate(previous.product):
        copy = registration_create_from_previous(previous=previous, kind=K.UPGRADE, by=cast.producer_owner)
    assert copy.previous_id == previous.pk and not copy.entered_by_officer


def test_a_producer_invited_since_files_itself_and_an_inactive_account_does_not_count(cast):
    product = _paper_product(cast)
    producer = product.producer
    assert acts_for_producer(cast.commune_officer, producer)
    producer.members.add(cast.other_producer)
    assert not acts_for_producer(cast.commune_officer, producer)
    assert acts_for_producer(cast.other_producer, producer) and acts_for_producer(cast.admin, producer)
    cast.other_producer.is_active = False
    cast.other_producer.save(update_fields=["is_active"])
    assert acts_for_producer(cast.commune_officer, producer)


def test_the_form_offers_an_officer_only_the_producers_without_an_account(cast):
    own = make_product(cast.producer, "Chè búp")
    paper = _paper_product(cast)
    form = RegistrationCreateForm(user=cast.commune_officer)
    assert list(form.fields["product"].queryset) == [paper]
    assert form.fields["product"].help_text == FILES_ITSELF
    assert set(products_acted_for(cast.commune_officer)) == {paper}
    assert set(products_acted_for(cast.producer_owner)) == {own}
    # The producer's own form is unchanged, and says nothing of officers.
    mine = RegistrationCreateForm(user=cast.producer_owner)
    assert list(mine.fields["product"].queryset) == [own] and not mine.fields["product"].help_text


def test_the_form_refuses_a_producer_with_an_account_beside_the_field(cast):
    own = make_product(cast.producer, "Chè búp")
    round_ = province_round(cast.province)
    form = RegistrationCreateForm({"product": own.pk, "kind": K.FIRST, "round": round_.pk}, user=cast.commune_officer)
    assert not form.is_valid()
    assert form.errors["product"] == [str(FILES_ITSELF)]
    # A product outside the officer's scope is still just not one of the choices.
    far = make_product(cast.other_producer_org, "Cà phê")
    form = RegistrationCreateForm({"product": far.pk, "kind": K.FIRST, "round": round_.pk}, user=cast.commune_officer)
    assert not form.is_valid() and form.errors["product"] != [str(FILES_ITSELF)]
