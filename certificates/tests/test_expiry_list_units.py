"""The expiry list's unit filters: a national officer chooses the province first, then its communes."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_a_national_officer_picks_the_province_before_the_commune(cast, login):
    html = login(cast.central_officer).get(reverse("certificates:expiry_list")).content.decode()
    assert 'name="province"' in html
    assert 'data-cascade-from="id_province"' in html


@pytest.mark.django_db
def test_the_communes_offered_follow_the_chosen_province(cast, login):
    c = login(cast.central_officer)
    html = c.get(reverse("certificates:expiry_list"), {"province": cast.other_province.pk}).content.decode()
    assert "Xã Xa Xôi" in html and "Xã Hoà An" not in html


@pytest.mark.django_db
def test_a_provincial_officer_sees_only_the_communes_of_the_province(cast, login):
    html = login(cast.province_officer).get(reverse("certificates:expiry_list")).content.decode()
    assert 'name="province"' not in html
    assert "Xã Hoà An" in html and "Xã Xa Xôi" not in html


@pytest.mark.django_db
def test_a_commune_officer_gets_no_unit_filters(cast, login):
    html = login(cast.commune_officer).get(reverse("certificates:expiry_list")).content.decode()
    assert 'name="province"' not in html and 'name="commune"' not in html
