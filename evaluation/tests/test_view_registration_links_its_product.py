"""The dossier page links the product and the producer it is about, for whoever may read them: walking the demo as
the commune and the provincial officers, Miến dong Tân An's dossier named its product and its producer (HTX Việt
Cường) as plain text, and the product's page, its certificates and its other dossiers were reached only through the
menus. A council member, who reads the dossier but not the registry, gets no link to a page that would be a 404."""

import pytest
from django.urls import reverse

from evaluation.tests.factories import declare_and_open, setup_scoring

pytestmark = pytest.mark.django_db


def test_the_dossier_page_links_its_product_and_producer(cast, login):
    s = setup_scoring(cast)
    registration = s.registration
    product = reverse("products:product_detail", args=[registration.product_id])
    producer = reverse("products:producer_detail", args=[registration.product.producer_id])
    page = reverse("evaluation:registration_detail", args=[registration.pk])
    for user in (cast.province_officer, cast.commune_officer, cast.producer_owner):
        client = login(user)
        body = client.get(page).content.decode()
        assert f'href="{product}" data-testid="dossier-product"' in body, user
        assert f'href="{producer}" data-testid="dossier-producer"' in body, user
        assert client.get(product).status_code == 200 and client.get(producer).status_code == 200, user
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    body = client.get(page).content.decode()
    assert client.get(page).status_code == 200
    assert 'data-testid="dossier-product"' not in body and 'data-testid="dossier-producer"' not in body
    assert client.get(product).status_code == 404
