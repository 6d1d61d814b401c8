from axes import admin as axes_admin  # (registers its admin pages first: replaced below)
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import (
    AdministrativeUnit,
    AuditEvent,
    BackgroundJob,
    CalendarException,
    OutboxMessage,
    User,
    vi_name_order,
)
from .permissions import is_sysadmin, role_unit_error
from .security import login_failures_clear
from .selectors import audit_vocabulary
from .services import (
    USER_ACCESS_FIELDS,
    audit_record,
    audit_value,
    model_changes,
    user_access_changed,
    user_sessions_end,
)


class SysadminOnlyAdmin(admin.ModelAdmin):
    """The admin is for system administrators only (reference data); everyone else works in the app."""

    def _is_sysadmin(self, request) -> bool:
        return is_sysadmin(request.user)

    def has_module_permission(self, request):
        return self._is_sysadmin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_sysadmin(request)

    def has_add_permission(self, request, obj=None):
        return self._is_sysadmin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_sysadmin(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_sysadmin(request)


class ReadOnly:
    """An admin page or inline that adds, changes and deletes nothing."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, SysadminOnlyAdmin):
    """Workflow records: every write goes through a service (state guard, audit row), never the admin."""


# What else an administrator may correct on an account, recorded as "user.update" (old → new) like the keepers' own
# corrections (accounts.services.account_update).
USER_DETAIL_FIELDS = ("full_name", "email", "username", "phone", "organisation", "language")


class _RoleUnitChecked:
    """An account form of the admin that refuses a unit the role cannot work for (ocop.permissions.role_unit_error),
    as the account pages do: the admin saved a commune officer of a whole province, or a province officer of a
    province abolished in 2025."""

    def clean(self):
        cleaned = super().clean()
        if "role" in self.fields and "unit" in self.fields and "role" in cleaned and "unit" not in self.errors:
            error = role_unit_error(role=cleaned["role"], unit=cleaned.get("unit"))
            if error:
                self.add_error("unit", error)
        return cleaned


class UserCreateAdminForm(_RoleUnitChecked, AdminUserCreationForm):
    pass


class UserChangeAdminForm(_RoleUnitChecked, UserChangeForm):
    pass


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreateAdminForm
    list_display = ("username", "full_name", "email", "role", "unit", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ("unit",)
    # The name is typed once, as Vietnamese write it; tên and họ + tên đệm are derived for sorting.
    fieldsets = tuple(
        (title, {**options, "fields": ("full_name", "email")})
        if "first_name" in options["fields"]
        else (title, options)
        for title, options in DjangoUserAdmin.fieldsets
    ) + (("OCOP", {"fields": ("role", "unit", "phone", "organisation", "language")}),)
    # The language of the account's e-mails and of its pages once signed in (ocop.emails): an administrator may set
    # it for someone who will read in English before they first choose it themselves.
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        ("OCOP", {"fields": ("full_name", "role", "unit", "email", "language")}),
    )

    def get_ordering(self, request):
        return vi_name_order()

    def has_change_permission(self, request, obj=None):
        """An integration client's service account is kept with its client (api.admin, api.services: its scope is
        the client's, revoking closes it) and never signs in on the web: read-only here. The administrator could set
        it a password (and sign in on the web as the client) or another role or unit (and the client's lists no longer
        matched its province). A lookup path, not an import: ocop sits below api."""
        if obj is not None and User.objects.filter(pk=obj.pk, api_client__isnull=False).exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Accounts are closed (is_active), never deleted: the audit trail and the decisions keep their authors."""
        return False

    def save_model(self, request, obj, form, change):
        obj.set_full_name(obj.full_name)
        # The admin wraps this in a transaction, so the audit row commits with the change (old → new).
        before = {}
        if change:
            old = User.objects.select_related("unit").get(pk=obj.pk)
            before = {name: getattr(old, name) for name in USER_ACCESS_FIELDS + USER_DETAIL_FIELDS}
        super().save_model(request, obj, form, change)
        if change:
            user_access_changed(user=obj, before=before, by=request.user)
            if before["is_active"] and not obj.is_active:
                user_sessions_end(user=obj)
            details = model_changes(obj, before, USER_DETAIL_FIELDS)
            if details:
                audit_record(
                    actor=request.user, action="user.update", target=obj, summary=obj.username, changes=details
                )
        else:
            audit_record(
                actor=request.user,
                action="user.create",
                target=obj,
                summary=obj.username,
                changes={name: [None, audit_value(getattr(obj, name))] for name in USER_ACCESS_FIELDS},
            )

    def user_change_password(self, request, id, form_url=""):
        """Django's page where an administrator sets someone's password, recorded in the trail (who set whose); the
        failed sign-ins that locked the account out are forgotten, as after a reset."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:  # the form was valid and saved
                user = User.objects.get(pk=id)
                audit_record(actor=request.user, action="auth.password_set", target=user, summary=user.username)
                login_failures_clear(username=user.get_username())
        return response


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SysadminOnlyAdmin):
    list_display = ("code", "name", "kind", "level", "era", "parent")
    list_filter = ("era", "level")
    search_fields = ("code", "name", "full_name")
    autocomplete_fields = ("parent",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "act", "target_type", "target_id", "summary")
    list_filter = ("action",)
    search_fields = ("summary", "target_id")

    @admin.display(description=_("hành động"), ordering="action")
    def act(self, event):
        """The act by the name a reader knows it (the code stays in the filter and on the row's page)."""
        return audit_vocabulary().actions.get(event.action, event.action)


@admin.register(CalendarException)
class CalendarExceptionAdmin(SysadminOnlyAdmin):
    """The government's yearly notices (nghỉ bù, hoán đổi, làm bù): reference data for ocop.workdays."""

    list_display = ("date", "change", "reference", "note")
    list_filter = ("change",)
    search_fields = ("reference", "note")
    date_hierarchy = "date"


@admin.register(BackgroundJob)
class BackgroundJobAdmin(ReadOnlyAdmin):
    list_display = ("kind", "status", "done", "total", "created_by", "created_at", "heartbeat_at", "attempts")
    list_filter = ("kind", "status")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ("task", "created_at", "sent_at", "attempts", "last_error")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)


# django-axes' logs of sign-ins and failed attempts are the record an administrator reads after an attack: its admin
# pages let them be deleted, one by one or by the list's bulk action, which would wipe the trail of whoever got in.
# They are read-only here; its lockouts (AccessAttempt) stay deletable, which is how a lockout is lifted.
class KeptAccessLogAdmin(ReadOnly, axes_admin.AccessLogAdmin):
    pass


class KeptAccessFailureLogAdmin(ReadOnly, axes_admin.AccessFailureLogAdmin):
    pass


for _model, _admin in ((AccessLog, KeptAccessLogAdmin), (AccessFailureLog, KeptAccessFailureLogAdmin)):
    admin.site.unregister(_model)
    admin.site.register(_model, _admin)
