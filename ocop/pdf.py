"""PDF rendering with WeasyPrint, shared by certificates, decisions, scorecards and council minutes.

weasyprint is imported at module level on purpose (STYLE.md §3): a lazy import made each worker's first
document slow. Fonts are the full Be Vietnam Pro TTFs via file:// URLs (never the woff2 subsets), and
WeasyPrint may fetch only file: and data: URLs, so rendering never reaches the network.

What is costly and the same for every document is built once per process (per thread: Pango is not
thread-safe) and reused: the FontConfiguration (fontconfig's font set, the fonts loaded from @font-face) and the
parsed stylesheets of a document kind (`stylesheet()`). A fresh FontConfiguration per document loaded and
registered the fonts again for each certificate. `warm_up()` fills both when a rendering process starts.
"""

import hashlib
import logging
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_resolver
from django.utils import translation
from weasyprint.text.fonts import FontConfiguration

from .cache import cached_read

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "be-vietnam-pro-ttf-1.002"
FONT_FILES = {"400": "400Regular", "500": "500Medium", "600": "600SemiBold", "700": "700Bold"}
URL_FETCHER = weasyprint.URLFetcher(allowed_protocols={"file", "data"})
# WeasyPrint reports every layout step at INFO; one line per step per document would drown the worker log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)
_local = threading.local()  # font_config and the parsed stylesheets of this process's (thread's) renders


def font_urls() -> dict[str, str]:
    """{weight: file:// URL} of the vendored Be Vietnam Pro TTFs (templates fall back to DejaVu Sans)."""
    paths = {weight: FONT_DIR / f"BeVietnamPro_{name}.ttf" for weight, name in FONT_FILES.items()}
    return {weight: path.as_uri() for weight, path in paths.items() if path.exists()}


def font_config() -> FontConfiguration:
    """This process's (thread's) one FontConfiguration: fonts of @font-face rules are loaded into it once."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
        _local.stylesheets = {}
    return config


def stylesheet(template: str) -> weasyprint.CSS:
    """The stylesheet `template` (a Django template given the font URLs as `fonts`), parsed once per process
    (thread) with the shared font configuration; documents of one kind pass it to `render_html`."""
    config = font_config()
    sheet = _local.stylesheets.get(template)
    if sheet is None:
        css = render_to_string(template, {"fonts": font_urls()})
        sheet = _local.stylesheets[template] = weasyprint.CSS(
            string=css, base_url=str(settings.BASE_DIR), url_fetcher=URL_FETCHER, font_config=config
        )
    return sheet


def render_html(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """The PDF of `html` as WeasyPrint's PDF/UA-1 variant: tagged (a structure tree, so screen readers and reflow
    work), with XMP metadata and the title shown in the window. Title, author, subject and date come from the
    document's <title> and <meta name="author|description|dcterms.created">; `lang` from <html lang>.
    `stylesheets`: templates of parsed-once stylesheets (`stylesheet()`) applied besides the document's own."""
    config = font_config()
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=URL_FETCHER)
    return document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        font_config=config,
        stylesheets=[stylesheet(name) for name in stylesheets],
    )


def render_html_cached(html: str) -> bytes:
    """render_html of a document that its HTML says all of (a blank scorecard: reference data), kept in the shared
    cache under the digest of that HTML for the day: downloaded again, it is not laid out again (0.5–0.8 s), and a
    change to it is another HTML, hence another key. Rendered as usual when the cache is down."""
    digest = hashlib.sha256(html.encode()).hexdigest()
    return cached_read("document", digest, lambda: render_html(html), version=0, prefix="pdf", seconds=24 * 3600)


def render_template_html(template: str, context: dict) -> str:
    """The document's HTML in Vietnamese (legal documents are Vietnamese whatever the UI language), in NFC."""
    with translation.override("vi"):
        html = render_to_string(template, {**context, "fonts": font_urls()})
    return unicodedata.normalize("NFC", html)


def render_pdf(template: str, context: dict, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    return render_html(render_template_html(template, context), stylesheets=stylesheets)


# What `warm_up()` renders: each app adds its documents in its AppConfig.ready() (ocop imports no app), with a
# function giving a sample context, so the template is compiled and cached, its stylesheets parsed and every font
# and glyph it uses loaded before the first real document.
WARM_DOCUMENTS: list[tuple[str, tuple[str, ...], Callable[[], dict]]] = []


def warm_up_register(template: str, *, stylesheets: tuple[str, ...] = (), context: Callable[[], dict] = dict) -> None:
    if all(entry[0] != template for entry in WARM_DOCUMENTS):
        WARM_DOCUMENTS.append((template, stylesheets, context))


def warm_up() -> bool:
    """Load WeasyPrint, Pango, the fonts and the registered documents now, so the first real document is not
    the slow one. Called when a process that renders starts: each Celery worker process (worker_process_init,
    ocop/celery.py) and each gunicorn worker (post_fork, ocop/gunicorn_conf.py). Never raises: a renderer that
    cannot start must not stop the process from serving everything else; it is logged loudly (ERROR with the
    traceback) and the first document pays (or fails) as before."""
    try:
        # A document carries links (a certificate its verification URL): the first reverse() in a process imports
        # every URLconf and, through them, every view module — more than a second of the first certificate.
        get_resolver().reverse_dict  # noqa: B018 — populating the resolver is the point
        render_html('<html lang="vi"><p>OCOP – Mỗi xã một sản phẩm</p></html>')
        for template, stylesheets, context in WARM_DOCUMENTS:
            render_pdf(template, context(), stylesheets=stylesheets)
    except Exception:
        logger.exception("PDF renderer warm-up failed; the first document will load WeasyPrint itself")
        return False
    return True
