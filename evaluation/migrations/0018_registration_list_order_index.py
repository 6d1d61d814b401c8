"""Issue 15: the registration list of the province side (province, advisory and central officers) is ordered by
"waiting for me" first, the commune's deadline, then the newest (evaluation.selectors.registrations.
registration_list). The two CASE expressions were computed and sorted for all 100,000 dossiers on every page,
spilling to disk: this index stores that sort key, so a page is read in order. PostgreSQL only (the expression
must match the query's text, which SQLite does not use for ordering anyway); a no-op on SQLite."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS registration_province_queue ON evaluation_registration ("
    "(CASE WHEN status IN ('forwarded', 'advisory_review') THEN 0 ELSE 1 END), "
    "(CASE WHEN status = 'submitted' THEN commune_due_on ELSE NULL END), "
    "created_at DESC, id DESC)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS registration_province_queue")


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0017_stops_discussion_reevaluation")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
