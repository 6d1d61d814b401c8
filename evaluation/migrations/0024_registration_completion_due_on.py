from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0023_registration_first_submitted_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="completion_due_on",
            field=models.DateField(blank=True, null=True, verbose_name="hạn hoàn thiện hồ sơ"),
        ),
    ]
