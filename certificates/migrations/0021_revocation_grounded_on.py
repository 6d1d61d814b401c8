"""A revocation keeps the day of the finding its proposal rests on (Điều 8.4: a competent authority's conclusion, the
OCOP office's inspection conclusion, the commune's confirmation that production stopped): its decision is not dated
before it. Supervision, which keeps those findings, fills it on the revocations already on record
(supervision 0007)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0020_certificate_historic_number_per_issuer_year"),
    ]

    operations = [
        migrations.AddField(
            model_name="revocation",
            name="grounded_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày kết luận hoặc xác nhận làm căn cứ"),
        ),
    ]
