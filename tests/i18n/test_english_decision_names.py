"""English sentences name a decision as "Decision 26/2026/QĐ-TTg", as the rest of the English pages do; "QĐ" alone is
kept only in the short labels of the legal bases (their msgid is the same abbreviation). The expiry list said
"(Article 7, clause 6, QĐ 26/2026/QĐ-TTg)" and the self-assessment "estimated per QĐ 26 Article 3.3"."""

import re
from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "ocop" / "locale" / "en" / "LC_MESSAGES" / "django.po"
# "QĐ <number>" not preceded by "Decision" or "No." (the number's own "/QĐ-TTg" has no space after QĐ).
BARE = re.compile(r"(?<!Decision )(?<!No\. )\bQĐ \d")
LABEL = re.compile(r"(Trước )?QĐ \d")  # a legal basis's label: the same abbreviation in both languages


def test_english_sentences_do_not_abbreviate_a_decision_as_qd():
    bare = [
        entry.msgstr
        for entry in polib.pofile(str(CATALOGUE))
        if BARE.search(entry.msgstr) and not LABEL.match(entry.msgid)
    ]
    assert bare == []
