"""Database upkeep shared by the bulk loaders."""

from django.db import connection, models


def analyze(*tables: type[models.Model]) -> list[str]:
    """Refresh PostgreSQL's planner statistics of the tables a bulk load has just filled, so the next query
    does not plan for the empty tables autovacuum last saw (a sequential scan over 24,000 products, or a nested
    loop over 3,321 communes "estimated" at one row). A no-op on SQLite. Returns the tables analysed.

    Run it after the rows are committed (`transaction.on_commit`): ANALYZE samples what it can see."""
    if connection.vendor != "postgresql":
        return []
    names = list(dict.fromkeys(model._meta.db_table for model in tables))
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")
    return names
