"""The SHA-256 of every signed file of the province's papers to the ministry stored before its hash was kept
(_send_to_ministry keeps it since): read from storage, in batches. A file missing from storage is left without one
(nothing to vouch for)."""

from django.db import migrations

from ocop.uploads import stored_file_sha256


def backfill(apps, schema_editor):
    CentralReferral = apps.get_model("evaluation", "CentralReferral")
    pending = (
        CentralReferral.objects.filter(signed_file_sha256="").exclude(signed_file="").only("pk", "signed_file")
    ).order_by("pk")
    for referral in pending.iterator(chunk_size=500):
        if sha := stored_file_sha256(referral.signed_file):
            CentralReferral.objects.filter(pk=referral.pk, signed_file_sha256="").update(signed_file_sha256=sha)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0041_centralreferral_signed_file_sha256")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
