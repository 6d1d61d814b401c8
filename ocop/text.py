"""Vietnamese text helpers: NFC normalisation, accent-free search keys and Vietnamese ordering."""

import functools
import re
import sys
import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _

# The number of an administrative document ("số, ký hiệu"): a running number, then the sign after a slash, no spaces:
# "1427/QĐ-UBND", "26/2026/QĐ-TTg", "2150/UBND-NNMT". Decisions, certificates and the province's letters are checked
# against it (a number printed or quoted later cannot be corrected once issued).
DOCUMENT_NUMBER_RE = re.compile(r"\d+/\S+")
# Another decision of the issuer bears the number in the year of the date: an issuer's decisions of one year, whatever
# they decide, are numbered in one sequence (ocop.selectors.decision_number_holder).
DECISION_NUMBER_TAKEN = _("Cơ quan này đã có quyết định mang số này trong năm đó.")


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


# "đ"/"Đ" and the Icelandic eth "ð"/"Ð" (U+00F0/U+00D0), which a keyboard set to another language, a legacy font
# converter or a copied PDF gives for them (vietnamese_sort_key orders it as d too): no decomposition, so an accent
# remover alone keeps them.
_D_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def strip_accents(value: str) -> str:
    """`value` without its Vietnamese marks, case kept: "đ"/"Đ" → "d"/"D" (not a letter with a mark: an
    accent remover alone drops it), and so the eth typed for them ("Ð" → "D"), every other letter loses its marks.
    "Giấy Đăng ký" → "Giay Dang ky". The one rule for search keys, stored file names and download names."""
    text = unicodedata.normalize("NFD", value or "").translate(_D_LETTERS)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def fold(value: str) -> str:
    """A search key: lower case, no accents, "đ" → "d", single spaces. "Miến Dong" → "mien dong"."""
    return " ".join(strip_accents(value).lower().split())


