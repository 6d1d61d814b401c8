"""Nothing is loaded from an outside host: the app must work on closed government networks."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Any absolute URL in src/href/url()/@import; XML namespaces and licence links in comments are not requests.
REQUEST_PATTERN = re.compile(
    r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//"""
)


def scanned_files():
    for folder in ("templates", "static"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".css", ".js", ".txt"} and path.is_file():
                yield path


def test_it_finds_no_reference_to_an_outside_host_in_templates_or_static_files():
    offenders = []
    for path in scanned_files():
        text = path.read_text(encoding="utf-8", errors="ignore")
        for match in REQUEST_PATTERN.finditer(text):
            offenders.append(f"{path.relative_to(ROOT)}: {text[match.start() : match.start() + 80]!r}")
    assert offenders == []


def test_the_scan_catches_a_cdn_link(tmp_path):
    sample = '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/bootstrap.min.css">'
    assert REQUEST_PATTERN.search(sample)
    assert REQUEST_PATTERN.search("@font-face { src: url(//fonts.gstatic.com/x.woff2) }")
    assert not REQUEST_PATTERN.search('<link href="/static/vendor/bootstrap-5.3.9/css/bootstrap.min.css">')
