"""signed_paper_errors: the one check of a signed paper's number and date, in the words of the page that records it."""

import datetime as dt

import pytest

from ocop.paper import SUBMISSION_NUMBER_RE, PaperWords, signed_paper_errors

TODAY = dt.date(2026, 12, 2)
WORDS = PaperWords(
    number_missing="no number",
    number_malformed="bad number",
    date_missing="no date",
    date_future="after %(today)s",
    date_early="before %(d)s (today %(today)s)",
    date_late="after %(d)s",
)


def errors(number="12/QĐ-UBND", date=dt.date(2026, 11, 20), **options):
    return signed_paper_errors(
        number=number, date=date, words=WORDS, number_field="n", date_field="d", today=TODAY, **options
    )


def test_it_accepts_a_numbered_paper_of_a_past_day():
    assert errors() == {}
    assert errors(date=TODAY) == {}


@pytest.mark.parametrize(
    ("number", "date", "expected"),
    [
        ("", dt.date(2026, 11, 20), {"n": "no number"}),
        ("xx", dt.date(2026, 11, 20), {"n": "bad number"}),
        ("12/QĐ-UBND", None, {"d": "no date"}),
        ("12/QĐ-UBND", dt.date(2026, 12, 3), {"d": "after 02/12/2026"}),
        ("", None, {"n": "no number", "d": "no date"}),
        ("Quyết định số 12", dt.date(2026, 12, 3), {"n": "bad number", "d": "after 02/12/2026"}),
    ],
)
def test_it_refuses_each_part_beside_its_field_all_at_once(number, date, expected):
    assert errors(number=number, date=date) == expected


def test_it_refuses_a_day_outside_the_bounds_naming_the_bound():
    bounds = {"not_before": dt.date(2026, 11, 1), "not_after": dt.date(2026, 11, 25)}
    assert errors(date=dt.date(2026, 10, 31), **bounds) == {"d": "before 01/11/2026 (today 02/12/2026)"}
    assert errors(date=dt.date(2026, 11, 26), **bounds) == {"d": "after 25/11/2026"}
    assert errors(date=dt.date(2026, 11, 1), **bounds) == {}
    assert errors(date=dt.date(2026, 11, 25), **bounds) == {}


def test_it_says_the_future_before_the_bounds():
    assert errors(date=dt.date(2027, 1, 1), not_after=dt.date(2026, 11, 25)) == {"d": "after 02/12/2026"}


def test_it_lets_an_optional_paper_wait_but_asks_one_part_for_the_other():
    assert errors(number="", date=None, optional=True) == {}
    assert errors(number="12/QĐ-UBND", date=None, optional=True) == {"d": "no date"}
    assert errors(number="", date=dt.date(2026, 11, 20), optional=True) == {"n": "no number"}
    assert errors(number="", date=None) == {"n": "no number", "d": "no date"}


def test_it_reads_the_number_by_the_pattern_given():
    assert errors(number="12/QĐ-UBND", pattern=SUBMISSION_NUMBER_RE) == {"n": "bad number"}
    assert errors(number="12/TTr-SNNMT", pattern=SUBMISSION_NUMBER_RE) == {}


def test_it_uses_the_day_in_viet_nam_without_a_today():
    # The suite is pinned to 2026-12-02 (ocop.testing): the 3rd is tomorrow.
    words_only = {"words": WORDS, "number_field": "n", "date_field": "d"}
    assert signed_paper_errors(number="1/UBND", date=dt.date(2026, 12, 2), **words_only) == {}
    assert signed_paper_errors(number="1/UBND", date=dt.date(2026, 12, 3), **words_only) == {"d": "after 02/12/2026"}
