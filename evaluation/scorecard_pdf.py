"""PDF of a scorecard exactly as the official sheet (D26 Phụ lục II), rendered by WeasyPrint.

Fonts and the no-network URL fetcher come from ocop.pdf.
"""

from __future__ import annotations

from ocop.pdf import render_html, render_template_html

from .models import Scorecard
from .selectors.criteria import scorecard_sheet_rows


def scorecard_pdf_html(scorecard: Scorecard) -> str:
    return render_template_html(
        "evaluation/scorecard_pdf.html", {"scorecard": scorecard, "rows": scorecard_sheet_rows(scorecard)}
    )


def render_scorecard_pdf(scorecard: Scorecard) -> bytes:
    """A prefetched scorecard (selectors.criteria.scorecard_with_tree) as PDF bytes."""
    return render_html(scorecard_pdf_html(scorecard))
