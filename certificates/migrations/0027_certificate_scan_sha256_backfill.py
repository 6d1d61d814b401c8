"""The SHA-256 of every scan recorded before its hash was kept (certificate_record_historic keeps it since): read from
storage, in batches. A scan whose file is missing from storage is left without one (nothing to vouch for)."""

from django.db import migrations

from ocop.uploads import stored_file_sha256


def backfill(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    pending = Certificate.objects.filter(scan_sha256="").exclude(scan="").only("pk", "scan").order_by("pk")
    for certificate in pending.iterator(chunk_size=500):
        if sha := stored_file_sha256(certificate.scan):
            Certificate.objects.filter(pk=certificate.pk, scan_sha256="").update(scan_sha256=sha)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0026_certificate_scan_sha256")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
