from django.apps import AppConfig


class OcopConfig(AppConfig):
    name = "ocop"
    verbose_name = "OCOP"

    def ready(self):
        from . import hooks, signals  # noqa: F401 - signals connects the audit receivers of authentication events
        from .choices import audit_vocabulary

        hooks.audit_vocabulary.provide(audit_vocabulary)
