"""Producers, products, registrations and certificates keep their own copy of their commune's province
(`ocop.models.province_copy_field`): the province lists filter and sort on it. These tests hold the copy to the
truth it copies: at creation, when a producer moves to another province, and when the units change."""

import datetime

import pytest
from django.urls import reverse

from certificates.models import Certificate
from certificates.tests.factories import make_certificate
from evaluation.models import Registration
from evaluation.tests.factories import RegistrationFactory
from ocop import hooks as ocop_hooks
from ocop.models import AdministrativeUnit, province_copies_refresh
from products.models import Producer, Product
from products.services import producer_update, province_refresh
from products.tests.factories import make_product

pytestmark = pytest.mark.django_db

UNTIL = datetime.date(2027, 6, 30)


def _world(cast):
    product = make_product(cast.producer, "Miến dong Tài Hoan")
    registration = RegistrationFactory(product=product, commune=cast.commune)
    certificate = make_certificate(cast.producer, product=product, valid_until=UNTIL)
    return product, registration, certificate


def _provinces(product, registration, certificate):
    return (
        Producer.objects.get(pk=product.producer_id).province_id,
        Product.objects.get(pk=product.pk).province_id,
        Registration.objects.get(pk=registration.pk).province_id,
        Certificate.objects.get(pk=certificate.pk).province_id,
    )


def test_every_record_copies_its_communes_province_when_created(cast):
    product, registration, certificate = _world(cast)
    assert _provinces(product, registration, certificate) == (cast.province.pk,) * 4
    assert Producer.objects.get(pk=cast.other_producer_org.pk).province_id == cast.other_province.pk


def test_a_producer_moving_to_another_province_takes_its_products_and_certificates(cast, client):
    product, registration, certificate = _world(cast)

    producer_update(producer=cast.producer, by=cast.central_officer, data={"commune": cast.far_commune})

    producer, product_p, registration_p, certificate_p = _provinces(product, registration, certificate)
    assert (producer, product_p, certificate_p) == (cast.other_province.pk,) * 3
    # A dossier stays with the commune that received it (its province is the commune's).
    assert registration_p == cast.province.pk
    # The province lists follow the copy: the new province's officer sees them, the old one no longer does.
    client.force_login(cast.outsider)  # a province officer of cast.other_province
    assert "Miến dong Tài Hoan" in client.get(reverse("products:product_list")).content.decode()
    assert certificate.number in client.get(reverse("certificates:certificate_list")).content.decode()
    client.force_login(cast.province_officer)
    assert "Miến dong Tài Hoan" not in client.get(reverse("products:product_list")).content.decode()
    assert client.get(reverse("certificates:certificate_detail", args=[certificate.pk])).status_code == 404


def test_a_move_within_the_province_writes_no_copy(cast):
    product, registration, certificate = _world(cast)
    Product.objects.filter(pk=product.pk).update(province=cast.other_province)  # a stale copy the move must not touch
    producer_update(producer=cast.producer, by=cast.central_officer, data={"commune": cast.other_commune})
    assert Product.objects.get(pk=product.pk).province_id == cast.other_province.pk


def test_a_commune_moved_to_another_province_by_the_units_loader_moves_every_record(cast):
    product, registration, certificate = _world(cast)
    AdministrativeUnit.objects.filter(pk=cast.commune.pk).update(parent=cast.other_province)

    for answer in ocop_hooks.admin_units_changed():  # what admin_units_load calls after a change
        assert answer == 4  # producer, product, registration, certificate

    assert _provinces(product, registration, certificate) == (cast.other_province.pk,) * 4


def test_the_refresh_repairs_stale_copies_only_and_counts_them(cast):
    product, registration, certificate = _world(cast)
    Certificate.objects.filter(pk=certificate.pk).update(province=None)
    Registration.objects.filter(pk=registration.pk).update(province=cast.other_province)

    assert province_refresh() == 2
    assert province_refresh() == 0
    assert _provinces(product, registration, certificate) == (cast.province.pk,) * 4


def test_a_save_that_does_not_write_the_source_leaves_the_copy_alone(cast, django_assert_num_queries):
    product = make_product(cast.producer, "Mật ong")
    product.name = "Mật ong bạc hà"
    with django_assert_num_queries(1):  # one UPDATE, no lookup of the producer's province
        product.save(update_fields=["name"])
    assert Product.objects.get(pk=product.pk).province_id == cast.province.pk


def test_province_copies_refresh_clears_a_copy_whose_source_has_no_province(cast):
    orphan = AdministrativeUnit.objects.create(level="commune", code="99999", name="Xã Lẻ", era="current")
    producer = Producer.objects.create(kind="coop", name="HTX Lẻ", commune=orphan)
    assert producer.province_id is None
    Producer.objects.filter(pk=producer.pk).update(province=cast.province)
    assert province_copies_refresh(Producer.objects.filter(pk=producer.pk), "commune__parent_id") == 1
    assert Producer.objects.get(pk=producer.pk).province_id is None
    assert make_product(producer).province_id is None
