from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API tích hợp")

    def ready(self):
        from ocop import hooks as ocop_hooks

        from . import schema  # noqa: F401 — registers the bearer-token scheme with drf-spectacular
        from .choices import audit_vocabulary

        ocop_hooks.audit_vocabulary.provide(audit_vocabulary)
