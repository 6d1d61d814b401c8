"""Mẫu 01 receipt numbers now come from ocop.Counter; carry the current values over."""

from django.db import migrations


def copy_counters(apps, schema_editor):
    Old = apps.get_model("evaluation", "FormNumberCounter")
    Counter = apps.get_model("ocop", "Counter")
    for row in Old.objects.all():
        Counter.objects.update_or_create(key=f"form-number:{row.commune_id}:{row.year}", defaults={"value": row.value})


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0015_registration_result_notified_status"), ("ocop", "0003_counter")]

    operations = [
        migrations.RunPython(copy_counters, migrations.RunPython.noop),
        migrations.DeleteModel(name="FormNumberCounter"),
    ]
