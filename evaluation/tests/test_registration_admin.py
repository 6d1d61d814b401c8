"""Registrations are read-only in the admin: every change goes through the services."""

import pytest
from django.urls import reverse

from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db


def test_admin_lists_registrations_but_cannot_change_them(cast, login):
    registration = registration_in(cast)
    client = login(cast.admin)
    assert client.get(reverse("admin:evaluation_registration_changelist")).status_code == 200
    page = client.get(reverse("admin:evaluation_registration_change", args=[registration.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:evaluation_registration_add")).status_code == 403
    assert login(cast.province_officer).get(reverse("admin:evaluation_registration_changelist")).status_code == 302
