import django.utils.timezone
from django.db import migrations, models


def from_created(apps, schema_editor):
    """Existing certificates changed last, as far as anyone knows, when they were created (a later status change
    is in status_changed_on, a date): the sync's changes feed must not report every old row as changed today."""
    Certificate = apps.get_model("certificates", "Certificate")
    Certificate.objects.update(updated_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("certificates", "0010_revocation_four_eyes")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, db_index=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(from_created, migrations.RunPython.noop),
    ]
