import pytest
from django.urls import reverse

from ocop.testing import make_user

pytestmark = pytest.mark.django_db


def test_it_opens_the_registry_admin_to_system_administrators(cast, login):
    client = login(cast.admin)
    assert client.get(reverse("admin:products_productset_changelist")).status_code == 200
    assert client.get(reverse("admin:products_producer_changelist")).status_code == 200
    # producers and products are read-only there: their writes go through services
    assert client.get(reverse("admin:products_producer_add")).status_code == 403


def test_it_closes_the_admin_to_staff_who_are_not_system_administrators(cast, login):
    staff_officer = make_user("staff_officer", "province_officer", cast.province, is_staff=True)
    response = login(staff_officer).get(reverse("admin:products_producer_changelist"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))  # the site's door


def test_it_sends_officers_without_staff_status_to_the_login(cast, login):
    response = login(cast.province_officer).get(reverse("admin:products_producer_changelist"))
    assert response.status_code == 302
