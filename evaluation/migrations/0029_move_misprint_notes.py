"""The three notes on probable misprints of Phụ lục II (set 7's 3.1, set 23's 6.2, set 19's 2.3) were kept in
`correction_note` with the editors' notes on how the data was made; they now have their own field, the one council
members read (`misprint_note`). Moved here so that an installation that does not run `load_criteria` again after
upgrading keeps showing them; `load_criteria` writes the same values."""

from django.db import migrations

MISPRINTS = ((7, "3.1"), (23, "6.2"), (19, "2.3"))


def move(apps, schema_editor):
    Criterion = apps.get_model("evaluation", "Criterion")
    for scorecard, number in MISPRINTS:
        for criterion in Criterion.objects.filter(
            group__part__scorecard__number=scorecard, number=number, misprint_note=""
        ).exclude(correction_note=""):
            Criterion.objects.filter(pk=criterion.pk).update(
                misprint_note=criterion.correction_note, correction_note=""
            )


def back(apps, schema_editor):
    Criterion = apps.get_model("evaluation", "Criterion")
    for scorecard, number in MISPRINTS:
        for criterion in Criterion.objects.filter(
            group__part__scorecard__number=scorecard, number=number, correction_note=""
        ).exclude(misprint_note=""):
            Criterion.objects.filter(pk=criterion.pk).update(correction_note=criterion.misprint_note, misprint_note="")


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0028_criterion_misprint_note")]

    operations = [migrations.RunPython(move, back)]
