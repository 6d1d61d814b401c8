"""Vietnamese text helpers: NFC normalisation, accent-free search keys and Vietnamese ordering."""

import unicodedata

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Collate


def nfc(value):
    """Return `value` in Unicode NFC (IMEs and copy-paste often give NFD); non-strings pass through."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


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
