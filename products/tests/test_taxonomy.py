import pytest

from products.models import LegacyCategory, ProductGroup, ProductSet, Sector
from products.taxonomy import taxonomy_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _taxonomy():
    """The data migration (products 0004) fills these tables through `taxonomy_load`; a transactional test that ran
    before on the same pytest-xdist worker flushes them, so load them again (idempotent: nothing changes when they
    are there) and check what the loader gives."""
    taxonomy_load()


def test_it_has_the_six_sectors_and_twenty_six_sets_of_d26():
    assert list(Sector.objects.values_list("code", flat=True)) == ["I", "II", "III", "IV", "V", "VI"]
    assert list(ProductSet.objects.values_list("number", flat=True)) == list(range(1, 27))
    assert ProductGroup.objects.count() == 17


def test_it_keeps_each_set_in_its_group_and_sector_with_the_agency():
    honey = ProductSet.objects.select_related("group__sector").get(number=4)
    assert honey.name.startswith("Mật ong")
    assert honey.group.name == "Thực phẩm thô, sơ chế"
    assert honey.group.sector.code == "I"
    assert ProductSet.objects.get(number=16).agency == "Bộ Y tế"
    assert ProductSet.objects.get(number=26).is_tourism


def test_it_maps_the_1048_sectors_to_current_sets_keeping_the_label():
    labels = list(LegacyCategory.objects.filter(legal_basis="1048/2019").values_list("label", flat=True))
    assert len(labels) == 6
    tourism = LegacyCategory.objects.get(label="Dịch vụ du lịch nông thôn, bán hàng")
    assert tourism.product_set.number == 26
    assert LegacyCategory.objects.get(label="Thảo dược").sector.code == "III"


def _taxonomy_rows() -> list:
    """Every row of the four tables, by natural keys (ids differ from load to load)."""
    return [
        list(Sector.objects.order_by("code").values_list("code", "name", "order")),
        list(ProductGroup.objects.order_by("sector__code", "order").values_list("sector__code", "name", "order")),
        list(ProductSet.objects.order_by("number").values_list("number", "group__name", "name", "agency")),
        list(
            LegacyCategory.objects.order_by("order").values_list(
                "legal_basis", "label", "sector__code", "product_set__number", "order"
            )
        ),
    ]


def _emptied():
    for model in (LegacyCategory, ProductSet, ProductGroup, Sector):
        model.objects.all().delete()


def test_loading_into_empty_tables_gives_the_rows_that_loading_over_existing_ones_does(django_assert_max_num_queries):
    _emptied()
    Sector.objects.create(code="I", name="Tên cũ", order=9)  # not empty: each row is created or updated in turn
    taxonomy_load()
    updated = _taxonomy_rows()
    _emptied()
    with django_assert_max_num_queries(5):  # empty (a test's flush): one statement per table
        taxonomy_load()
    assert _taxonomy_rows() == updated
    assert updated[0][0] == ("I", "Thực phẩm", 1) and len(updated[2]) == 26 and len(updated[3]) == 6
