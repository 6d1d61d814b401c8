"""Integration clients in the admin: the system administrator creates a client (the token is shown once, in the
confirmation message, with the day it expires), and rotates (renews) or revokes it with actions. Every write calls a service (audit row)."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ocop.admin import SysadminOnlyAdmin

from .models import ApiClient
from .services import apiclient_create, apiclient_revoke, apiclient_rotate


def _show_token(request, client: ApiClient, token: str) -> None:
    messages.warning(
        request,
        _("Mã truy cập của “%(name)s” (chỉ hiển thị một lần, hãy lưu lại ngay; hết hạn ngày %(expires)s): %(token)s")
        % {"name": client.name, "token": token, "expires": date_format(timezone.localdate(client.token_expires_at))},
    )


@admin.register(ApiClient)
class ApiClientAdmin(SysadminOnlyAdmin):
    list_display = [
        "name",
        "province",
        "access",
        "token_expires_at",  # before the rest: the column an administrator looks for to renew in time
        "expires_soon",
        "token_prefix",
        "created_at",
        "rotated_at",
        "revoked_at",
    ]
    list_filter = ["access", "revoked_at"]
    search_fields = ["name", "token_prefix"]
    fields = ["name", "province", "access"]
    actions = ["rotate_tokens", "revoke_clients"]

    @admin.display(description=gettext_lazy("sắp hết hạn"))
    def expires_soon(self, obj: ApiClient) -> str:
        """Within API_TOKEN_WARN_DAYS of its expiry (or past it), a live token says so in bold: renew it."""
        if obj.revoked_at is not None:
            return ""
        if obj.token_expired():
            return format_html("<strong>{}</strong>", _("đã hết hạn"))
        days = obj.token_days_left()
        if days > settings.API_TOKEN_WARN_DAYS:
            return ""
        text = _("hết hạn hôm nay") if days == 0 else ngettext("hết hạn sau %(n)s ngày", "hết hạn sau %(n)s ngày", days)
        return format_html("<strong>{}</strong>", text % {"n": days} if days else text)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "name",
            "province",
            "access",
            "user",
            "token_prefix",
            "created_by",
            "created_at",
            "rotated_at",
            "token_expires_at",
            "revoked_at",
        ]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else self.get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail points at it: revoke instead

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing is editable after creation (a new scope is a new client)
        client, token = apiclient_create(
            name=form.cleaned_data["name"],
            province=form.cleaned_data["province"],
            access=form.cleaned_data["access"],
            by=request.user,
        )
        obj.pk, obj.user_id, obj.token_prefix, obj.created_at = (
            client.pk,
            client.user_id,
            client.token_prefix,
            client.created_at,
        )
        obj._state.adding = False
        _show_token(request, client, token)

    # Renewing an expiring or expired token is this action: a new token with a new lifetime (settings.API_TOKEN_DAYS).
    @admin.action(description=gettext_lazy("Đổi mã truy cập (mã cũ hết tác dụng ngay)"))
    def rotate_tokens(self, request, queryset):
        for client in queryset:
            try:
                _show_token(request, client, apiclient_rotate(client=client, by=request.user))
            except ValidationError as exc:
                messages.error(request, f"{client}: {' '.join(exc.messages)}")

    @admin.action(description=gettext_lazy("Thu hồi quyền truy cập"))
    def revoke_clients(self, request, queryset):
        for client in queryset:
            try:
                apiclient_revoke(client=client, by=request.user)
            except ValidationError as exc:
                messages.error(request, f"{client}: {' '.join(exc.messages)}")
            else:
                messages.success(request, _("Đã thu hồi quyền truy cập của “%(name)s”.") % {"name": client.name})
