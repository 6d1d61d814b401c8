"""The per-round table's rows, written in Python: a national dashboard has several hundred rounds (every
province's), and the template language took most of the page's time laying them out (a variable lookup,
localisation and escaping per cell, ~6,000 cells); so did format_html, whose lazy-string checks cost more than
the escaping. The markup is the one the template wrote; every value is escaped as Django escapes (html.escape)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

ROUND_ROW = (
    '<tr><td>{}</td><th scope="row" class="fw-normal">{}</th>'
    '<td class="text-end"><a href="{}">{}</a></td><td class="text-end"><a href="{}">{}</a></td>'
    '<td class="text-end"><a href="{}">{}</a></td><td class="text-end text-nowrap">{}</td></tr>'
)
EMPTY_ROW = '<tr><td colspan="6" class="text-muted">{}</td></tr>'


@register.simple_tag
def round_rows(rows, empty: str):
    """<tr>s of the per-round table (year, round, evaluated, recognised, not recognised, share), or one row
    saying `empty`."""
    if not rows:
        return mark_safe(EMPTY_ROW.format(escape(str(empty))))  # noqa: S308 — escaped here
    html = "".join(
        ROUND_ROW.format(
            *(
                escape(str(value))
                for value in (
                    row["year"] or "—",
                    row["label"] or "—",
                    row["evaluated_url"],
                    row["evaluated"],
                    row["recognised_url"],
                    row["recognised"],
                    row["not_recognised_url"],
                    row["not_recognised"],
                    "—" if row["share"] is None else f"{row['share']} %",
                )
            )
        )
        for row in rows
    )
    return mark_safe(html)  # noqa: S308 — every value escaped above
