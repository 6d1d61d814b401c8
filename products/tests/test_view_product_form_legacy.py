"""The product form follows Decision 26/2026: the classification and code of an earlier rule set (1048/2019) are not
offered for a new or current product; a product that already carries them shows them, read-only, as its history."""

import pytest
from django.urls import reverse

from products.models import LegacyCategory

from .factories import ProductFactory, product_set

pytestmark = pytest.mark.django_db

LEGACY_INPUTS = ('name="legacy_category"', 'name="legacy_code"')


def _form(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["producer_owner", "commune_officer", "province_officer"])
def test_a_new_product_is_entered_without_the_legacy_fields(cast, login, role):
    html = _form(login(getattr(cast, role)), reverse("products:product_create") + f"?producer={cast.producer.pk}")
    assert 'name="product_set"' in html
    assert not any(field in html for field in LEGACY_INPUTS)
    assert "Phân loại cũ" not in html and "Mã số cũ" not in html


def test_the_producers_form_for_a_current_product_has_no_legacy_fields(cast, login):
    product = ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan")
    html = _form(login(cast.producer_owner), reverse("products:product_update", args=[product.pk]))
    assert 'name="name"' in html
    assert not any(field in html for field in LEGACY_INPUTS)


@pytest.mark.parametrize("role", ["producer_owner", "commune_officer"])
def test_an_old_record_shows_its_legacy_fields_read_only(cast, login, role):
    category = LegacyCategory.objects.filter(legal_basis="1048/2019").first()
    product = ProductFactory(
        producer=cast.producer, name="Miến dong Côn Minh", legacy_category=category, legacy_code="BK-NR-2019-03"
    )
    client = login(getattr(cast, role))
    url = reverse("products:product_update", args=[product.pk])
    html = _form(client, url)
    assert 'value="BK-NR-2019-03"' in html and str(category) in html
    for name in ("legacy_category", "legacy_code"):
        field = client.get(url).context["form"].fields[name]
        assert field.disabled, name
    # The only choice the read-only select holds is the record's own (no list of the old categories to pick from).
    assert list(client.get(url).context["form"].fields["legacy_category"].queryset) == [category]
    other = LegacyCategory.objects.exclude(pk=category.pk).first()
    response = client.post(
        url,
        {
            "name": "Miến dong Côn Minh",
            "product_set": product_set(7).pk,
            "brand": "Côn Minh",
            "legacy_category": other.pk,
            "legacy_code": "SỬA-LẠI",
        },
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.brand == "Côn Minh"
    assert (product.legacy_category, product.legacy_code) == (category, "BK-NR-2019-03")


def test_a_legacy_value_cannot_be_slipped_into_a_new_product(cast, login):
    category = LegacyCategory.objects.first()
    response = login(cast.producer_owner).post(
        reverse("products:product_create") + f"?producer={cast.producer.pk}",
        {
            "name": "Bún dong Tài Hoan",
            "product_set": product_set(7).pk,
            "legacy_category": category.pk,
            "legacy_code": "CŨ-01",
        },
    )
    assert response.status_code == 302
    product = cast.producer.products.get(name="Bún dong Tài Hoan")
    assert product.legacy_category is None and product.legacy_code == ""
