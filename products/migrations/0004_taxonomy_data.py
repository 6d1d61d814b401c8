from django.db import migrations

from products.taxonomy import taxonomy_load


def load(apps, schema_editor):
    taxonomy_load(apps)


class Migration(migrations.Migration):
    dependencies = [("products", "0003_legacy_sector")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
