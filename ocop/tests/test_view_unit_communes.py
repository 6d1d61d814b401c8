"""The options endpoint behind the cascading selects (province → communes, current commune → old communes)."""

import pytest
from django.urls import reverse

from ocop.models import AdministrativeUnitSuccession
from ocop.testing import make_unit

pytestmark = pytest.mark.django_db

URL = reverse("unit_communes")


@pytest.fixture
def old_communes(cast):
    old_province = make_unit(level="province", code="80", name="Tỉnh Cũ", era="historic")
    district = make_unit(level="district", code="800", name="Huyện Na Rì", parent=old_province, era="historic")
    merged = [
        make_unit(level="commune", code=code, name=name, parent=district, era="historic")
        for code, name in (("80001", "Xã Côn Minh"), ("80002", "Xã Quang Phong"))
    ]
    elsewhere = make_unit(level="commune", code="80003", name="Xã Dương Sơn", parent=district, era="historic")
    for unit in merged:
        AdministrativeUnitSuccession.objects.create(old=unit, new=cast.commune)
    AdministrativeUnitSuccession.objects.create(old=elsewhere, new=cast.other_commune)
    return merged


def test_it_lists_the_communes_of_a_province(cast, login):
    response = login(cast.central_officer).get(URL, {"province": cast.province.pk})
    assert response.status_code == 200
    assert {r["name"] for r in response.json()["results"]} == {"Xã Hoà An", "Xã Bình Minh"}
    far = login(cast.central_officer).get(URL, {"province": cast.other_province.pk}).json()["results"]
    assert far == [{"id": cast.far_commune.pk, "name": "Xã Xa Xôi"}]


def test_it_lists_the_old_communes_merged_into_a_commune_with_their_district(cast, login, old_communes):
    results = login(cast.commune_officer).get(URL, {"successor": cast.commune.pk}).json()["results"]
    assert [r["id"] for r in results] == [u.pk for u in old_communes]
    assert results[0]["name"] == "Xã Côn Minh"  # make_unit's full name is its name
    assert login(cast.commune_officer).get(URL, {"successor": cast.far_commune.pk}).json()["results"] == []


def test_it_answers_an_empty_list_to_a_missing_or_malformed_parameter(cast, login):
    client = login(cast.commune_officer)
    assert client.get(URL).json() == {"results": []}
    assert client.get(URL, {"province": "abc"}).json() == {"results": []}


def test_it_keeps_a_constant_number_of_queries(cast, login, django_assert_num_queries, old_communes):
    client = login(cast.central_officer)
    client.get(URL, {"successor": cast.commune.pk})  # warm the session
    with django_assert_num_queries(3):  # session, user, the options
        client.get(URL, {"successor": cast.commune.pk})
    for i in range(10):
        make_unit(level="commune", code=f"9009{i}", name=f"Xã Mới {i}", parent=cast.province)
    with django_assert_num_queries(3):
        assert len(client.get(URL, {"province": cast.province.pk}).json()["results"]) == 12


def test_it_needs_a_login_and_get(client, cast, login):
    assert client.get(URL, {"province": cast.province.pk}).status_code == 302
    assert login(cast.commune_officer).post(URL).status_code == 405
