"""The guards against registering a producer twice in a commune, or a product twice for its producer (producer_create,
product_create), compared names exactly apart from case and the spaces around them: "HTX Nông nghiệp Hòa An" was
registered again as "Hợp tác xã  Nông nghiệp Hoà An.", with a second product code for its products. The guards refuse
outright, so a name is folded only where two spellings are never two producers (products.names): Unicode
normalisation, case, spaces, punctuation, the tone mark's place on "oa"/"oe"/"uy" and the legal form's abbreviation;
never the diacritics, a word or a digit."""

import pytest
from django.core.exceptions import ValidationError

from products.models import Producer, Product
from products.services import producer_create, product_create

from .factories import product_set

pytestmark = pytest.mark.django_db


def _producer(cast, name):
    data = {"kind": "coop", "name": name, "commune": cast.commune, "tax_code": "", "legal_rep_name": "Nguyễn Văn An"}
    return producer_create(by=cast.commune_officer, data=data)


def test_a_producer_registered_again_under_another_spelling_is_refused(cast):
    first = _producer(cast, "HTX Nông nghiệp Hòa An")
    for typed in ("Hợp tác xã Nông nghiệp Hoà An.", "htx  NÔNG NGHIỆP hòa an"):
        with pytest.raises(ValidationError) as exc:
            _producer(cast, typed)
        assert "đã có chủ thể “HTX Nông nghiệp Hòa An”" in exc.value.message_dict["name"][0], typed
    assert list(Producer.objects.filter(commune=cast.commune, name__icontains="Hòa An")) == [first]
    # Another name is another producer.
    assert _producer(cast, "HTX Nông nghiệp Hòa Anh").name == "HTX Nông nghiệp Hòa Anh"


def test_a_product_registered_again_under_another_spelling_is_refused(cast):
    def create(name):
        return product_create(
            producer=cast.producer, by=cast.commune_officer, data={"name": name, "product_set": product_set(7)}
        )

    first = create("Miến dong Hòa An (loại 1)")
    with pytest.raises(ValidationError) as exc:
        create("Miến  dong Hoà An - loại 1")
    assert first.code in exc.value.message_dict["name"][0]
    assert create("Miến dong Hòa An loại 2").name == "Miến dong Hòa An loại 2"
    assert Product.objects.filter(producer=cast.producer, name__startswith="Miến dong").count() == 2
