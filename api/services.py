"""Writes of the API app: integration clients (issue, rotate, revoke a token) and the audit row of each call.

A client's token is `ocop_` + 43 URL-safe characters (256 random bits); only its SHA-256 is stored, so a leaked
database does not leak a usable token, and a lookup is one indexed equality (no slow hash is needed for a secret
of that entropy)."""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.choices import Role, UnitEra, UnitLevel
from ocop.emails import absolute_url, send_templated_to
from ocop.models import AdministrativeUnit, User
from ocop.permissions import sysadmins
from ocop.phrases import Phrase
from ocop.services import audit_record, notify, outbox_enqueue
from ocop.text import nfc

from .choices import ClientAccess
from .models import ApiClient

TOKEN_PREFIX = "ocop_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_expiry(now=None):
    """When a token issued now stops working (settings.API_TOKEN_DAYS)."""
    return (now or timezone.now()) + timedelta(days=settings.API_TOKEN_DAYS)


def _service_role(*, province: AdministrativeUnit | None, access: str) -> str:
    """The role of the client's service account, which decides what the app's scopes and services let it do:
    a province's read client reads like the province's viewer, a read-write one works like its OCOP officer;
    a national client reads (and writes) like a central officer. The API itself refuses every write of a read
    client (api.permissions.ClientScope) before any service is reached."""
    if province is None:
        return Role.CENTRAL_OFFICER
    return Role.PROVINCE_OFFICER if access == ClientAccess.READ_WRITE else Role.VIEWER


@transaction.atomic
def apiclient_create(*, name: str, province: AdministrativeUnit | None, access: str, by: User) -> tuple[ApiClient, str]:
    """A new client and its token (returned once, to be shown once)."""
    name = " ".join(nfc(name).split())
    if not name:
        raise ValidationError({"name": _("Nhập tên ứng dụng tích hợp.")})
    if access not in ClientAccess.values:
        raise ValidationError({"access": _("Quyền không hợp lệ.")})
    if province is not None and (province.level != UnitLevel.PROVINCE or province.era != UnitEra.CURRENT):
        raise ValidationError({"province": _("Chọn một tỉnh, thành phố hiện nay.")})
    account = User(
        username=f"api-{uuid.uuid4().hex[:16]}",
        role=_service_role(province=province, access=access),
        unit=province,
        organisation=name[:200],
    )
    account.set_full_name(f"API: {name}")
    account.set_unusable_password()  # the account never signs in to the web; only the token opens the API
    account.full_clean()
    account.save()
    token = _new_token()
    client = ApiClient(
        name=name[:200],
        province=province,
        access=access,
        user=account,
        token_hash=token_hash(token),
        token_prefix=token[: len(TOKEN_PREFIX) + 6],
        token_expires_at=token_expiry(),
        created_by=by if by and by.pk else None,
    )
    client.full_clean()
    client.save()
    audit_record(
        actor=by,
        action="apiclient.create",
        target=client,
        changes={"name": name, "province": province.pk if province else None, "access": access},
    )
    return client, token


@transaction.atomic
def apiclient_rotate(*, client: ApiClient, by: User) -> str:
    """A new token for a live client, with a new lifetime (settings.API_TOKEN_DAYS): the old one stops working at
    once. This is also how an expired token is renewed."""
    token = _new_token()
    now = timezone.now()
    moved = ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        token_hash=token_hash(token),
        token_prefix=token[: len(TOKEN_PREFIX) + 6],
        rotated_at=now,
        token_expires_at=token_expiry(now),
        token_expiry_warned_at=None,  # the new token is warned of in its own time
    )
    if moved != 1:
        raise ValidationError(_("Ứng dụng này đã bị thu hồi quyền truy cập; không đổi mã được."))
    client.refresh_from_db()
    audit_record(
        actor=by,
        action="apiclient.rotate",
        target=client,
        changes={"token_expires_at": client.token_expires_at.isoformat()},
    )
    return token


