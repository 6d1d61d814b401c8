"""Tokens get a lifetime (settings.API_TOKEN_DAYS). A token issued before has its lifetime counted from when it was
issued (its last rotation, or the client's creation), but keeps working at least 30 days after this migration: the
clients' operators have that long to ask for a new one, rather than being cut off on the day of the upgrade."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

GRACE = timedelta(days=30)


def fill_expiry(apps, schema_editor):
    ApiClient = apps.get_model("api", "ApiClient")
    lifetime = timedelta(days=getattr(settings, "API_TOKEN_DAYS", 180))
    floor = timezone.now() + GRACE
    for client in ApiClient.objects.filter(token_expires_at__isnull=True).only("created_at", "rotated_at"):
        issued = client.rotated_at or client.created_at
        client.token_expires_at = max(issued + lifetime, floor)
        client.save(update_fields=["token_expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="apiclient",
            name="token_expires_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="mã hết hạn lúc"),
        ),
        migrations.RunPython(fill_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apiclient",
            name="token_expires_at",
            field=models.DateTimeField(editable=False, verbose_name="mã hết hạn lúc"),
        ),
    ]
