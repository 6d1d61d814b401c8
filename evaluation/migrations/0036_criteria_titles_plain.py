"""The titles of the old criteria sets (148/2023, 1048/2019) ended with "(cấu trúc)", the editors' note that only
their structure is held, which meant nothing to the people reading round and dossier pages (those pages now say it in
plain words, evaluation/_criteria_version.html). Dropped here so that an installation that does not run
`load_criteria` again after upgrading shows the plain titles; `load_criteria` writes the same values."""

from django.db import migrations

NOTE = " (cấu trúc)"
OLD_SETS = ("148/2023", "1048/2019")


def drop(apps, schema_editor):
    CriteriaVersion = apps.get_model("evaluation", "CriteriaVersion")
    for version in CriteriaVersion.objects.filter(legal_basis__in=OLD_SETS, title__endswith=NOTE):
        CriteriaVersion.objects.filter(pk=version.pk).update(title=version.title.removesuffix(NOTE))


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0035_result_notice")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
