import datetime as dt

import pytest

from evaluation.choices import legal_basis_on


@pytest.mark.parametrize(
    ("day", "basis"),
    [
        (dt.date(2018, 11, 23), "pre-1048"),
        (dt.date(2019, 8, 21), "1048/2019"),
        (dt.date(2023, 2, 23), "1048/2019"),
        (dt.date(2023, 2, 24), "148/2023"),
        (dt.date(2025, 7, 6), "1489/2025"),
        (dt.date(2026, 5, 21), "1489/2025"),
        (dt.date(2026, 5, 22), "26/2026"),
    ],
)
def test_it_names_the_rule_set_in_force_on_a_day(day, basis):
    assert legal_basis_on(day) == basis
