"""Working days for legal deadlines: weekends and Vietnamese public holidays are skipped."""

import datetime as dt

from ocop.workdays import add_working_days, is_working_day, working_days_between


def test_it_skips_weekends():
    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 23)  # Monday
    assert add_working_days(friday, 5) == dt.date(2026, 11, 27)


def test_fifteen_working_days_are_three_weeks_without_holidays():
    monday = dt.date(2026, 11, 2)
    assert add_working_days(monday, 15) == dt.date(2026, 11, 23)
    assert working_days_between(monday, dt.date(2026, 11, 23)) == 15


def test_it_skips_fixed_holidays():
    assert not is_working_day(dt.date(2027, 4, 30)) and is_working_day(dt.date(2027, 5, 3))
    # Thursday 29/04/2027 + 1 working day: 30/04 (Fri) and 01/05 are holidays, 02/05 Sunday → Monday 03/05.
    assert add_working_days(dt.date(2027, 4, 29), 1) == dt.date(2027, 5, 3)
    assert not is_working_day(dt.date(2026, 9, 2)) and not is_working_day(dt.date(2026, 9, 1))
    assert not is_working_day(dt.date(2027, 1, 1))


def test_it_skips_tet_from_the_table():
    # Tết Bính Ngọ 2026: 16/02–20/02 (Mon–Fri) are off, so Friday 13/02 + 1 = Monday 23/02.
    assert add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 23)


def test_it_skips_the_configured_extra_days(settings):
    settings.OCOP_EXTRA_HOLIDAYS = ["2026-11-23"]
    assert add_working_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 24)
    settings.OCOP_EXTRA_HOLIDAYS = []
    assert add_working_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)


def test_the_latest_start_is_the_inverse_of_adding_working_days():
    import datetime as dt

    from ocop.workdays import add_working_days, latest_start_for

    end = dt.date(2026, 12, 11)  # a Friday
    start = latest_start_for(end, 15)
    assert start == dt.date(2026, 11, 22)  # the Sunday before: Monday 23/11 is the first working day counted
    assert add_working_days(start, 15) == end
    assert add_working_days(start + dt.timedelta(days=1), 15) > end
    # Around 30/4 and 1/5 (holidays) and a weekend the deadline moves back accordingly.
    due = dt.date(2027, 4, 30)
    start = latest_start_for(due, 15)
    assert add_working_days(start, 15) <= due < add_working_days(start + dt.timedelta(days=1), 15)
