from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0003_registration_dossier"),
    ]

    operations = [
        migrations.AddField(
            model_name="selfassessmentanswer",
            name="points",
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]
