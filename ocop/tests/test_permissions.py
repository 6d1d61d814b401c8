import pytest

from ocop.permissions import unit_scope_q
from products.models import Producer


def visible(user):
    return set(Producer.objects.filter(unit_scope_q(user, "commune")).values_list("name", flat=True))


@pytest.mark.django_db
def test_it_scopes_each_role_to_its_unit(cast):
    both = {"HTX Tài Hoan", "HTX Hương Rừng"}
    assert visible(cast.central_officer) == both
    assert visible(cast.admin) == both
    assert visible(cast.province_officer) == {"HTX Tài Hoan"}
    assert visible(cast.viewer) == {"HTX Tài Hoan"}
    assert visible(cast.commune_officer) == {"HTX Tài Hoan"}
    assert visible(cast.other_commune_officer) == set()
    assert visible(cast.outsider) == {"HTX Hương Rừng"}


@pytest.mark.django_db
def test_it_shows_nothing_to_a_user_without_a_unit(cast):
    cast.province_officer.unit = None
    assert visible(cast.province_officer) == set()
