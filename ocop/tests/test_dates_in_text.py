"""A date written into the interface's own text reads dd/mm/yyyy, as every date the pages compute does: the report's
"trước 01/07/2025", the scorecard's "ngày 30/06/2025", the criteria version "ngày 22/05/2026" a round and a dossier
name. A day or month of one digit ("01/7/2025", "22/5/2026") is the format the application refuses in its own forms."""

import json
import re
from pathlib import Path

import polib
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SHORT = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def short_dates(text: str) -> list[str]:
    return [m.group(0) for m in SHORT.finditer(text) if len(m.group(1)) < 2 or len(m.group(2)) < 2]


def test_the_messages_write_dates_as_dd_mm_yyyy():
    catalogue = polib.pofile(str(ROOT / "ocop/locale/en/LC_MESSAGES/django.po"))
    found = {e.msgid: short_dates(e.msgid + " " + e.msgstr) for e in catalogue if not e.obsolete}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_templates_write_dates_as_dd_mm_yyyy():
    found = {}
    for path in (ROOT / "templates").rglob("*.html"):
        dates = short_dates(path.read_text(encoding="utf-8"))
        if dates:
            found[str(path.relative_to(ROOT))] = dates
    assert found == {}


def test_the_criteria_versions_titles_write_dates_as_dd_mm_yyyy():
    from devtools.criteria_parser import VERSION

    titles = [json.loads(p.read_text(encoding="utf-8"))["title"] for p in (ROOT / "evaluation/data").glob("*.json")]
    assert [t for t in [*titles, VERSION["title"]] if short_dates(t)] == []
