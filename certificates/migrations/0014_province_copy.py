"""Issue 15: a certificate keeps its own copy of its product's province (`province`, kept by
`ocop.models.keep_province` and `products.services.province_refresh`), filled here. The certificate list's order
(issue date, then the product name in Vietnamese order; 0012) and the expiry list's (0013) get indexes that start
with the province."""

import django.db.models.deletion
from django.db import migrations, models

FILL = [
    "UPDATE certificates_certificate SET province_id = (SELECT p.province_id FROM products_product p WHERE p.id = certificates_certificate.product_id)",
]
ORDER_INDEXES = {  # PostgreSQL only: SQLite has no ICU collation and orders these lists in memory
    "certificate_province_issued_name_vi": 'CREATE INDEX IF NOT EXISTS certificate_province_issued_name_vi ON certificates_certificate (province_id, issued_on DESC, (product_name COLLATE "vi-x-icu"))',
    "certificate_province_expiry_order": "CREATE INDEX IF NOT EXISTS certificate_province_expiry_order ON certificates_certificate (province_id, (CASE WHEN status = 'expired' THEN 1 ELSE 0 END), (CASE WHEN status = 'expired' THEN valid_until END) DESC NULLS LAST, valid_until, id)",
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
        ("certificates", "0013_expiry_order_index"),
        ("evaluation", "0018_registration_list_order_index"),
        ("ocop", "0007_backgroundjob_kind_report"),
        ("products", "0009_province_copy"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
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
            model_name="certificate",
            index=models.Index(fields=["province", "id"], name="certificate_province_id"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_order_indexes, drop_order_indexes, elidable=False),
    ]
