"""An integration client's service account is kept with its client (api.admin, api.services), never as a person's
account: the admin's user pages show it read-only and set it no password, and it never signs in on the web. The
administrator could set it a password in the admin and sign in on the web as the client (a read-write province
client's account is a province OCOP officer), or give it another role or unit, so that its lists no longer matched the
client's province."""

import pytest
from django.contrib.auth import authenticate

from ocop.models import AuditEvent, User

from .factories import make_client

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-rat-dai-2026!"


def test_the_admin_sets_no_password_on_a_service_account(cast, login):
    client, _token = make_client(cast, "province_write")
    c = login(cast.admin)
    url = f"/admin/ocop/user/{client.user_id}/password/"
    assert c.get(url).status_code == 403
    response = c.post(url, {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"})
    assert response.status_code == 403
    account = User.objects.get(pk=client.user_id)
    assert not account.has_usable_password()
    assert not AuditEvent.objects.filter(action="auth.password_set").exists()


def test_the_admin_shows_a_service_account_read_only(cast, login):
    client, _token = make_client(cast, "province_read")
    c = login(cast.admin)
    url = f"/admin/ocop/user/{client.user_id}/change/"
    page = c.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = c.post(url, {"username": client.user.username, "role": "central_officer", "unit": ""})
    assert response.status_code == 403
    account = User.objects.get(pk=client.user_id)
    assert (account.role, account.unit_id) == ("viewer", cast.province.pk)


def test_a_persons_account_is_still_changed_and_given_a_password(cast, login):
    c = login(cast.admin)
    url = f"/admin/ocop/user/{cast.commune_officer.pk}/password/"
    response = c.post(url, {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"})
    assert response.status_code == 302


def test_a_service_account_with_a_password_does_not_sign_in_on_the_web(cast, client, rf):
    api_client, _token = make_client(cast, "province_write")
    account = User.objects.get(pk=api_client.user_id)
    account.set_password(PASSWORD)  # as the admin did before it refused to
    account.save(update_fields=["password"])
    assert authenticate(rf.post("/accounts/login/"), username=account.username, password=PASSWORD) is None
    response = client.post("/accounts/login/", {"username": account.username, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # A person's account signs in as before.
    person = cast.commune_officer
    person.set_password(PASSWORD)
    person.save(update_fields=["password"])
    assert authenticate(rf.post("/accounts/login/"), username=person.username, password=PASSWORD) == person
