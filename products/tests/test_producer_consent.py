"""The producer's own consent to publish its contacts on the public pages: only the producer sets it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from products.services import producer_update

pytestmark = pytest.mark.django_db


def test_it_lets_the_producer_publish_its_contacts(cast):
    assert cast.producer.public_contact is False
    producer_update(producer=cast.producer, by=cast.producer_owner, data={"public_contact": True})
    cast.producer.refresh_from_db()
    assert cast.producer.public_contact is True


def test_an_officer_cannot_give_consent_for_the_producer(cast):
    with pytest.raises(ValidationError):
        producer_update(producer=cast.producer, by=cast.commune_officer, data={"public_contact": True})
    cast.producer.refresh_from_db()
    assert cast.producer.public_contact is False


def test_the_producer_form_offers_the_consent_to_the_producer_only(cast, login):
    url = reverse("products:producer_update", args=[cast.producer.pk])
    form = login(cast.producer_owner).get(url).context["form"]
    assert not form.fields["public_contact"].disabled
    form = login(cast.commune_officer).get(url).context["form"]
    assert form.fields["public_contact"].disabled
