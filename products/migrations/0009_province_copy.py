"""Issue 15: producers and products keep their own copy of their commune's province (`province`, kept by
`ocop.models.keep_province` and `products.services.province_refresh`), filled here from the commune. A province
officer's lists then read their province's rows through an index that starts with it, in the list's own order
(PostgreSQL: the name in Vietnamese order), instead of walking the whole country's rows in that order and joining
each to its commune to drop the other 33 provinces'."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FILL = [
    "UPDATE products_producer SET province_id = (SELECT u.parent_id FROM ocop_administrativeunit u WHERE u.id = products_producer.commune_id)",
    "UPDATE products_product SET province_id = (SELECT p.province_id FROM products_producer p WHERE p.id = products_product.producer_id)",
]
ORDER_INDEXES = {  # PostgreSQL only: SQLite has no ICU collation and orders these lists in memory
    "producer_province_name_vi": 'CREATE INDEX IF NOT EXISTS producer_province_name_vi ON products_producer (province_id, (name COLLATE "vi-x-icu"), id)',
    "product_province_name_vi": 'CREATE INDEX IF NOT EXISTS product_province_name_vi ON products_product (province_id, (name COLLATE "vi-x-icu"), id)',
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
        ("ocop", "0007_backgroundjob_kind_report"),
        ("products", "0008_national_scale_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="producer",
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
        migrations.AddField(
            model_name="product",
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
            model_name="producer",
            index=models.Index(fields=["province", "id"], name="producer_province_id"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["province", "id"], name="product_province_id"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_order_indexes, drop_order_indexes, elidable=False),
    ]
