from datetime import date

import pytest

from certificates.services.decisions import certificate_valid_until


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        (date(2026, 8, 5), date(2029, 8, 5)),  # the domain example: same calendar day, 36 months on
        (date(2028, 2, 29), date(2031, 2, 28)),  # 29 February clamps to 28 February
        (date(2027, 2, 28), date(2030, 2, 28)),
        (date(2029, 2, 28), date(2032, 2, 28)),  # into a leap year: stays the 28th, not the 29th
        (date(2026, 1, 31), date(2029, 1, 31)),  # month ends stay month ends when the month has the day
        (date(2026, 4, 30), date(2029, 4, 30)),
        (date(2026, 12, 31), date(2029, 12, 31)),
        (date(2025, 3, 1), date(2028, 3, 1)),  # across a 29 February, not 1,095 days
    ],
)
def test_it_counts_36_calendar_months(decided, expected):
    assert certificate_valid_until(decided) == expected


def test_it_is_not_1095_days():
    assert (certificate_valid_until(date(2025, 3, 1)) - date(2025, 3, 1)).days == 1096
