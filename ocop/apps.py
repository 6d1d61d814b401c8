from django.apps import AppConfig


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
