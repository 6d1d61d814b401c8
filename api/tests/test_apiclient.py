"""Issuing, rotating and revoking a client's token (services and admin actions)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from api.models import ApiClient
from api.services import apiclient_create, apiclient_revoke, apiclient_rotate
from ocop.choices import Role
from ocop.models import AuditEvent

from .factories import make_client

pytestmark = pytest.mark.django_db


def test_the_token_is_stored_only_as_its_sha256(cast):
    client, token = make_client(cast, "province_read")
    client.refresh_from_db()
    assert token.startswith("ocop_") and len(token) > 40
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(v) for v in ApiClient.objects.filter(pk=client.pk).values().get().values()]
    assert token not in stored
    assert not client.user.has_usable_password()


@pytest.mark.parametrize(
    "scope,role,unit",
    [
        ("province_read", Role.VIEWER, "province"),
        ("province_write", Role.PROVINCE_OFFICER, "province"),
        ("national_read", Role.CENTRAL_OFFICER, None),
        ("national_write", Role.CENTRAL_OFFICER, None),
    ],
)
def test_the_service_account_carries_the_scope(cast, scope, role, unit):
    client, _token = make_client(cast, scope)
    assert client.user.role == role
    assert client.user.unit == (getattr(cast, unit) if unit else None)


def test_a_client_needs_a_name_and_a_current_province(cast):
    with pytest.raises(ValidationError):
        apiclient_create(name="  ", province=None, access="read", by=cast.admin)
    with pytest.raises(ValidationError):
        apiclient_create(name="Sàn TMĐT", province=cast.commune, access="read", by=cast.admin)
    with pytest.raises(ValidationError):
        apiclient_create(name="Sàn TMĐT", province=None, access="all", by=cast.admin)


def test_rotation_stops_the_old_token_at_once(api, cast):
    caller = api.as_("province_read")
    old = caller.token
    new = apiclient_rotate(client=caller.api_client, by=cast.admin)
    assert new != old
    assert caller.get(reverse("api:producer_list")).status_code == 401
    caller.token = new
    assert caller.get(reverse("api:producer_list")).status_code == 200
    assert AuditEvent.objects.filter(action="apiclient.rotate", target_id=str(caller.api_client.pk)).exists()


def test_revocation_is_final(api, cast):
    caller = api.as_("province_read")
    apiclient_revoke(client=caller.api_client, by=cast.admin)
    assert caller.get(reverse("api:producer_list")).status_code == 401
    with pytest.raises(ValidationError):
        apiclient_rotate(client=caller.api_client, by=cast.admin)
    with pytest.raises(ValidationError):
        apiclient_revoke(client=caller.api_client, by=cast.admin)
    caller.api_client.user.refresh_from_db()
    assert not caller.api_client.user.is_active
    assert AuditEvent.objects.filter(action="apiclient.revoke").count() == 1


def test_the_admin_creates_a_client_and_shows_the_token_once(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("admin:api_apiclient_add"),
        {"name": "Cơ sở dữ liệu OCOP quốc gia", "province": "", "access": "read"},
        follow=True,
    )
    assert response.status_code == 200
    created = ApiClient.objects.get(name="Cơ sở dữ liệu OCOP quốc gia")
    shown = [str(m) for m in response.context["messages"] if "ocop_" in str(m)]
    assert len(shown) == 1
    token = shown[0].rsplit(": ", 1)[1]
    assert hashlib.sha256(token.encode()).hexdigest() == created.token_hash
    assert AuditEvent.objects.filter(action="apiclient.create", target_id=str(created.pk)).exists()
    page = client.get(reverse("admin:api_apiclient_change", args=[created.pk])).content.decode()
    assert token not in page


def test_the_admin_actions_rotate_and_revoke(client, cast):
    api_client, token = make_client(cast, "national_read")
    client.force_login(cast.admin)
    url = reverse("admin:api_apiclient_changelist")
    response = client.post(url, {"action": "rotate_tokens", "_selected_action": [api_client.pk]}, follow=True)
    api_client.refresh_from_db()
    assert api_client.token_hash != hashlib.sha256(token.encode()).hexdigest() and api_client.rotated_at
    assert any("ocop_" in str(m) for m in response.context["messages"])
    client.post(url, {"action": "revoke_clients", "_selected_action": [api_client.pk]}, follow=True)
    api_client.refresh_from_db()
    assert api_client.revoked_at is not None


def test_only_the_system_administrator_manages_clients(client, cast):
    client.force_login(cast.province_officer)
    assert client.get(reverse("admin:api_apiclient_changelist")).status_code in (302, 403)


# Tokens have a lifetime (settings.API_TOKEN_DAYS): an expired one is refused like a revoked one, and a new token
# (the admin's rotate action) renews it.
def test_a_token_expires_after_its_lifetime_and_is_refused_with_a_problem(api, cast, settings, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    settings.API_TOKEN_DAYS = 180
    caller = api.as_("province_read")
    expected = caller.api_client.created_at + timedelta(days=180)
    assert abs(caller.api_client.token_expires_at - expected) < timedelta(minutes=1)
    time_machine.move_to(timezone.now() + timedelta(days=179))
    assert caller.get(reverse("api:producer_list")).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(days=2))
    response = caller.get(reverse("api:producer_list"))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "hết hạn" in response.json()["detail"]


def test_a_new_token_renews_an_expired_one(api, cast, settings, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    settings.API_TOKEN_DAYS = 30
    caller = api.as_("province_read")
    time_machine.move_to(timezone.now() + timedelta(days=31))
    assert caller.get(reverse("api:producer_list")).status_code == 401
    caller.token = apiclient_rotate(client=caller.api_client, by=cast.admin)
    assert abs(caller.api_client.token_expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert caller.get(reverse("api:producer_list")).status_code == 200
    event = AuditEvent.objects.get(action="apiclient.rotate")
    assert event.changes["token_expires_at"] == caller.api_client.token_expires_at.isoformat()


def test_the_admin_shows_when_each_token_expires(client, cast):
    api_client, _token = make_client(cast, "province_read")
    client.force_login(cast.admin)
    listing = client.get(reverse("admin:api_apiclient_changelist")).content.decode()
    assert "column-token_expires_at" in listing
    page = client.get(reverse("admin:api_apiclient_change", args=[api_client.pk])).content.decode()
    assert "field-token_expires_at" in page and "mã hết hạn lúc" in page.lower()
    response = client.post(
        reverse("admin:api_apiclient_changelist"),
        {"action": "rotate_tokens", "_selected_action": [api_client.pk]},
        follow=True,
    )
    assert any("hết hạn ngày" in str(m) for m in response.context["messages"])


def test_the_documentation_says_how_long_a_token_works(api, settings):
    settings.API_TOKEN_DAYS = 90
    for language, words in (("vi", "dùng được 90 ngày"), ("en", "works for 90 days")):
        response = api.as_(None).get(reverse("api:schema"), {"format": "json", "lang": language})
        scheme = response.json()["components"]["securitySchemes"]["clientToken"]
        assert words in scheme["description"]
