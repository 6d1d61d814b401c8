"""Working days (ngày làm việc) for legal deadlines such as the commune's 15 working days (D26 Điều 7.2).

Choice: no third-party holiday package. Saturdays and Sundays are skipped, and so are Vietnam's public
holidays (Bộ luật Lao động 2019, Điều 112):

- fixed solar dates: 01/01 (Tết Dương lịch), 30/04 and 01/05, 02/09 and the day next to it (01/09 or 03/09,
  the government names which each year — we skip both, the safer reading for a deadline);
- lunar dates (Tết Nguyên đán and Giỗ Tổ Hùng Vương 10/3 âm lịch) as a small table of solar dates per year,
  below, for the years the application will run;
- everything the government announces each year (nghỉ bù, hoán đổi ngày làm việc, a longer Tết) through
  `settings.OCOP_EXTRA_HOLIDAYS`: a list of ISO dates ("2027-02-05") added to the table.

A deadline counted from day D is the N-th working day after D (D itself is not counted).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings

FIXED_SOLAR = {(1, 1), (4, 30), (5, 1), (9, 1), (9, 2)}

# Tết Nguyên đán: the last day of the old year and the first four of the new (5 days by law; the
# government usually lengthens it — add those days in OCOP_EXTRA_HOLIDAYS). Giỗ Tổ Hùng Vương: 10/3 âm lịch.
LUNAR_HOLIDAYS = {
    2025: ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-04-07"],
    2026: ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-26"],
    2027: ["2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-04-16"],
    2028: ["2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28", "2028-01-29", "2028-04-04"],
    2029: ["2029-02-12", "2029-02-13", "2029-02-14", "2029-02-15", "2029-02-16", "2029-04-23"],
    2030: ["2030-02-02", "2030-02-03", "2030-02-04", "2030-02-05", "2030-02-06", "2030-04-12"],
}


@lru_cache(maxsize=8)
def _holiday_table(extra: tuple[str, ...]) -> frozenset[dt.date]:
    days = {dt.date.fromisoformat(d) for year in LUNAR_HOLIDAYS.values() for d in year}
    days |= {dt.date.fromisoformat(d) for d in extra}
    return frozenset(days)


def holidays() -> frozenset[dt.date]:
    return _holiday_table(tuple(getattr(settings, "OCOP_EXTRA_HOLIDAYS", ()) or ()))


def is_working_day(day: dt.date) -> bool:
    if day.weekday() >= 5:
        return False
    if (day.month, day.day) in FIXED_SOLAR:
        return False
    return day not in holidays()


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (start itself is not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    current = start
    counted = 0
    while counted < days:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative when end is before start)."""
    if end < start:
        return -working_days_between(end, start)
    count, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def latest_start_for(end: dt.date, days: int) -> dt.date:
    """The latest day D whose `days`-th working day after it falls on or before `end`
    (add_working_days(D, days) <= end): e.g. the last day a producer can file so that the commune's
    15 working days end by the round's proposal deadline."""
    if days < 0:
        raise ValueError("days must be >= 0")
    current, counted = end, 0
    while counted < days:
        if is_working_day(current):
            counted += 1
        current -= dt.timedelta(days=1)
    return current
