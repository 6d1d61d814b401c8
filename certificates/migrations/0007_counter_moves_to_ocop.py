"""Certificate numbers now come from ocop.Counter; carry the current values over."""

from django.db import migrations


def copy_counters(apps, schema_editor):
    Old = apps.get_model("certificates", "CertificateCounter")
    Counter = apps.get_model("ocop", "Counter")
    for row in Old.objects.all():
        Counter.objects.update_or_create(key=f"certificate:{row.key}", defaults={"value": row.value})


class Migration(migrations.Migration):
    dependencies = [("certificates", "0006_historic_certificate_numbers"), ("ocop", "0003_counter")]

    operations = [
        migrations.RunPython(copy_counters, migrations.RunPython.noop),
        migrations.DeleteModel(name="CertificateCounter"),
    ]
