"""The English catalogue is complete, keeps every placeholder, and the English UI really shows it.

Vietnamese is the source language (msgids); English is the alternative a user picks in the user menu.
A fuzzy entry is ignored at run time, so the page would silently fall back to Vietnamese: none allowed.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape

PO_PATH = Path(settings.BASE_DIR) / "ocop" / "locale" / "en" / "LC_MESSAGES" / "django.po"

NAMED = re.compile(r"%\((\w+)\)[sd]")
POSITIONAL = re.compile(r"%[sd]")
BRACES = re.compile(r"\{\w*\}")
TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*")
# Letters that exist in Vietnamese but not in English; legal references such as "QĐ 26/2026/QĐ-TTg"
# and the legal list item "đ)" are kept as they are.
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]", re.I)
LEGAL_REFERENCE = re.compile(r"\S*QĐ\S*|^đ\)")


@pytest.fixture(scope="module")
def catalogue():
    return [entry for entry in polib.pofile(str(PO_PATH)) if not entry.obsolete]


def _translations(entry) -> list[tuple[str, str]]:
    """(source, translation) pairs: msgstr[0] answers msgid, every other plural form answers msgid_plural."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    return [
        (entry.msgid if index == 0 else entry.msgid_plural, text) for index, text in sorted(entry.msgstr_plural.items())
    ]


def test_it_has_a_catalogue_with_entries(catalogue):
    assert len(catalogue) > 500


def test_it_translates_every_entry(catalogue):
    untranslated = [
        entry.msgid
        for entry in catalogue
        if not all(text.strip() for _source, text in _translations(entry))
        or (entry.msgid_plural and len(entry.msgstr_plural) != 2)
    ]
    assert untranslated == []


def test_it_defines_each_message_once(catalogue):
    # Branches append their entries to the end of the file (union merge); the same text appended twice makes
    # msgfmt and makemessages refuse the catalogue.
    seen, twice = set(), []
    for entry in catalogue:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            twice.append(entry.msgid)
        seen.add(key)
    assert twice == []


def test_it_leaves_no_entry_fuzzy(catalogue):
    assert [entry.msgid for entry in catalogue if "fuzzy" in entry.flags] == []


def test_it_keeps_the_placeholders_of_every_entry(catalogue):
    mismatched = []
    for entry in catalogue:
        for source, text in _translations(entry):
            same = (
                set(NAMED.findall(source)) == set(NAMED.findall(text))
                and len(POSITIONAL.findall(source)) == len(POSITIONAL.findall(text))
                and sorted(BRACES.findall(source)) == sorted(BRACES.findall(text))
                and sorted(TAGS.findall(source)) == sorted(TAGS.findall(text))
            )
            if not same:
                mismatched.append((source, text))
    assert mismatched == []


def test_it_leaves_no_vietnamese_in_the_translations(catalogue):
    leftovers = [
        text
        for entry in catalogue
        for _source, text in _translations(entry)
        if VIETNAMESE.search(LEGAL_REFERENCE.sub("", text))
    ]
    assert leftovers == []


def test_every_message_marked_in_the_code_has_an_english_entry(tmp_path):
    """Django's makemessages (GNU xgettext) over a copy of the code and templates, merged into a copy of the
    catalogue: an entry it has to add, or guesses from a similar one (fuzzy), is text the English UI shows in
    Vietnamese. Every other test here checks the entries that exist; this one finds those that are missing."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("xgettext is missing: .ci/run installs Debian's gettext")
        pytest.skip("xgettext (Debian's gettext) is not installed")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "app"
    skipped = shutil.ignore_patterns(".*", "static", "var", "media", "node_modules", "tests", "__pycache__", "*.mo")
    shutil.copytree(base, copy, ignore=skipped)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "en", "--verbosity", "0"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    merged = polib.pofile(str(copy / PO_PATH.relative_to(base)))
    missing = [
        (entry.msgid, entry.occurrences[:1])
        for entry in merged
        if not entry.obsolete and ("fuzzy" in entry.flags or not (entry.msgstr or any(entry.msgstr_plural.values())))
    ]
    assert missing == []


def test_no_script_of_ours_carries_text_of_its_own():
    """A script's messages come from the page, translated there (the scoring sheet's save status was Vietnamese
    in its script, whatever the member's language). Comments may speak Vietnamese; string literals may not."""
    comments = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
    scripts = sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js"))
    assert scripts
    speaking = [script.name for script in scripts if VIETNAMESE.search(comments.sub("", script.read_text()))]
    assert speaking == []


def test_no_page_or_mail_template_carries_text_outside_translate():
    """Text of a page or an e-mail is marked for translation; an unmarked sentence shows in Vietnamese in the
    English UI (the scoring sheet's code legend did) and mail (the certificate issued, revoked and supervision
    mails were). Documents (pdf/, *_pdf.html) are Vietnamese by design."""
    tags = re.compile(
        r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
        r"|{#.*?#}|{%.*?%}|{{.*?}}",
        re.S,
    )
    templates = Path(settings.BASE_DIR) / "templates"
    pages = [
        path
        for path in sorted([*templates.rglob("*.html"), *(templates / "emails").rglob("*.txt")])
        if "pdf" not in path.relative_to(templates).parts and not path.name.endswith("_pdf.html")
    ]
    assert len(pages) > 100 and len([path for path in pages if "emails" in path.parts]) > 40
    unmarked = [str(path.relative_to(templates)) for path in pages if VIETNAMESE.search(tags.sub("", path.read_text()))]
    assert unmarked == []


def test_it_translates_a_placeholder_message_at_run_time():
    from django.utils.translation import gettext

    with translation.override("en"):
        text = gettext("Giấy chứng nhận OCOP %(number)s (%(name)s) sẽ hết hạn ngày %(until)s.") % {
            "number": "01/2026",
            "name": "Miến dong",
            "until": "31/12/2026",
        }
    assert text == "OCOP certificate 01/2026 (Miến dong) will expire on 31/12/2026."


@pytest.mark.django_db
def test_it_shows_the_menu_in_english_when_the_user_chooses_english(cast, login):
    from ocop.navigation import MENU

    client = login(cast.province_officer)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("home")).content.decode()

    assert '<html lang="en">' in html
    for label in ("Overview", "Registrations", "Certificates", "Expiring soon", "Evaluation", "Sign out"):
        assert label in html
    for label in ("Tổng quan", "Hồ sơ đăng ký", "Giấy chứng nhận", "Sắp hết hạn", "Đăng xuất"):
        assert label not in html

    # The province officer sees every menu entry whose page exists.
    for name, label, *_rest in MENU:
        try:
            reverse(name)
        except NoReverseMatch:
            continue
        with translation.override("vi"):
            vietnamese = str(label)
        with translation.override("en"):
            english = str(label)
        assert english != vietnamese
        assert escape(english) in html


def test_the_admin_names_every_app_in_english(cast, login):
    client = login(cast.admin)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("admin:index")).content.decode()
    for name in ("Decisions and certificates", "Evaluation and rating", "Producers and products"):
        assert name in html
    for name in ("Quyết định và giấy chứng nhận", "Đánh giá, phân hạng", "Chủ thể và sản phẩm"):
        assert name not in html