@transaction.atomic
def apiclient_revoke(*, client: ApiClient, by: User) -> ApiClient:
    """Revoke a client for good: its token stops working and its service account is deactivated."""
    moved = ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if moved != 1:
        raise ValidationError(_("Ứng dụng này đã bị thu hồi quyền truy cập."))
    User.objects.filter(pk=client.user_id).update(is_active=False)
    client.refresh_from_db()
    audit_record(actor=by, action="apiclient.revoke", target=client)
    return client


def apiclients_expiring(*, now=None):
    """Live clients (not revoked) whose token has not expired yet but will within settings.API_TOKEN_WARN_DAYS."""
    now = now or timezone.now()
    return ApiClient.objects.filter(
        revoked_at__isnull=True,
        token_expires_at__gt=now,
        token_expires_at__lte=now + timedelta(days=settings.API_TOKEN_WARN_DAYS),
    )


@transaction.atomic
def apiclients_warn_expiring(*, now=None) -> list[int]:
    """The daily warning (beat: api-tokens-warn-expiring; manage.py warn_expiring_tokens): the clients whose token
    came within API_TOKEN_WARN_DAYS of its expiry and were not warned of for this token are claimed (compare-and-swap
    on token_expiry_warned_at, so a rerun, a retry or two workers warn of each token once; a new token clears it),
    and one e-mail listing them goes to the system administrators, queued through the outbox in the same transaction
    so that a claim is never left without its mail. Once per token rather than every day until it is renewed: a
    daily repeat of the same list is the noise people learn to ignore, and the admin's list keeps showing the days
    left. Returns the ids of the clients warned of now."""
    now = now or timezone.now()
    ids = list(
        apiclients_expiring(now=now)
        .filter(token_expiry_warned_at__isnull=True)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return []
    ApiClient.objects.filter(pk__in=ids, token_expiry_warned_at__isnull=True).update(token_expiry_warned_at=now)
    audit_record(actor=None, action="apiclient.expiry_warned", changes={"client_ids": ids})
    from .tasks import apiclient_expiry_warning_send_task  # imported here: tasks import services

    outbox_enqueue(task=apiclient_expiry_warning_send_task, args=[ids])
    return ids


def apiclient_expiry_warning_send(*, client_ids: list[int]) -> list[str]:
    """E-mail the system administrators (each in their language) the clients of `client_ids` whose token is still the
    one warned of (not renewed or revoked meanwhile), with an in-app notice; returns the addresses it went to."""
    clients = list(
        ApiClient.objects.filter(pk__in=client_ids, revoked_at__isnull=True, token_expiry_warned_at__isnull=False)
        .select_related("province")
        .order_by("token_expires_at", "pk")
    )
    if not clients:
        return []
    admins = list(sysadmins())
    path = reverse("admin:api_apiclient_changelist")
    sent = send_templated_to(
        "api_token_expiring", users=admins, context={"clients": clients, "list_url": absolute_url(path)}
    )
    notify(
        users=admins,
        url=path,
        message=Phrase.counted(
            "%(n)s ứng dụng tích hợp có mã truy cập sắp hết hạn: hãy cấp mã mới trước ngày %(day)s.",
            "%(n)s ứng dụng tích hợp có mã truy cập sắp hết hạn: hãy cấp mã mới trước ngày %(day)s.",
            "n",
            n=len(clients),
            day=f"{timezone.localdate(clients[0].token_expires_at):%d/%m/%Y}",
        ),
    )
    return sent


def api_call_record(
    *, client: ApiClient, method: str, path: str, status: int, query: str = "", throttled_for: int | None = None
) -> None:
    """One audit row per call of a client (one INSERT; the content type is cached by Django). A call the throttle
    refused is recorded only as the first of its window (api.throttles.refusal_window_to_record): `throttled_for` is
    the window's length in seconds, during which the client's other refused calls leave no row."""
    changes = {"query": query[:300]} if query else {}
    if throttled_for is not None:
        changes["throttled_for_seconds"] = throttled_for
    audit_record(
        actor=client.user,
        action="api.call",
        target=client,
        summary=f"{method} {path} {status}",
        changes=changes or None,
    )
