"""Working days for legal deadlines (D26 Điều 7.2: the commune's 15 working days): weekends, the public
holidays of Bộ luật Lao động 2019 Điều 112 with their days off in lieu (Điều 112.3), for any year, and the
government's yearly swaps kept as reference data (CalendarException, edited in the admin)."""

import datetime as dt

import pytest

from ocop.models import CalendarException
from ocop.workdays import add_working_days, is_working_day, latest_start_for, working_days_between

D = dt.date
pytestmark = pytest.mark.django_db


def test_it_skips_weekends():
    friday = D(2026, 10, 16)
    assert add_working_days(friday, 1) == D(2026, 10, 19)  # Monday
    assert add_working_days(friday, 5) == D(2026, 10, 23)


def test_fifteen_working_days_are_three_weeks_without_holidays():
    monday = D(2026, 10, 5)
    assert add_working_days(monday, 15) == D(2026, 10, 26)
    assert working_days_between(monday, D(2026, 10, 26)) == 15


def test_tet_2027_on_a_weekend_gives_days_off_in_lieu():
    """Tết Đinh Mùi: mùng 1 is Saturday 06/02/2027. Điều 112.3 moves the weekend days of Tết to working days,
    so 04/02–10/02 (Thu–Wed) are all off. The hand-kept table stopped at 05/02–09/02: a deadline counted across
    Tết came two working days too early."""
    for day in (D(2027, 2, 4), D(2027, 2, 5), D(2027, 2, 8), D(2027, 2, 9), D(2027, 2, 10)):
        assert not is_working_day(day), day
    assert is_working_day(D(2027, 2, 3)) and is_working_day(D(2027, 2, 11))
    # A dossier filed on Monday 25/01/2027: 15 working days with 04/02–10/02 off end on Monday 22/02/2027
    # (the old table gave Thursday 18/02, two working days early).
    assert add_working_days(D(2027, 1, 25), 15) == D(2027, 2, 22)


def test_30_4_and_1_5_on_a_weekend_give_a_day_off_in_lieu():
    # 2027: 30/4 Friday, 1/5 Saturday → Monday 03/05 is off in lieu.
    assert not is_working_day(D(2027, 4, 30)) and not is_working_day(D(2027, 5, 3))
    assert add_working_days(D(2027, 4, 29), 1) == D(2027, 5, 4)
    # 2033: both on the weekend → Monday 02/05 and Tuesday 03/05 are off.
    assert not is_working_day(D(2033, 5, 2)) and not is_working_day(D(2033, 5, 3))
    assert add_working_days(D(2033, 4, 29), 1) == D(2033, 5, 4)


def test_national_day_2_9_with_its_neighbour_and_in_lieu():
    # 2027: 02/09 Thursday and 03/09 Friday (the day next to it) are off.
    assert not is_working_day(D(2027, 9, 2)) and not is_working_day(D(2027, 9, 3))
    assert add_working_days(D(2027, 9, 1), 1) == D(2027, 9, 6)
    # 2029: 02/09 is a Sunday → 03/09 and 04/09 are off; 31/08 (Friday) is worked.
    assert is_working_day(D(2029, 8, 31))
    assert not is_working_day(D(2029, 9, 3)) and not is_working_day(D(2029, 9, 4))


def test_it_knows_years_after_2030():
    # Tết 2031: mùng 1 is Thursday 23/01/2031; the old table ended in 2030.
    assert not is_working_day(D(2031, 1, 23))
    assert not is_working_day(D(2035, 4, 30))


def test_an_announced_day_off_is_skipped_and_a_worked_saturday_counts():
    friday = D(2026, 11, 20)
    assert add_working_days(friday, 1) == D(2026, 11, 23)
    CalendarException.objects.create(date=D(2026, 11, 23), change="day_off", reference="Thông báo thử")
    assert add_working_days(friday, 1) == D(2026, 11, 25)  # 24/11 is Vietnam Culture Day
    CalendarException.objects.create(date=D(2026, 11, 21), change="working_day", reference="Thông báo thử")
    assert add_working_days(friday, 1) == D(2026, 11, 21)
    CalendarException.objects.filter(date=D(2026, 11, 21)).first().delete()
    assert add_working_days(friday, 1) == D(2026, 11, 25)


def test_an_exception_overrides_a_statutory_holiday():
    assert not is_working_day(D(2027, 2, 10))
    CalendarException.objects.create(date=D(2027, 2, 10), change="working_day", reference="Thông báo thử")
    assert is_working_day(D(2027, 2, 10))


def test_the_calendar_reads_the_table_once_until_it_changes(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(D(2026, 10, 5), 15)
        add_working_days(D(2026, 10, 5), 15)


def test_the_latest_start_is_the_inverse_of_adding_working_days():
    end = D(2026, 12, 11)  # a Friday
    start = latest_start_for(end, 15)
    assert start == D(2026, 11, 19)  # 24/11 (Vietnam Culture Day) is off, so a Thursday
    assert add_working_days(start, 15) == end
    assert add_working_days(start + dt.timedelta(days=1), 15) > end
    due = D(2027, 4, 30)
    start = latest_start_for(due, 15)
    assert add_working_days(start, 15) <= due < add_working_days(start + dt.timedelta(days=1), 15)


def test_administrators_edit_the_announced_swaps_in_the_admin(cast, client):
    url = "/admin/ocop/calendarexception/add/"
    client.force_login(cast.admin)
    response = client.post(
        url, {"date": "04/01/2027", "change": "day_off", "reference": "Thông báo 01/TB thử", "note": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not is_working_day(D(2027, 1, 4))
    client.force_login(cast.province_officer)
    assert client.get(url).status_code in {302, 403}


def test_a_day_deleted_from_the_admin_list_leaves_the_calendar(cast, client):
    """The admin list's "delete selected" action deletes a queryset (no Model.delete()): the cached calendar must
    forget the day all the same, or every deadline counted afterwards still skips a day the government never gave."""
    wrong = CalendarException.objects.create(date=D(2026, 12, 28), change="day_off", reference="Nhập nhầm")
    assert add_working_days(D(2026, 12, 25), 1) == D(2026, 12, 29)
    client.force_login(cast.admin)
    response = client.post(
        "/admin/ocop/calendarexception/",
        {"action": "delete_selected", "_selected_action": [wrong.pk], "post": "yes"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not CalendarException.objects.exists()
    assert add_working_days(D(2026, 12, 25), 1) == D(2026, 12, 28)
