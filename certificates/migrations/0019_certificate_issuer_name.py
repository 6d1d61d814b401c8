"""A historic certificate's typed number names one certificate of its issuer in its year (the public verification page
looks certificates up by number): each certificate keeps a copy of its decision's issuer, filled here, and a unique
index on (issuer, number, year of issue) holds the rule for the historic ones (the system's own are unique already).

What was recorded before the rule is kept as recorded: where an issuer's number of a year is already on several
historic certificates (the demo seeded "2024-NR-015" twice on some days), the first keeps its issuer copy and the later
ones are left with none, so that the index can be built; they are listed for the operator to check against the paper
certificates. New duplicates are refused (certificate_record_historic, and the index)."""

import sys

from django.db import migrations, models
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import ExtractYear


def fill(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    RecognitionDecision = apps.get_model("certificates", "RecognitionDecision")
    Certificate.objects.update(
        issuer_name=Subquery(RecognitionDecision.objects.filter(pk=OuterRef("decision_id")).values("issuer_name")[:1])
    )
    clashes = (
        Certificate.objects.filter(is_historic=True)
        .values("issuer_name", "number", year=ExtractYear("issued_on"))
        .annotate(count=Count("id"), first=Min("id"))
        .filter(count__gt=1)
    )
    for clash in clashes:
        later = Certificate.objects.filter(
            is_historic=True, issuer_name=clash["issuer_name"], number=clash["number"], issued_on__year=clash["year"]
        ).exclude(pk=clash["first"])
        ids = sorted(later.values_list("pk", flat=True))
        later.update(issuer_name="")
        sys.stdout.write(
            f"\n  Historic certificate number {clash['number']} of {clash['issuer_name']} ({clash['year']}) is on "
            f"certificates {[clash['first'], *ids]}: kept as recorded; check them against the paper certificates."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0018_verbose_names'),
        ('evaluation', '0027_verbose_names'),
        ('ocop', '0015_verbose_names'),
        ('products', '0011_verbose_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='certificate',
            name='issuer_name',
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name='cơ quan ban hành'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
