"""PDF of a scorecard exactly as the official sheet (D26 Phụ lục II), rendered by WeasyPrint.

Fonts: the vendored Be Vietnam Pro TTFs through file:// @font-face when present (STYLE.md §3: never the woff2
subsets), DejaVu Sans otherwise. WeasyPrint may fetch only file: and data: URLs — no network.
weasyprint is imported at module level on purpose (a lazy import slows the first request of each worker).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .models import Scorecard
from .selectors.criteria import scorecard_sheet_rows

URL_FETCHER = weasyprint.URLFetcher(allowed_protocols={"file", "data"})
FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "be-vietnam-pro-ttf-1.002"
FONT_FILES = {"400": "BeVietnamPro_400Regular.ttf", "700": "BeVietnamPro_700Bold.ttf"}


def font_urls() -> dict[str, str]:
    """{weight: file:// URL} of the vendored Be Vietnam Pro TTFs; empty (DejaVu Sans fallback) if missing."""
    paths = {w: FONT_DIR / name for w, name in FONT_FILES.items()}
    if not all(p.exists() for p in paths.values()):
        return {}
    return {w: p.as_uri() for w, p in paths.items()}


def scorecard_pdf_html(scorecard: Scorecard) -> str:
    with translation.override("vi"):
        html = render_to_string(
            "evaluation/scorecard_pdf.html",
            {"scorecard": scorecard, "rows": scorecard_sheet_rows(scorecard), "fonts": font_urls()},
        )
    return unicodedata.normalize("NFC", html)


def render_scorecard_pdf(scorecard: Scorecard) -> bytes:
    """A prefetched scorecard (selectors.criteria.scorecard_with_tree) as PDF bytes."""
    html = scorecard_pdf_html(scorecard)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=URL_FETCHER).write_pdf()
