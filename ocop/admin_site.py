"""The admin site (settings: `ocop.apps.OcopAdminConfig`). It is the system administrator's only: a staff account
of another role is refused at the site's door, whatever model permissions it may have been granted, since the
records there are not filtered by the app's rules of who sees which province. Every ModelAdmin of the project
says the same (`ocop.admin.SysadminOnlyAdmin`); the site's check covers the third-party ones too (groups,
django-axes)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import AdminLoginForm
from .permissions import is_sysadmin


class OcopAdminSite(admin.AdminSite):
    login_form = AdminLoginForm  # the username's length checked, as on the app's own sign-in page
    site_header = _("Quản trị hệ thống OCOP")  # Django's own reads "Django administration"
    site_title = _("Quản trị hệ thống OCOP")

    def has_permission(self, request):
        return super().has_permission(request) and is_sysadmin(request.user)
