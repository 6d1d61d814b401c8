"""The admin's account forms hold an account's unit to its role, as the account pages do (accounts.services.account_unit):
the admin saved a commune officer whose unit was a province (who then read the whole province's registry, since
`unit_scope_q` reads the unit's level), a province officer of a province abolished in 2025 (who read nothing), and a
ministry officer tied to a province."""

import pytest

from ocop.models import AuditEvent, User
from ocop.testing import make_unit

from .test_admin_users import change_data

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-rat-dai-2026!"


def add_data(**values):
    return {
        "username": "moi.tao",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "usable_password": "true",
        "full_name": "Nguyễn Văn Mới",
        "email": "",
        "language": "",
        **values,
    }


def refused(cast, **case):
    units = {
        "province": cast.province,
        "commune": cast.commune,
        "old_province": make_unit(level="province", code="06", name="Tỉnh Bắc Kạn", era="historic"),
        None: None,
    }
    unit = units[case["unit"]]
    return {"role": case["role"], "unit": str(unit.pk) if unit else ""}


BAD = [
    {"role": "commune_officer", "unit": "province"},
    {"role": "commune_officer", "unit": None},
    {"role": "province_officer", "unit": "commune"},
    {"role": "province_officer", "unit": "old_province"},
    {"role": "province_officer", "unit": None},
    {"role": "viewer", "unit": "commune"},
    {"role": "central_officer", "unit": "province"},
]
GOOD = [
    {"role": "commune_officer", "unit": "commune"},
    {"role": "province_officer", "unit": "province"},
    {"role": "council_member", "unit": None},
    {"role": "central_officer", "unit": None},
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: f"{c['role']}-{c['unit']}")
def test_a_new_account_with_a_unit_its_role_cannot_work_for_is_refused_beside_the_unit(cast, login, case):
    c = login(cast.admin)
    response = c.post("/admin/ocop/user/add/", add_data(**refused(cast, **case)))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"]
    assert not User.objects.filter(username="moi.tao").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


@pytest.mark.parametrize("case", GOOD, ids=lambda c: f"{c['role']}-{c['unit']}")
def test_a_new_account_with_a_unit_its_role_works_for_is_made(cast, login, case):
    c = login(cast.admin)
    response = c.post("/admin/ocop/user/add/", add_data(**refused(cast, **case)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(username="moi.tao").role == case["role"]


def test_moving_a_commune_officer_to_a_whole_province_is_refused(cast, login):
    user = cast.commune_officer
    c = login(cast.admin)
    url = f"/admin/ocop/user/{user.pk}/change/"
    response = c.post(url, change_data(c.get(url), user, unit=str(cast.province.pk)))
    assert response.status_code == 200 and response.context["adminform"].form.errors["unit"]
    user.refresh_from_db()
    assert user.unit == cast.commune
    # Made a province officer, the same unit is right.
    response = c.post(url, change_data(c.get(url), user, unit=str(cast.province.pk), role="province_officer"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert (user.role, user.unit) == ("province_officer", cast.province)


def test_the_refusal_is_in_english_for_an_english_reader(cast, login):
    cast.admin.language = "en"
    cast.admin.save(update_fields=["language"])
    c = login(cast.admin)
    response = c.post("/admin/ocop/user/add/", add_data(role="commune_officer", unit=str(cast.province.pk)))
    assert response.status_code == 200
    assert "commune" in str(response.context["adminform"].form.errors["unit"][0]).lower()
