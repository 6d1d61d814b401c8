"""The notices page: a user's own notices, newest first, a page at a time. Opening a page marks the notices it
shows as read, not the older ones nobody has seen yet (the page used to show the newest 100, mark every notice
read and offer no way to the rest)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from ocop.models import Notification
from ocop.phrases import Phrase
from ocop.services import notify

pytestmark = pytest.mark.django_db

URL = reverse("notification_list")
MESSAGE = gettext_lazy("Phản ánh mới về sản phẩm “%(p)s”.")


def _notices(user, count: int) -> None:
    for n in range(count):
        notify(users=[user], message=Phrase(MESSAGE, p=f"Sản phẩm {n:03d}"))


def test_it_pages_the_notices_and_marks_only_those_shown_as_read(cast, login):
    _notices(cast.producer_owner, 120)
    client = login(cast.producer_owner)
    page = client.get(URL).content.decode()
    assert "Sản phẩm 119" in page and "Sản phẩm 070" in page and "Sản phẩm 069" not in page
    assert 'rel="next"' in page
    unread = Notification.objects.filter(user=cast.producer_owner, read_at=None)
    assert unread.count() == 70
    page = client.get(URL, {"page": 2}).content.decode()
    assert "Sản phẩm 069" in page and "Sản phẩm 020" in page and "Sản phẩm 019" not in page
    assert unread.count() == 20
    page = client.get(URL, {"page": 3}).content.decode()
    assert "Sản phẩm 000" in page and 'rel="next"' not in page
    assert unread.count() == 0


def test_the_unread_ones_stand_out_the_first_time_only(cast, login):
    _notices(cast.producer_owner, 1)
    client = login(cast.producer_owner)
    unread = '<li class="list-group-item fw-semibold" data-testid="notification">'
    page = client.get(URL).content.decode()
    assert unread in page and '<span class="visually-hidden">chưa đọc:</span>' in page  # said, not only shown
    page = client.get(URL).content.decode()
    assert unread not in page and "chưa đọc:" not in page


def test_it_shows_the_users_own_notices_only(cast, login):
    _notices(cast.other_producer, 3)
    page = login(cast.producer_owner).get(URL).content.decode()
    assert "Sản phẩm 000" not in page and "Chưa có thông báo." in page


def test_a_page_costs_the_same_queries_for_few_or_many_notices(cast, login, django_assert_max_num_queries):
    client = login(cast.producer_owner)
    _notices(cast.producer_owner, 3)
    with django_assert_max_num_queries(12) as few:  # three unread: shown, then marked read
        client.get(URL)
    _notices(cast.producer_owner, 200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


@pytest.mark.postgres
def test_a_page_is_read_in_order_from_its_index(cast):
    """An officer gathers thousands of notices over the years: with sorting priced out, the planner reads a page
    from notif_user_recent (were the index and the order to drift apart, it would sort them all)."""
    from django.core.paginator import Paginator
    from django.db import connection

    _notices(cast.province_officer, 3)
    page = Paginator(cast.province_officer.notifications.all(), 50).get_page(1)
    sql, params = page.object_list.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "notif_user_recent" in plan and "Sort" not in plan, plan


def test_a_phone_sees_the_unread_count_without_opening_the_menu(cast, login):
    """Below the xl breakpoint the menu is folded behind its button, and with it the count of unread notices: a
    producer on a phone had no sign that the commune returned the dossier or the advisory team asked for more.
    The count now also stands beside the menu button (hidden where the menu is open, d-xl-none)."""
    client = login(cast.producer_owner)
    assert 'data-testid="unread-bell"' not in client.get("/").content.decode()
    _notices(cast.producer_owner, 3)
    page = client.get("/").content.decode()
    header = page[page.index('class="navbar-brand') : page.index('id="mainNav"')]  # outside the folded menu
    assert 'href="/notifications/" data-testid="unread-bell"' in header
    assert '<span class="badge bg-warning text-dark">3<span class="visually-hidden"> chưa đọc</span></span>' in header
    assert 'class="nav-link text-white ms-auto me-2 px-2 py-2 d-xl-none"' in header