def file_slug(value) -> str:
    """A name as a downloaded file's name carries it: lower case, no accents, words joined by "-".
    "Miến dong Tài Hoan" → "mien-dong-tai-hoan", "Tỉnh Đắk Lắk" → "tinh-dak-lak"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(str(value or ""))).strip("-")


def search_q(term: str, field: str = "search_text") -> Q:
    """Match every word of `term` in a folded search column, on any database."""
    q = Q()
    for word in fold(term).split():
        q &= Q(**{f"{field}__contains": word})
    return q


# --- administrative units' names in a sentence -------------------------------------------------------------------

# The common nouns that say what kind of administrative unit a name is (Nghị định 30/2020/NĐ-CP, Phụ lục II, mục II:
# "tỉnh", "thành phố", "xã", "phường", "đặc khu", and the former map's "huyện", "quận", "thị xã", "thị trấn").
UNIT_KINDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")
# A kind at the start of one of a text's comma-separated parts, after "UBND" or "Ủy ban nhân dân" if any, each word with
# a capital or not ("Xã", "xã", "Thành Phố"; "THÀNH PHỐ" is a heading's and stays), then the proper name.
_UNIT_KIND_AT_START = re.compile(
    r"(^\s*(?:(?:UBND|[ỦU][yỷ] ban nhân dân)\s+)?)("
    + "|".join(r"\s+".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in kind.split()) for kind in UNIT_KINDS)
    + r")(?=\s+(\w))"
)


def _kind_lowered(match: re.Match) -> str:
    # The proper name starts with a capital or a number ("Xã Côn Minh", "Phường 3"): "Tỉnh lộ 5" is a road, not a unit.
    proper = match[3]
    if not (proper.isupper() or proper.isdigit()):
        return match[0]
    return match[1] + match[2].lower()


def unit_name_in_text(value, *, opening: bool = False) -> str:
    """An administrative unit's name, or a list of them, as Vietnamese writes it inside a sentence (Nghị định
    30/2020/NĐ-CP, Phụ lục II, mục II): the common noun of its kind in lower case, the proper name as it is. "Xã Côn
    Minh, Tỉnh Thái Nguyên" → "xã Côn Minh, tỉnh Thái Nguyên", "Thành phố Hà Nội" → "thành phố Hà Nội", "UBND Huyện Na
    Rì" → "UBND huyện Na Rì". Each comma-separated part of an address is read: the units its line names follow the
    rule too ("Tổ 3, Phường Bá Xuyên" → "Tổ 3, phường Bá Xuyên"), the rest of the line is left as typed. A name
    without its kind ("Côn Minh") and a heading's capitals ("TỈNH THÁI NGUYÊN") are left alone.

    `opening`: the text opens a sentence, a heading or a cell where it stands alone, which starts with a capital
    ("Xã Côn Minh, tỉnh Thái Nguyên"; the units after the first stay in lower case). The one rule of the app: the
    model's AdministrativeUnit.name_in_text, producers' addresses (products.models.compose_address) and the templates'
    `in_text` filter (ocop.templatetags.documents) all come here."""
    text = nfc(str(value or ""))
    text = ",".join(_UNIT_KIND_AT_START.sub(_kind_lowered, part, count=1) for part in text.split(","))
    if opening:
        text = text[:1].upper() + text[1:]
    return text


# --- document numbers ---------------------------------------------------------------------------------------------

# The dashes and slashes a keyboard, a word processor or a copied PDF put where a number's sign has "-" and "/":
# hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, small and fullwidth
# hyphen-minus; fraction slash, division slash, fullwidth solidus.
_NUMBER_SIGNS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"))
_NUMBER_SIGNS.update(str.maketrans(dict.fromkeys("\u2044\u2215\uff0f", "/")))
DIGITS = "0123456789"


def decision_number_key(value: str) -> str:
    """One document number ("số, ký hiệu") however a clerk typed it: "12/QĐ-UBND", "12/QD-UBND", "12/qđ-ubnd",
    "12 / QĐ–UBND", "012/QĐ-UBND" and their NFD spellings give one key, "12/qd-ubnd". Folded: letter case, spaces,
    "Đ"/"đ" as "D"/"d" and any other mark (strip_accents: a sign such as "QĐ" is typed without the IME as often as
    with it), the dash and slash characters, and the zeros before the running number (Nghị định 30/2020/NĐ-CP, Phụ
    lục I, writes a number below 10 with a 0 before it: "05/QĐ-UBND" is 5). The one comparison of decision and
    certificate numbers (who else holds a number, which certificate a typed number names); the number is stored as
    typed, as printed."""
    key = "".join(strip_accents(value or "").translate(_NUMBER_SIGNS).casefold().split())
    return re.sub(r"^0+(?=[0-9])", "", key)


def decision_number_q(field: str, number: str) -> Q:
    """A condition on the number in `field` that every number with the key of `number` meets (decision_number_key
    folds no digit away but the running number's leading zeros): the same digits in the same order, whatever stands
    between them. A filter for the database, which cannot fold; a few other numbers meet it too ("1/2-QĐ" for
    "12/QĐ-UBND"), so the caller compares decision_number_key of what it reads."""
    key = decision_number_key(number)
    gap = f"[^{DIGITS}]*"
    zeros = f"(0{gap})*" if key and key[0] in DIGITS else ""
    return Q(**{f"{field}__regex": f"^{gap}{zeros}{gap.join(ch for ch in key if ch in DIGITS)}{gap}$"})


def numbered(rows, number: str, field: str = "number") -> list:
    """Those of `rows` (records read with decision_number_q) whose `field` has the key of `number`."""
    key = decision_number_key(number)
    return [row for row in rows if decision_number_key(getattr(row, field)) == key]


# The name of the Vietnamese collation: PostgreSQL's ICU collation, which the embedded SQLite database gets too
# (vietnamese_compare, registered on each of its connections by ocop.db.sqlite_vietnamese_collation).
VIETNAMESE_COLLATION = "vi-x-icu"


def vi_order(field: str, descending: bool = False):
    """Vietnamese alphabetical order ("Mật ong" before "Miến dong", "Đồng Nai" after "Điện Biên" and before "Gia
    Lai"), on PostgreSQL and on the embedded SQLite database alike."""
    expr = Collate(F(field), VIETNAMESE_COLLATION)
    return expr.desc() if descending else expr.asc()


# Vietnamese alphabetical order as CLDR's "vi" collation gives it (PostgreSQL's vi-x-icu): the 29 letters of the
# alphabet in their order (ă and â after a, đ after d, ê after e, ô and ơ after o, ư after u; f, j, w and z of foreign
# words where Latin has them); tones only when the letters are the same (a, à, ả, ã, á, ạ); case last. Spaces and
# punctuation come before digits, digits before letters, other scripts after.
VIETNAMESE_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Spaces and ASCII punctuation in the order of Unicode's default collation, which CLDR's "vi" keeps; any other such
# character after them, by code point.
PUNCTUATION_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
LETTER_MARKS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn: part of the letter (ă â ê ô ơ ư)
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


class _Weights(dict):
    """A str.translate table from a character to its weight at one `level` of _character_weights, filled as characters
    are met."""

    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def __missing__(self, code: int) -> str:
        weight = self[code] = _character_weights(chr(code))[self.level]
        return weight


_LETTERS, _TONES, _CASES = _Weights(0), _Weights(1), _Weights(2)


@functools.lru_cache(maxsize=16384)
def vietnamese_sort_key(text: str) -> tuple[str, str, str]:
    """A key that sorts strings in Vietnamese alphabetical order: all letters first, then their tones, then case. Three
    compact strings (about 300 bytes for a product's name), as SQLite's collation keeps the keys of the names it has
    sorted in this cache."""
    text = unicodedata.normalize("NFC", text)
    return text.translate(_LETTERS), text.translate(_TONES), text.translate(_CASES)


def _character_weights(character: str) -> tuple[str, str, str]:
    """A character's weight at each level, of the same length for every letter: its letter (a group, then its place
    in the group), its tone (another accent of a foreign word after the five tones), its case. A combining mark that
    no letter took in (NFC) weighs at the tone level only."""
    if unicodedata.combining(character):
        return "", chr(TONE_MARKS.get(character, 6 + ord(character) * 8)), ""
    base, *marks = unicodedata.normalize("NFD", character)
    letter = unicodedata.normalize("NFC", base.lower() + "".join(m for m in marks if m in LETTER_MARKS))
    eth = letter == "ð"  # the Icelandic eth (often typed for Đ) is a d with an accent, as in ICU
    letter = "d" if eth else letter
    if letter in VIETNAMESE_ALPHABET:
        primary = (3, VIETNAMESE_ALPHABET.index(letter))
    elif letter.isdigit():
        primary = (2, unicodedata.digit(letter, ord(letter)))
    elif letter in PUNCTUATION_ORDER:
        primary = (1, PUNCTUATION_ORDER.index(letter))
    elif unicodedata.category(letter)[0] in "ZPSC":
        primary = (1, min(len(PUNCTUATION_ORDER) + ord(letter), sys.maxunicode))
    else:
        primary = (4, ord(letter))
    tone = max((TONE_MARKS.get(m, 0) for m in marks), default=0)
    other = [ord(m) for m in marks if m not in LETTER_MARKS and m not in TONE_MARKS] + ([ord(base)] if eth else [])
    secondary = 6 + min(other) * 8 + tone if other else tone
    return chr(primary[0]) + chr(primary[1]), chr(secondary), "1" if base != base.lower() else "0"


def vietnamese_compare(first: str, second: str) -> int:
    """-1, 0 or 1 as `first` sorts before, with or after `second` in Vietnamese order (SQLite's collation API)."""
    a, b = vietnamese_sort_key(first), vietnamese_sort_key(second)
    return (a > b) - (a < b)
