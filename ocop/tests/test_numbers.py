"""Shares are whole percents rounded half up, as a spreadsheet or a reader rounds them (ocop.numbers.percent)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocop.numbers import percent


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 8, 13), (5, 8, 63), (3, 8, 38), (6, 7, 86), (14, 23, 61), (1, 3, 33), (2, 3, 67), (0, 5, 0), (5, 5, 100)],
)
def test_it_rounds_half_up(part, whole, expected):
    assert percent(part, whole) == expected


def test_there_is_no_share_of_nothing():
    assert percent(0, 0) is None and percent(3, 0) is None


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_it_is_the_nearest_whole_percent_with_halves_up(part, whole):
    share = percent(part, whole)
    assert 2 * (100 * part - share * whole) in range(-whole, whole)  # |exact − share| ≤ ½, and −½ never
