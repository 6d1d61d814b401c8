"""Every complaint has its form's token now (0011 gave the older ones theirs): the column is required, so a complaint
without a receipt address cannot be recorded again, from a shell, the admin or a later migration."""

import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0011_complaint_submission_backfill'),
    ]

    operations = [
        migrations.AlterField(
            model_name='complaint',
            name='submission',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='lần gửi'),
        ),
    ]
