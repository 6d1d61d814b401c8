"""A template comment is one line in Django: `{# … #}` spread over several lines is not a comment but text, printed
on the page. The session page printed its developers' note ("{# The roll, the findings, the discussion, … #}") above
the attendance to every chair, secretary and member, on the desktop and on the phone. Longer notes take
{% comment %} … {% endcomment %}."""

import re
from pathlib import Path

from django.conf import settings

OPEN_WITHOUT_CLOSE = re.compile(r"\{#(?![^\n]*#\})")


def _templates():
    roots = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    roots += [Path(settings.BASE_DIR) / app / "templates" for app in ("ocop", "products", "evaluation", "portal")]
    for root in roots:
        if root.is_dir():
            yield from root.rglob("*.html")
            yield from root.rglob("*.txt")


def test_no_template_comment_runs_over_several_lines():
    found = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OPEN_WITHOUT_CLOSE.search(line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}")
    assert found == [], "multi-line {# … #} is printed on the page; use {% comment %}: " + ", ".join(found)
