"""Fingerprint the sheets submitted before SheetRevision.digest existed (same canonical JSON as
services.councils.revision_digest), so their signed PDFs carry one too."""

import hashlib
import json

from django.db import migrations


def backfill(apps, schema_editor):
    SheetRevision = apps.get_model("evaluation", "SheetRevision")
    rows = SheetRevision.objects.filter(kind="submit", digest="").select_related("sheet__item", "sheet__member__user")
    for revision in rows.iterator():
        sheet = revision.sheet
        payload = {
            "sheet": sheet.pk,
            "item": sheet.item_id,
            "registration": sheet.item.registration_id,
            "member": sheet.member_id,
            "user": sheet.member.user.username,
            "kind": revision.kind,
            "version": revision.version,
            "total": str(revision.total),
            "snapshot": revision.snapshot,
        }
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        SheetRevision.objects.filter(pk=revision.pk).update(
            digest=hashlib.sha256(canonical.encode("utf-8")).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0012_part_correction_note"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
