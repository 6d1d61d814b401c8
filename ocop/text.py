"""Vietnamese text helpers: NFC normalisation, accent-free search keys and Vietnamese ordering."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _


def nfc(value):
    """Return `value` in Unicode NFC (IMEs and copy-paste often give NFD); non-strings pass through."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


# Whitespace a text box may legitimately hold (a textarea sends CR LF); every other control character is refused.
ALLOWED_CONTROLS = frozenset("\t\n\r")
# Cc control, Cf format (bidi overrides U+202A–202E and isolates U+2066–2069, zero-width U+200B–200D, U+2060,
# BOM U+FEFF, soft hyphen), Cs surrogates, Co private use, Cn unassigned, Zl/Zp line and paragraph separators.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def unsafe_characters(value) -> list[str]:
    """The characters of `value` that must never be stored: invisible or direction-changing characters can
    make a name print differently from how it reads (an RTL override turns "gnom tậM" into "Mật mong").
    Vietnamese letters and their combining marks are not among them. Each is given once, as "U+202E"."""
    if not isinstance(value, str):
        return []
    found = []
    for ch in value:
        if ch in ALLOWED_CONTROLS or unicodedata.category(ch) not in UNSAFE_CATEGORIES:
            continue
        code = f"U+{ord(ch):04X}"
        if code not in found:
            found.append(code)
    return found


UNSAFE_TEXT = _(
    "Có ký tự ẩn hoặc ký tự điều khiển không được phép (%(chars)s), thường do sao chép từ nơi khác. "
    "Hãy xoá và gõ lại nội dung ô này."
)


def reject_unsafe_characters(value) -> None:
    """Validator of every text field (the base form adds it to each): refuse control, zero-width and
    direction-override characters."""
    found = unsafe_characters(value)
    if found:
        raise ValidationError(UNSAFE_TEXT, code="unsafe_characters", params={"chars": ", ".join(found)})


def reject_unsafe_text(*values) -> None:
    """The same refusal for text that does not come through a form (the score sheet's comments)."""
    for value in values:
        reject_unsafe_characters(value)


def fold(value: str) -> str:
    """A search key: lower case, no accents, "đ" → "d", single spaces. "Miến Dong" → "mien dong"."""
    text = unicodedata.normalize("NFD", value or "").lower().replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.split())


def search_q(term: str, field: str = "search_text") -> Q:
    """Match every word of `term` in a folded search column, on any database."""
    q = Q()
    for word in fold(term).split():
        q &= Q(**{f"{field}__contains": word})
    return q


def vi_order(field: str, descending: bool = False):
    """Vietnamese collation on PostgreSQL ("Mật ong" before "Miến dong"); plain order elsewhere."""
    expr = Collate(F(field), "vi-x-icu") if settings.IS_POSTGRES else F(field)
    return expr.desc() if descending else expr.asc()
