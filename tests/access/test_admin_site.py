"""The admin site is the system administrator's: every page of it refuses a staff account of another role, even one
holding every model permission (a grant made by mistake, say), since the records there are not filtered by the app's
rules of who sees which province. The supervision records were open to such an account, as were Django's groups,
django-axes's records and the accounts themselves (add and change included)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from ocop.testing import make_user

pytestmark = pytest.mark.django_db


def changelists():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]


def test_no_admin_page_opens_to_a_staff_officer_holding_every_model_permission(login):
    officer = make_user("staff_central", "central_officer", is_staff=True)
    officer.user_permissions.set(Permission.objects.all())
    client = login(officer)
    opened = [url for url in [reverse("admin:index"), *changelists()] if client.get(url).status_code == 200]
    assert opened == []
    assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))  # sent to the admin's sign-in


def test_the_system_administrator_opens_every_admin_page(login):
    client = login(make_user("quantri_test", "admin", is_staff=True, is_superuser=True))
    assert [url for url in changelists() if client.get(url).status_code != 200] == []
