"""Producer and product names as the guards against saving one twice compare them (producer_create, product_create).

The guards refuse outright (the form says "mở chủ thể đó để sửa"): a name is folded only where two spellings can never
be two producers or two products. Folded: Unicode normalisation (NFC, NFD), letter case, spaces (repeated, non-breaking,
tabs), punctuation ("Cty. TNHH Mai, Hoa" is "Cty TNHH Mai Hoa"; a dot or comma between digits stays: "1.5" is not
"15"), where the tone mark sits on "oa", "oe", "uy" ("Hòa" and "Hoà", "Thủy" and "Thuỷ": two spelling rules for one
syllable), and, in a producer's name, the spelled-out and abbreviated legal form ("HTX" is "Hợp tác xã", "Cty" "Công
ty", "TNHH" "Trách nhiệm hữu hạn", "DNTN" "Doanh nghiệp tư nhân", "HKD" "Hộ kinh doanh"). Never folded: the
diacritics, which tell Vietnamese names apart ("Mật ong" is not "Mát ong"), and any word or digit."""

import re
import unicodedata

from ocop.models import AdministrativeUnit

from .models import PRODUCT_CODE_FIELDS, Producer, Product

# The punctuation a name may hold or leave out for the same name; a dot or comma between two digits is a number's.
NAME_PUNCTUATION = frozenset(".,;:!?\"'“”‘’«»()[]{}-‐‑–—_/\\…·&")
# A tone mark on the glide of "oa", "oe", "uy" (the "new" rule, "hòa", "thủy") is put on the vowel after it (the "old"
# rule, "hoà", "thuỷ"), in NFD: grave, acute, tilde, hook above, dot below.
_TONE_ON_GLIDE = re.compile("([ou])([\u0300\u0301\u0303\u0309\u0323])([aey])")
# A legal form spelled out → its standard abbreviation (lower case, as the key writes them), longest first.
LEGAL_FORMS = (
    ("doanh nghiệp tư nhân", "dntn"),
    ("trách nhiệm hữu hạn", "tnhh"),
    ("công ty cổ phần", "cty cp"),
    ("hộ kinh doanh", "hkd"),
    ("một thành viên", "mtv"),
    ("1 thành viên", "mtv"),
    ("hợp tác xã", "htx"),
    ("tổ hợp tác", "tht"),
    ("cổ phần", "cp"),
    ("công ty", "cty"),
    ("c ty", "cty"),
    ("ctcp", "cty cp"),
)
_LEGAL_FORMS = [(re.compile(rf"(?<!\w){re.escape(long)}(?!\w)"), short) for long, short in LEGAL_FORMS]


def product_name_key(name: str) -> str:
    """A product's name as its producer's guard compares it: "Trà  xanh (loại 1)." is "trà xanh loại 1"."""
    text = unicodedata.normalize("NFD", (name or "").casefold())
    text = unicodedata.normalize("NFC", _TONE_ON_GLIDE.sub(r"\1\3\2", text))
    last = len(text) - 1
    kept = [
        " "
        if ch in NAME_PUNCTUATION
        and not (ch in ".," and 0 < i < last and text[i - 1].isdigit() and text[i + 1].isdigit())
        else ch
        for i, ch in enumerate(text)
    ]
    return " ".join("".join(kept).split())


def producer_name_key(name: str) -> str:
    """A producer's name as the commune's guard compares it: "HTX  Nông nghiệp Hòa An." and "Hợp tác xã nông nghiệp
    Hoà An" give one key, "htx nông nghiệp hoà an"; "Công ty TNHH MTV Mai" is "Cty trách nhiệm hữu hạn một thành viên
    Mai"."""
    key = product_name_key(name)
    for phrase, short in _LEGAL_FORMS:
        key = phrase.sub(short, key)
    return key


def producer_named(*, commune: AdministrativeUnit, name: str) -> Producer | None:
    """The commune's producer, the first registered, whose name has the key of `name` (producer_name_key)."""
    key = producer_name_key(name)
    if not key:
        return None
    producers = Producer.objects.filter(commune=commune).only("pk", "name").order_by("pk")
    return next((p for p in producers if producer_name_key(p.name) == key), None)


def product_named(*, producer: Producer, name: str) -> Product | None:
    """The producer's product, the first registered, whose name has the key of `name` (product_name_key)."""
    key = product_name_key(name)
    if not key:
        return None
    products = Product.objects.filter(producer=producer).only("pk", "name", *PRODUCT_CODE_FIELDS).order_by("pk")
    return next((p for p in products if product_name_key(p.name) == key), None)
