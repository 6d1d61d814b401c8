"""Issue 15: a registration keeps its own copy of its commune's province (`province`, kept by
`ocop.models.keep_province`), filled here. The province side's queue order (0018) gets an index that starts with
the province, so a province officer's first page is read in order from its own rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FILL = [
    "UPDATE evaluation_registration SET province_id = (SELECT u.parent_id FROM ocop_administrativeunit u WHERE u.id = evaluation_registration.commune_id)",
]
ORDER_INDEXES = {  # PostgreSQL only: SQLite has no ICU collation and orders these lists in memory
    "registration_province_queue_order": "CREATE INDEX IF NOT EXISTS registration_province_queue_order ON evaluation_registration (province_id, (CASE WHEN status IN ('forwarded', 'advisory_review') THEN 0 ELSE 1 END), (CASE WHEN status = 'submitted' THEN commune_due_on ELSE NULL END), created_at DESC, id DESC)",
}


def fill(apps, schema_editor):
    for sql in FILL:
        schema_editor.execute(sql)


def create_order_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in ORDER_INDEXES.values():
            schema_editor.execute(sql)


def drop_order_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in ORDER_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0018_registration_list_order_index"),
        ("ocop", "0007_backgroundjob_kind_report"),
        ("products", "0008_national_scale_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="province",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ocop.administrativeunit",
                verbose_name="tỉnh, thành phố (hiện nay)",
            ),
        ),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["province", "id"], name="registration_province_id"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_order_indexes, drop_order_indexes, elidable=False),
    ]
