"""Working days (ngày làm việc) for legal deadlines: the commune's 15 working days (D26 Điều 7.2), the
45 days of a re-evaluation (Điều 7.6g) and anything else counted in working days.

A day is not worked when it is a Saturday or Sunday, or a public holiday of Bộ luật Lao động 2019 Điều 112
— including the days off in lieu when a holiday falls on a weekend (Điều 112.3) and the government's known
swaps — as given for any year by the `holidays` package's Vietnam calendar. On top of that, the swaps the
government announces each year (nghỉ bù, hoán đổi ngày làm việc, a longer Tết, a Saturday worked in exchange)
are reference data that administrators edit in the admin (ocop.models.CalendarException); an entry there
overrides the statutory calendar for its date.

A deadline counted from day D is the N-th working day after D (D itself is not counted).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays as holiday_calendars
from django.core.cache import cache

CACHE_KEY = "ocop:workdays:calendar-exceptions"


@lru_cache(maxsize=1)
def _statutory():
    """The Vietnam calendar of the `holidays` package; it fills each year the first time it is asked."""
    return holiday_calendars.country_holidays("VN")


def calendar_exceptions() -> dict[dt.date, bool]:
    """{date: is a working day} from the administrators' table, cached until the table changes."""
    table = cache.get(CACHE_KEY)
    if table is None:
        from .models import CalendarException

        table = {row.date: row.change == "working_day" for row in CalendarException.objects.only("date", "change")}
        cache.set(CACHE_KEY, table, None)
    return table


def forget_calendar_exceptions() -> None:
    cache.delete(CACHE_KEY)


def is_working_day(day: dt.date) -> bool:
    exceptions = calendar_exceptions()
    if day in exceptions:
        return exceptions[day]
    return _statutory().is_working_day(day)


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
