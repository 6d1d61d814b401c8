"""The rule's unique index (see 0019, which filled the issuer copies). Its own migration: on PostgreSQL an index is not
built in the transaction that has just updated every certificate (its foreign keys' checks are still pending)."""

import django.db.models.functions.datetime
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0019_certificate_issuer_name"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.UniqueConstraint(models.F('issuer_name'), models.F('number'), django.db.models.functions.datetime.ExtractYear('issued_on'), condition=models.Q(('is_historic', True), models.Q(('issuer_name', ''), _negated=True)), name='certificate_historic_number_unique_per_issuer_year', violation_error_message='Cơ quan này đã có giấy chứng nhận mang số này trong năm đó.'),
        ),
    ]
