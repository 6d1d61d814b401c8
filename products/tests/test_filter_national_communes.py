"""Issue 15: before a national officer picks a province, the registry's filter forms neither send nor read the
country's communes (the form listed 3,321 of them as model instances on every national list and search)."""

import pytest
from django.urls import reverse

from .factories import ProducerFactory


@pytest.mark.parametrize("name", ["products:product_list", "products:producer_list"])
def test_no_commune_is_read_before_a_province_is_chosen(cast, login, name):
    response = login(cast.central_officer).get(reverse(name))
    assert response.status_code == 200
    assert [value for value, _label in response.context["filter"].form.fields["commune"].choices] == [""]


def test_a_commune_chosen_without_a_province_still_filters(cast, login):
    here = ProducerFactory(commune=cast.commune, name="Hợp tác xã Gần")
    far = ProducerFactory(commune=cast.far_commune, name="Hợp tác xã Xa")
    response = login(cast.central_officer).get(reverse("products:producer_list"), {"commune": cast.far_commune.pk})
    assert response.context["filter"].form.is_valid()
    names = [p.name for p in response.context["page"].object_list]
    assert far.name in names and here.name not in names
