"""Điều 8.4: "Thời gian thu hồi giấy chứng nhận là 15 ngày kể từ ngày có kết luận … hoặc xác nhận của UBND cấp
xã". Calendar days (the decision writes "ngày làm việc" where it means working days, Điều 7.2); the day of the
conclusion is not counted and a last day that is a day off moves to the next working day (Bộ luật Dân sự 2015,
Điều 147.1 and 148.5), from the app's calendar (statutory holidays and the administrators' exceptions)."""

import datetime as dt

import pytest

from ocop.models import CalendarException
from ocop.workdays import add_working_days, is_working_day
from supervision.services import revocation_due_on

pytestmark = pytest.mark.django_db


def test_15_calendar_days_from_a_plain_weekday():
    assert revocation_due_on(dt.date(2026, 12, 1)) == dt.date(2026, 12, 16)


def test_tet_inside_the_period_does_not_lengthen_it():
    opened = dt.date(2027, 1, 27)  # Wednesday; Tết Đinh Mùi is 4–10/02/2027
    assert not any(is_working_day(dt.date(2027, 2, d)) for d in range(4, 11))
    assert revocation_due_on(opened) == dt.date(2027, 2, 11)  # the 15th day, a Thursday after Tết
    assert add_working_days(opened, 15) > dt.date(2027, 2, 20)  # what a working-day count would have given


def test_a_last_day_on_a_weekend_moves_to_monday():
    assert revocation_due_on(dt.date(2027, 1, 29)) == dt.date(2027, 2, 15)  # Saturday 13/02 → Monday 15/02


def test_a_last_day_inside_tet_moves_past_the_holidays():
    assert revocation_due_on(dt.date(2027, 1, 22)) == dt.date(2027, 2, 11)  # 06/02 is Mùng 1 Tết


def test_a_last_day_on_30_4_moves_past_1_5_and_the_weekend():
    assert revocation_due_on(dt.date(2026, 4, 15)) == dt.date(2026, 5, 4)


def test_an_administrators_day_off_counts_too():
    CalendarException.objects.create(date=dt.date(2026, 12, 16), change="day_off", note="Nghỉ bù")
    assert revocation_due_on(dt.date(2026, 12, 1)) == dt.date(2026, 12, 17)
