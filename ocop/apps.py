from django.apps import AppConfig


class OcopConfig(AppConfig):
    name = "ocop"
    verbose_name = "OCOP"

    def ready(self):
        from . import signals  # noqa: F401 - connects the audit receivers of authentication events
