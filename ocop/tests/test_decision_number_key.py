"""One document number however a clerk types it (ocop.text.decision_number_key): "12/QĐ-UBND", "12/QD-UBND",
"12/qđ-ubnd" and "12 / QĐ–UBND" are one number to every check, and decision_number_q finds every stored spelling of
it in the database, which cannot fold."""

import unicodedata

import pytest

from ocop.models import Counter
from ocop.text import decision_number_key, decision_number_q, numbered

SAME = [
    "12/QĐ-UBND",
    "12/QD-UBND",
    "12/qđ-ubnd",
    "12 / QĐ-UBND",
    " 12/QĐ - UBND ",
    "12/QĐ–UBND",  # en dash
    "12/QĐ—UBND",  # em dash
    "12/QĐ\u2011UBND",  # non-breaking hyphen
    "12\uff0fQĐ-UBND",  # fullwidth solidus
    "012/QĐ-UBND",  # Nghị định 30/2020: a number below 10 has a 0 before it, a clerk may add one more
    "12/QĐ-UBND\u00a0",
]
OTHERS = ["112/QĐ-UBND", "120/QĐ-UBND", "12/QĐ-UBNDT", "12/TB-UBND", "1/2QĐ-UBND", "21/QĐ-UBND", "12/2024/QĐ-UBND"]


def test_it_folds_what_a_clerk_types_differently_for_one_number():
    assert {decision_number_key(number) for number in SAME} == {"12/qd-ubnd"}
    # "Đ" has no decomposition; a sign with another Vietnamese letter, from an IME that writes NFD:
    assert decision_number_key(unicodedata.normalize("NFD", "3/QĐ-SỞNN")) == decision_number_key("3/QĐ-SỞNN")


def test_the_eth_typed_for_dj_is_the_same_number():
    # "QÐ" with the Icelandic eth (U+00D0), which a keyboard set to another language or a legacy font converter gives
    # for "QĐ": without folding it a decision "2468/QÐ-UBND" would pass as a number the issuer has not used yet.
    assert decision_number_key("12/Q\u00d0-UBND") == decision_number_key("12/QĐ-UBND") == "12/qd-ubnd"
    assert decision_number_key("12/q\u00f0-ubnd") == "12/qd-ubnd"


def test_it_keeps_apart_what_is_another_number():
    keys = [decision_number_key(number) for number in OTHERS]
    assert "12/qd-ubnd" not in keys and len(set(keys)) == len(OTHERS)
    # A zero inside the number, or after the running number, is a digit of it.
    assert decision_number_key("102/QĐ-UBND") != decision_number_key("12/QĐ-UBND")
    assert decision_number_key("2024-NR-023") != decision_number_key("2024-NR-23")
    assert decision_number_key("2024-NR-023") == decision_number_key("2024 – nr – 023")


@pytest.mark.django_db
def test_the_database_filter_finds_every_spelling_and_the_key_leaves_the_others():
    # Counter's key stands for any number column (decision_number_q builds a condition on any field).
    Counter.objects.bulk_create([Counter(key=number) for number in SAME + OTHERS])
    for typed in ("12/QD-UBND", "12 / qđ–ubnd", "0012/QĐ-UBND"):
        found = list(Counter.objects.filter(decision_number_q("key", typed)).order_by("pk"))
        assert {c.key for c in found} >= set(SAME), typed
        assert [c.key for c in numbered(found, typed, field="key")] == SAME, typed
    assert not Counter.objects.filter(decision_number_q("key", "13/QĐ-UBND")).exists()
