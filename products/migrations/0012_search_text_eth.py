"""Fold again the search keys stored with "ð", the Icelandic eth a keyboard set to another language or a legacy font
converter gives for "đ": ocop.text.strip_accents now folds it to "d", as it folds "đ", so a key kept with "ð" would
match no search at all. Search keys are lower case (ocop.text.fold): only "ð" can be stored."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace


def fold_eth(apps, schema_editor):
    for model in ("Producer", "Product"):
        rows = apps.get_model("products", model).objects.filter(search_text__contains="ð")
        rows.update(search_text=Replace("search_text", Value("ð"), Value("d")))


class Migration(migrations.Migration):
    dependencies = [("products", "0011_verbose_names")]

    operations = [migrations.RunPython(fold_eth, migrations.RunPython.noop, elidable=True)]
