"""Product serials now come from ocop.Counter (one mechanism for every running number); carry the
current values over so no serial is ever given twice."""

from django.db import migrations


def copy_counters(apps, schema_editor):
    Old = apps.get_model("products", "ProductCodeCounter")
    Counter = apps.get_model("ocop", "Counter")
    for row in Old.objects.all():
        Counter.objects.update_or_create(key=f"product-code:{row.commune_id}", defaults={"value": row.value})


class Migration(migrations.Migration):
    dependencies = [("products", "0004_taxonomy_data"), ("ocop", "0003_counter")]

    operations = [
        migrations.RunPython(copy_counters, migrations.RunPython.noop),
        migrations.DeleteModel(name="ProductCodeCounter"),
    ]
