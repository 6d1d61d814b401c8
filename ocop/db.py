"""Database helpers: upkeep shared by the bulk loaders, and expressions shared by the selectors."""

from django.db import connection, models
from django.db.models import F, Func, Subquery
from django.db.models.functions import Coalesce

from ocop.text import VIETNAMESE_COLLATION, vietnamese_compare


def sqlite_vietnamese_collation(sender, connection, **kwargs) -> None:
    """Gives each new SQLite connection the Vietnamese collation that PostgreSQL has from ICU, under the same name, so
    that ocop.text.vi_order sorts the embedded database's lists as the production one's (connection_created)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VIETNAMESE_COLLATION, vietnamese_compare)


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


def count_of(rows: models.QuerySet) -> models.Expression:
    """The number of `rows` (a queryset filtered on an OuterRef) as a subquery annotation, 0 when none: counted per
    row of the outer query, so a paged list counts its page's rows only (a join with Count and GROUP BY would
    count for every row before paging)."""
    return Coalesce(
        Subquery(rows.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")[:1]),
        0,
        output_field=models.IntegerField(),
    )
