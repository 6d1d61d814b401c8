"""Issue 12 item 9: store each person's name as Vietnamese write it (họ, tên đệm, tên) and sort by tên.

Existing users: Django's pair (first_name = tên, last_name = họ và tên đệm) becomes "last first"; a whole
name typed into first_name alone (producer accounts made from the contact person) is taken as written.
first_name/last_name are then reset to the tên and the họ + tên đệm of that full name."""

import unicodedata

from django.db import migrations, models


def _full_name(first: str, last: str) -> str:
    first, last = " ".join(first.split()), " ".join(last.split())
    if not last:
        return first  # a whole name typed into first_name, in Vietnamese order already
    return f"{last} {first}".strip()


def forwards(apps, schema_editor):
    User = apps.get_model("ocop", "User")
    for user in User.objects.only("pk", "first_name", "last_name").iterator():
        full = unicodedata.normalize("NFC", _full_name(user.first_name, user.last_name))
        words = full.split()
        last, first = (" ".join(words[:-1]), words[-1]) if words else ("", "")
        User.objects.filter(pk=user.pk).update(full_name=full, first_name=first[:150], last_name=last[:150])


def backwards(apps, schema_editor):
    pass  # first_name/last_name still hold the parts; dropping full_name loses nothing


class Migration(migrations.Migration):
    dependencies = [
        ("ocop", "0004_calendar_exception"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="full_name",
            field=models.CharField(blank=True, max_length=300, verbose_name="họ và tên"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
