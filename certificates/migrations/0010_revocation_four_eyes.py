"""Four eyes on revocation (issue 12.10): a revocation is proposed by one officer and issued by another.
Revocations already on record were issued in one step: they become "issued", proposed by their issuer."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    Revocation = apps.get_model("certificates", "Revocation")
    Revocation.objects.filter(proposed_by__isnull=True).update(
        status="issued", proposed_by=F("revoked_by"), proposed_at=F("created_at"), issued_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0009_verification_day"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="revocation",
            name="issued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ngày ban hành"),
        ),
        migrations.AddField(
            model_name="revocation",
            name="proposed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ngày đề xuất"),
        ),
        migrations.AddField(
            model_name="revocation",
            name="proposed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người đề xuất",
            ),
        ),
        migrations.AddField(
            model_name="revocation",
            name="status",
            # Every row already on record is an issued revocation; new rows default to "proposed" below.
            field=models.CharField(
                choices=[("proposed", "Đề xuất, chờ ban hành"), ("issued", "Đã ban hành")],
                default="issued",
                max_length=10,
                verbose_name="trạng thái",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="revocation",
            name="status",
            field=models.CharField(
                choices=[("proposed", "Đề xuất, chờ ban hành"), ("issued", "Đã ban hành")],
                default="proposed",
                max_length=10,
                verbose_name="trạng thái",
            ),
        ),
        migrations.AlterField(
            model_name="revocation",
            name="certificate",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revocation",
                to="certificates.certificate",
                verbose_name="giấy chứng nhận",
            ),
        ),
        migrations.AlterField(
            model_name="revocation",
            name="decision_date",
            field=models.DateField(blank=True, null=True, verbose_name="ngày quyết định thu hồi"),
        ),
        migrations.AlterField(
            model_name="revocation",
            name="decision_number",
            field=models.CharField(blank=True, max_length=60, verbose_name="số quyết định thu hồi"),
        ),
        migrations.AlterField(
            model_name="revocation",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người ban hành",
            ),
        ),
        migrations.AddConstraint(
            model_name="revocation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "proposed"),
                    models.Q(("decision_date__isnull", False), models.Q(("decision_number", ""), _negated=True)),
                    _connector="OR",
                ),
                name="revocation_issued_has_decision",
                violation_error_message="Quyết định thu hồi đã ban hành phải có số và ngày.",
            ),
        ),
    ]
