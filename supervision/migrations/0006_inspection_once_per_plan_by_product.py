"""A product is in a plan once, whichever of its certificates (the unique index moves from (plan, certificate) to
(plan, product)). Before the rule a product re-certified during a plan could be planned again under its new
certificate: such inspections are real records, so they are neither merged nor moved out of their plan here. The
migration stops, naming them, for the OCOP office to cancel or move the extra ones (the plan's page) before
migrating again."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count


def refuse_products_planned_twice(apps, schema_editor):
    Inspection = apps.get_model("supervision", "Inspection")
    twice = (
        Inspection.objects.filter(plan__isnull=False)
        .values("plan_id", "product_id")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
    )
    lines = [
        f"  plan {row['plan_id']}, product {row['product_id']}: inspections "
        f"{sorted(Inspection.objects.filter(plan_id=row['plan_id'], product_id=row['product_id']).values_list('pk', flat=True))}"
        for row in twice
    ]
    if lines:
        raise RuntimeError(
            "A product is planned more than once in a supervision plan; keep one inspection of each and cancel or "
            "move the others, then migrate again:\n" + "\n".join(lines)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0020_certificate_historic_number_per_issuer_year'),
        ('products', '0011_verbose_names'),
        ('supervision', '0005_verbose_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_products_planned_twice, migrations.RunPython.noop, elidable=False),
        migrations.RemoveConstraint(
            model_name='inspection',
            name='inspection_once_per_plan',
        ),
        migrations.AddConstraint(
            model_name='inspection',
            constraint=models.UniqueConstraint(condition=models.Q(('plan__isnull', False)), fields=('plan', 'product'), name='inspection_once_per_plan', violation_error_message='Sản phẩm này đã có trong kế hoạch.'),
        ),
    ]
