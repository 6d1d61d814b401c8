"""The per-round table's rows, written in Python: a national dashboard has several hundred rounds (every
province's), and the template language took most of the page's time laying them out (a variable lookup,
localisation and escaping per cell, ~6,000 cells); so did format_html, whose lazy-string checks cost more than
the escaping. The markup is the one the template wrote; every value is escaped as Django escapes (html.escape)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from ..selectors.statistics import STARS

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


UNIT_LINK = '<a href="{}" title="{}">{}</a>'
COUNT_LINK = '<a href="{}">{}</a>'
BAR = (
    '<td aria-hidden="true"><svg class="figure-bar" width="100%" height="12" role="presentation" focusable="false">'
    '<rect width="{}%" height="12" rx="2"></rect></svg></td>'
)


def _star_count(url: str | None, star: int, n) -> str:
    """A star's count in a row, linked to the row's certificate list (every per-star table's) narrowed to the star."""
    if not url:
        return escape(str(n))
    return COUNT_LINK.format(escape(f"{url}{'&' if '?' in url else '?'}star={star}"), escape(str(n)))


@register.simple_tag
def figure_rows(rows, *, per_star: bool, chart, unit_title: str, empty: str):
    """<tr>s of a figure's table (dashboard/_figure_table.html): the label (a link to the unit's own dashboard
    where there is one), the counts per star, the count (a link to its list) and, for a table without a chart,
    its bar; or one row saying `empty`. A province's communes (~130 rows) cost the template engine more than
    their counts."""
    if not rows:
        columns = 2 + (3 if per_star else 0) + (0 if chart else 1)  # the label, the stars, the count, the bar
        return mark_safe(  # noqa: S308 — escaped here
            f'<tr><td colspan="{columns}" class="text-muted">{escape(str(empty))}</td></tr>'
        )
    title = escape(str(unit_title))
    html = []
    for row in rows:
        label = escape(str(row["label"]))
        if row.get("dashboard_url"):
            label = UNIT_LINK.format(escape(row["dashboard_url"]), title, label)
        cells = [f'<tr><th scope="row" class="fw-normal">{label}</th>']
        if per_star:  # each star's count opens the row's list narrowed to that star
            cells += [
                f'<td class="text-end">{_star_count(row.get("url"), star, n)}</td>'
                for star, n in zip(STARS, row["stars"], strict=True)
            ]
        count = escape(str(row["count"]))
        if row.get("url"):
            count = COUNT_LINK.format(escape(row["url"]), count)
        cells.append(f'<td class="text-end">{count}</td>')
        if not chart:
            cells.append(BAR.format(escape(str(row["bar"]))))
        cells.append("</tr>")
        html.append("".join(cells))
    return mark_safe("".join(html))  # noqa: S308 — every value escaped above
