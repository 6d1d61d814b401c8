"""A receipt address for each complaint recorded before the forms carried a one-time token (0009): its own new
token, which its receipt (/phan-anh/<token>/) and a sending again of it lead to, as for the complaints since. Nobody
holds the address of such a receipt yet; the office still finds the complaint by its code (PA-000123)."""

import uuid

from django.db import migrations


def backfill(apps, schema_editor):
    Complaint = apps.get_model("supervision", "Complaint")
    while batch := list(Complaint.objects.filter(submission__isnull=True).only("pk")[:500]):
        for complaint in batch:
            complaint.submission = uuid.uuid4()
        Complaint.objects.bulk_update(batch, ["submission"])


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0010_remedy_reports"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
