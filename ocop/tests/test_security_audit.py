"""Issue 11.18: security events in the same audit trail as business changes."""

import re

import pytest

from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def actions(user=None):
    qs = AuditEvent.objects.order_by("id")
    if user is not None:
        qs = qs.filter(actor=user)
    return list(qs.values_list("action", flat=True))


def test_login_failed_login_and_logout_are_recorded_with_the_address(client, cast):
    client.post(LOGIN, {"username": "province_officer", "password": "sai"}, REMOTE_ADDR="10.1.1.1")
    client.post(LOGIN, {"username": "province_officer", "password": cast.password}, REMOTE_ADDR="10.1.1.1")
    client.post("/accounts/logout/", REMOTE_ADDR="10.1.1.1")
    assert actions(cast.province_officer) == ["auth.login_failed", "auth.login", "auth.logout"]
    event = AuditEvent.objects.get(action="auth.login")
    assert event.target == cast.province_officer and "10.1.1.1" in event.summary


def test_a_failed_login_with_an_unknown_name_is_recorded_without_an_account(client, db):
    client.post(LOGIN, {"username": "khong-ton-tai", "password": "sai"})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None and "khong-ton-tai" in event.summary


def test_a_password_change_is_recorded(cast, login):
    c = login(cast.producer_owner)
    c.post(
        "/accounts/password/change/",
        {"old_password": cast.password, "new_password1": "Khac-hoan-toan-2026", "new_password2": "Khac-hoan-toan-2026"},
    )
    assert "auth.password_change" in actions(cast.producer_owner)


def test_a_password_reset_is_recorded(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": cast.commune_officer.email})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "A-new-passw0rd-2026", "new_password2": "A-new-passw0rd-2026"})
    assert "auth.password_reset" in actions(cast.commune_officer)


def test_a_role_and_unit_change_in_the_admin_is_recorded_old_to_new(cast, login):
    user = cast.commune_officer
    c = login(cast.admin)
    page = c.get(f"/admin/ocop/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and k not in {"password", "groups", "user_permissions"}
    }
    data.update(
        {
            "role": "province_officer",
            "unit": str(cast.province.pk),
            "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = c.post(f"/admin/ocop/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="user.access_change")
    assert event.actor == cast.admin and event.target == user
    assert event.changes["role"] == ["commune_officer", "province_officer"]
    assert event.changes["unit"] == [str(cast.commune), str(cast.province)]


def test_a_save_without_access_change_records_nothing(cast):
    from ocop.services import user_access_changed

    before = {"role": "viewer", "unit": cast.province, "is_active": True, "is_staff": False, "is_superuser": False}
    assert user_access_changed(user=cast.viewer, before=before, by=cast.admin) is None
