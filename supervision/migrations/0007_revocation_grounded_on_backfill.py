"""The day of the finding each revocation on record rests on (certificates 0021), from the revocation case of its
certificate: the case opens on that very day (the inspection's conclusion, the competent authority's or the commune's
confirmation: RevocationCase.opened_on, from which the 15 days of Điều 8.4 run) and stays put while a proposal is
pending or issued (a case is neither closed nor given another conclusion then). A revocation with no case (recorded
before supervision, or issued in one step before four eyes) stays empty: its proposal's day still bounds its
decision."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Revocation = apps.get_model("certificates", "Revocation")
    RevocationCase = apps.get_model("supervision", "RevocationCase")
    opened_on = RevocationCase.objects.filter(certificate_id=OuterRef("certificate_id")).values("opened_on")[:1]
    Revocation.objects.filter(grounded_on__isnull=True).update(grounded_on=Subquery(opened_on))


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0021_revocation_grounded_on"),
        ("supervision", "0006_inspection_once_per_plan_by_product"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
