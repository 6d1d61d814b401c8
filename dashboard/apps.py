from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Tổng quan")

    def ready(self):
        from ocop import hooks as ocop_hooks

        from .choices import audit_vocabulary

        ocop_hooks.audit_vocabulary.provide(audit_vocabulary)
