from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class OcopConfig(AppConfig):
    name = "ocop"
    verbose_name = "OCOP"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import hooks, signals  # noqa: F401 - signals connects the audit receivers of authentication events
        from .choices import audit_vocabulary
        from .db import sqlite_vietnamese_collation

        connection_created.connect(sqlite_vietnamese_collation, dispatch_uid="ocop.sqlite_vietnamese_collation")

        hooks.audit_vocabulary.provide(audit_vocabulary)


class AxesConfig(axes_apps.AppConfig):
    """django-axes under a name the system administrator reads in the admin's list of apps (its own is "Axes")."""

    default = False  # (ocop's app is OcopConfig above)
    verbose_name = _("Đăng nhập sai (django-axes)")


class OcopAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the project's site, the system administrator's only (ocop.admin_site)."""

    default = False  # (ocop's app is OcopConfig above)
    default_site = "ocop.admin_site.OcopAdminSite"
