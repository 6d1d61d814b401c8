"""Verification visits are counted per certificate and day instead of one row per visit (issue 11.16);
the rows recorded so far are folded into the daily counts (days in Asia/Ho_Chi_Minh)."""

import zoneinfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fold_visits(apps, schema_editor):
    Visit = apps.get_model("certificates", "VerificationVisit")
    Day = apps.get_model("certificates", "VerificationDay")
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    counts = {}
    for certificate_id, at in Visit.objects.values_list("certificate_id", "at").iterator():
        key = (certificate_id, at.astimezone(tz).date())
        counts[key] = counts.get(key, 0) + 1
    Day.objects.bulk_create(
        [Day(certificate_id=c, day=d, count=n) for (c, d), n in counts.items()], batch_size=1000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0008_drop_job_models'),
    ]

    operations = [
        migrations.CreateModel(
            name='VerificationDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='ngày')),
                ('count', models.PositiveIntegerField(default=0, verbose_name='lượt xác minh')),
                ('certificate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='visit_days', to='certificates.certificate')),
            ],
            options={
                'verbose_name': 'lượt xác minh theo ngày',
                'verbose_name_plural': 'lượt xác minh theo ngày',
            },
        ),
        migrations.AddIndex(
            model_name='verificationday',
            index=models.Index(fields=['day'], name='certificate_day_f94ee2_idx'),
        ),
        migrations.AddConstraint(
            model_name='verificationday',
            constraint=models.UniqueConstraint(fields=('certificate', 'day'), name='verificationday_unique'),
        ),
        migrations.RunPython(fold_visits, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='VerificationVisit',
        ),
    ]
