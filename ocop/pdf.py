"""PDF rendering with WeasyPrint, shared by certificates, decisions, scorecards and council minutes.

weasyprint is imported at module level on purpose (STYLE.md §3): a lazy import made each worker's first
document slow. Fonts are the full Be Vietnam Pro TTFs via file:// URLs (never the woff2 subsets), and
WeasyPrint may fetch only file: and data: URLs, so rendering never reaches the network.
"""

import logging
import unicodedata
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "be-vietnam-pro-ttf-1.002"
FONT_FILES = {"400": "400Regular", "500": "500Medium", "600": "600SemiBold", "700": "700Bold"}
URL_FETCHER = weasyprint.URLFetcher(allowed_protocols={"file", "data"})
# WeasyPrint reports every layout step at INFO; one line per step per document would drown the worker log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def font_urls() -> dict[str, str]:
    """{weight: file:// URL} of the vendored Be Vietnam Pro TTFs (templates fall back to DejaVu Sans)."""
    paths = {weight: FONT_DIR / f"BeVietnamPro_{name}.ttf" for weight, name in FONT_FILES.items()}
    return {weight: path.as_uri() for weight, path in paths.items() if path.exists()}


def render_html(html: str) -> bytes:
    """The PDF of `html` as WeasyPrint's PDF/UA-1 variant: tagged (a structure tree, so screen readers and reflow
    work), with XMP metadata and the title shown in the window. Title, author, subject and date come from the
    document's <title> and <meta name="author|description|dcterms.created">; `lang` from <html lang>."""
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=URL_FETCHER)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def render_template_html(template: str, context: dict) -> str:
    """The document's HTML in Vietnamese (legal documents are Vietnamese whatever the UI language), in NFC."""
    with translation.override("vi"):
        html = render_to_string(template, {**context, "fonts": font_urls()})
    return unicodedata.normalize("NFC", html)


def render_pdf(template: str, context: dict) -> bytes:
    return render_html(render_template_html(template, context))
