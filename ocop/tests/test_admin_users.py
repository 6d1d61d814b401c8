"""The admin's account pages leave the same trail as the keepers' (accounts.services), and never delete an account."""

import pytest
from django.db.models import ProtectedError

from ocop.models import AuditEvent, User

pytestmark = pytest.mark.django_db


def change_data(page, user, **values):
    form = page.context["adminform"].form
    data = {
        k: v for k, v in form.initial.items() if v is not None and k not in {"password", "groups", "user_permissions"}
    }
    data.update(
        {
            "unit": str(user.unit_id),
            "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "last_login_0": "",
            "last_login_1": "",
            **values,
        }
    )
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def test_it_records_an_address_and_name_corrected_in_the_admin(cast, login):
    user = cast.commune_officer
    old_email, old_name = user.email, user.full_name
    c = login(cast.admin)
    url = f"/admin/ocop/user/{user.pk}/change/"
    response = c.post(url, change_data(c.get(url), user, email="moi@example.vn", full_name="Trần Văn Mới"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="user.update", target_id=str(user.pk))
    assert event.actor == cast.admin
    assert event.changes["email"] == [old_email, "moi@example.vn"]
    assert event.changes["full_name"] == [old_name, "Trần Văn Mới"]
    assert not AuditEvent.objects.filter(action="user.access_change").exists()


def test_it_records_a_password_set_by_an_administrator(cast, login):
    user = cast.commune_officer
    c = login(cast.admin)
    new = "mat-khau-quan-tri-dat-2026"
    response = c.post(
        f"/admin/ocop/user/{user.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    event = AuditEvent.objects.get(action="auth.password_set")
    assert event.actor == cast.admin and event.target == user


def test_a_refused_password_set_records_nothing(cast, login):
    c = login(cast.admin)
    response = c.post(f"/admin/ocop/user/{cast.commune_officer.pk}/password/", {"password1": "a", "password2": "b"})
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="auth.password_set").exists()


def test_the_admin_cannot_delete_an_account(cast, login):
    user = cast.commune_officer
    c = login(cast.admin)
    assert c.get(f"/admin/ocop/user/{user.pk}/delete/").status_code == 403
    assert c.post(f"/admin/ocop/user/{user.pk}/delete/", {"post": "yes"}).status_code == 403
    response = c.post("/admin/ocop/user/", {"action": "delete_selected", "_selected_action": [user.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=user.pk).exists()


def test_the_trail_keeps_its_actors(cast):
    from ocop.services import audit_record

    audit_record(actor=cast.commune_officer, action="user.update", target=cast.viewer, summary="x")
    with pytest.raises(ProtectedError):
        cast.commune_officer.delete()


def test_closing_an_account_in_the_admin_ends_its_sessions_for_good(cast, login):
    from django.test import Client

    user = cast.commune_officer
    kept = Client()
    kept.force_login(user)
    c = login(cast.admin)
    url = f"/admin/ocop/user/{user.pk}/change/"
    assert c.post(url, change_data(c.get(url), user, is_active=False)).status_code == 302
    user.refresh_from_db()
    assert c.post(url, change_data(c.get(url), user, is_active=True)).status_code == 302
    response = kept.get("/notifications/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
