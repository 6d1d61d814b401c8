"""Issue 12 item 9: a person's name is stored and printed as Vietnamese write it (họ, tên đệm, tên) — never
Django's "first last", which printed "Lan Trần Thị" for Trần Thị Lan on the signed minutes and sheets — and
lists sort by tên (given name), then họ and tên đệm, as Vietnamese lists do."""

import importlib

import pytest
from django.apps import apps

from ocop.models import User, vi_name_order, vietnamese_name_parts
from ocop.testing import admin_add_user

pytestmark = pytest.mark.django_db


def test_the_full_name_prints_in_vietnamese_order():
    user = User(username="lan")
    user.set_full_name("  Trần   Thị Lan ")
    assert (user.full_name, user.last_name, user.first_name) == ("Trần Thị Lan", "Trần Thị", "Lan")
    assert user.get_full_name() == "Trần Thị Lan" and str(user) == "Trần Thị Lan"
    assert user.get_short_name() == "Lan"


def test_a_user_with_only_the_django_parts_prints_in_vietnamese_order_too():
    user = User(username="lan", first_name="Lan", last_name="Trần Thị")
    assert user.get_full_name() == "Trần Thị Lan"


def test_it_normalises_to_nfc():
    user = User(username="x")
    user.set_full_name("Nguye\u0302\u0303n Thi\u0323 Hoa")  # NFD from an IME
    assert user.full_name == "Nguyễn Thị Hoa"


def test_name_parts():
    assert vietnamese_name_parts("Lê Bình") == ("Lê", "Bình")
    assert vietnamese_name_parts("Hoan") == ("", "Hoan")
    assert vietnamese_name_parts("") == ("", "")


def test_lists_sort_by_given_name_then_family_name():
    for username, name in [("a", "Trần Thị Lan"), ("b", "Nguyễn Văn An"), ("c", "Lê Bình"), ("d", "Đỗ Thị An")]:
        user = User(username=username)
        user.set_full_name(name)
        user.save()
    names = [u.full_name for u in User.objects.order_by(*vi_name_order())]
    # An (Đỗ Thị, Nguyễn Văn), Bình, Lan — not by family name (Đỗ, Lê, Nguyễn, Trần).
    assert names[0:2] in (["Đỗ Thị An", "Nguyễn Văn An"], ["Nguyễn Văn An", "Đỗ Thị An"])
    assert names[2:] == ["Lê Bình", "Trần Thị Lan"]


def test_the_data_migration_rewrites_existing_users():
    migration = importlib.import_module("ocop.migrations.0005_user_full_name")
    User.objects.create(username="a", first_name="Lan", last_name="Trần Thị")  # Django's pair
    User.objects.create(username="b", first_name="Nguyễn Thị Hoan")  # a whole name typed in first_name
    User.objects.create(username="c")
    migration.forwards(apps, None)
    rows = {u.username: (u.full_name, u.last_name, u.first_name) for u in User.objects.all()}
    assert rows["a"] == ("Trần Thị Lan", "Trần Thị", "Lan")
    assert rows["b"] == ("Nguyễn Thị Hoan", "Nguyễn Thị", "Hoan")
    assert rows["c"] == ("", "", "")


def test_the_admin_takes_the_name_as_written(cast, client):
    response = admin_add_user(
        client,
        cast.admin,
        username="lan.tran",
        full_name="Trần Thị Lan",
        role="province_officer",
        unit=cast.province.pk,  # a province role works for a province (ocop.permissions.role_unit_error)
        email="lan@example.test",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="lan.tran")
    assert (user.full_name, user.first_name, user.last_name) == ("Trần Thị Lan", "Lan", "Trần Thị")
