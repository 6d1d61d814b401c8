"""The administrator's home page says what keeps data from being lost: when the last backup was made (late after a
missed night, or none at all) and whether work is stuck in the outbox because Redis or beat is down. Only the
administrator sees it; it costs the same queries however many backups and queued tasks there are."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.choices import AuditAction
from ocop.models import AuditEvent, OutboxMessage
from ocop.services import audit_record

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def _backup(hours_ago: float, name: str = "ocop-backup-20261202-023000") -> AuditEvent:
    event = audit_record(actor=None, action=AuditAction.BACKUP_CREATE, summary=name)
    AuditEvent.objects.filter(pk=event.pk).update(at=timezone.now() - dt.timedelta(hours=hours_ago))
    return event


def _queued(minutes_ago: float) -> None:
    row = OutboxMessage.objects.create(task="ocop.tests.record", args=[], kwargs={})
    OutboxMessage.objects.filter(pk=row.pk).update(created_at=timezone.now() - dt.timedelta(minutes=minutes_ago))


def _card(client, part: str) -> str:
    body = client.get(HOME).content.decode()
    assert 'data-testid="operations"' in body
    return body.split(f'data-testid="operations-{part}"')[1].split("</li>")[0]


def test_a_recent_backup_is_shown_with_its_time_and_name(cast, login):
    _backup(hours_ago=7.5, name="ocop-backup-20261202-023000")  # 02:30 on the pinned day (10:00)
    card = _card(login(cast.admin), "backup")
    assert "Bản sao lưu gần nhất: 02:30 02/12/2026" in card and "ocop-backup-20261202-023000" in card
    assert "Bình thường" in card and "Cần xử lý" not in card


def test_a_night_without_backup_is_flagged(cast, login, settings):
    settings.BACKUP_STALE_HOURS = 26
    _backup(hours_ago=40)
    _backup(hours_ago=60, name="older")
    card = _card(login(cast.admin), "backup")
    assert "Cần xử lý" in card and "Bản sao lưu gần nhất: 18:00 30/11/2026" in card
    assert "Không có bản sao lưu nào trong 26 giờ qua" in card


def test_an_installation_never_backed_up_says_so(cast, login):
    card = _card(login(cast.admin), "backup")
    assert "Cần xử lý" in card and "Chưa có bản sao lưu nào" in card


def test_work_stuck_in_the_outbox_is_flagged_with_its_age(cast, login):
    client = login(cast.admin)
    assert "Hàng đợi: không có việc tồn." in _card(client, "outbox")
    _queued(minutes_ago=1)  # being sent: no alarm
    assert "Hàng đợi: 1 việc đang được gửi." in _card(client, "outbox")
    _queued(minutes_ago=45)
    card = _card(client, "outbox")
    assert "Cần xử lý" in card and "2 việc chờ chuyển cho Celery từ 09:15 02/12/2026" in card


def test_the_card_speaks_english_to_an_english_reader(cast, login):
    _backup(hours_ago=40)
    _queued(minutes_ago=45)
    client = login(cast.admin)
    client.cookies["django_language"] = "en"
    body = client.get(HOME).content.decode()
    assert "Operations: backups and queue" in body and "No backup in the last 26 hours" in body
    assert "1 task waiting for Celery since 09:15 02/12/2026" in body


def test_the_administrator_opens_the_backups_and_the_waiting_work_from_the_card(cast, login):
    import re

    _backup(hours_ago=3, name="ocop-backup-20261202-070000")
    _queued(minutes_ago=45)
    client = login(cast.admin)
    body = client.get(HOME).content.decode()
    links = {
        name: re.search(rf'href="([^"]+)" data-testid="{name}"', body).group(1).replace("&amp;", "&")
        for name in ("backup-history", "outbox-waiting")
    }
    assert "ocop-backup-20261202-070000" in client.get(links["backup-history"]).content.decode()
    waiting = client.get(links["outbox-waiting"])
    assert waiting.status_code == 200 and "ocop.tests.record" in waiting.content.decode()


@pytest.mark.parametrize(
    "role", ["province_officer", "central_officer", "commune_officer", "viewer", "producer_owner", "council_member"]
)
def test_only_the_administrator_sees_it(cast, login, role):
    _backup(hours_ago=40)
    assert 'data-testid="operations"' not in login(getattr(cast, role)).get(HOME).content.decode()


def test_the_card_costs_the_same_queries_for_one_backup_or_many(cast, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.admin)
    _backup(hours_ago=3)
    _queued(minutes_ago=1)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for hours in range(4, 30):
        _backup(hours_ago=hours)
        _queued(minutes_ago=hours)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(HOME)
