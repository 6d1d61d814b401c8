"""Issue 15, PostgreSQL only (a no-op on SQLite):

- the expiry list and its counts ask, for each expired certificate, whether the product has a later live one
  (`_renewed()`: product, status, valid_until): without an index on them that EXISTS re-scanned 18,000 index
  entries per row when statistics were missing;
- the certificate list is ordered by issue date (newest first), then the product name in Vietnamese order.
"""

from django.db import migrations

INDEXES = [
    "CREATE INDEX IF NOT EXISTS certificate_product_status_until ON certificates_certificate "
    "(product_id, status, valid_until)",
    "CREATE INDEX IF NOT EXISTS certificate_issued_name_vi ON certificates_certificate "
    '(issued_on DESC, (product_name COLLATE "vi-x-icu"))',
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in INDEXES:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in ("certificate_product_status_until", "certificate_issued_name_vi"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("certificates", "0011_certificate_updated_at")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
