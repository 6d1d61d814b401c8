"""The task outbox (ocop.services.outbox_*): the task to queue is a row of the caller's transaction, sent after
the commit, kept when the broker is down and sent by the relay once it is back, and sent once."""

import datetime
import io

import pytest
from celery import shared_task
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from ocop.celery import app
from ocop.models import OutboxMessage
from ocop.services import outbox_enqueue, outbox_relay, outbox_send

pytestmark = pytest.mark.django_db(transaction=False)

RAN: list = []


@shared_task(name="ocop.tests.record")
def record_task(*args, **kwargs) -> None:
    RAN.append((args, kwargs))


@pytest.fixture(autouse=True)
def _ran():
    RAN.clear()
    yield
    RAN.clear()


class Broker:
    """app.send_task with the eager switch off: up (records what was sent) or down (refuses like Redis does)."""

    def __init__(self, monkeypatch):
        self.up = True
        self.sent: list = []
        monkeypatch.setattr(app, "send_task", self.send_task)

    def send_task(self, name, args=None, kwargs=None, **options):
        if not self.up:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        self.sent.append((name, list(args or []), dict(kwargs or {})))


@pytest.fixture
def broker(monkeypatch):
    app.conf.task_always_eager = False
    try:
        yield Broker(monkeypatch)
    finally:
        app.conf.task_always_eager = True


def _age(message, seconds=60):
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - datetime.timedelta(seconds=seconds))


def test_it_writes_the_row_in_the_transaction_and_sends_it_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            message = outbox_enqueue(task=record_task, args=[7], kwargs={"why": "test"})
            assert OutboxMessage.objects.filter(pk=message.pk, sent_at=None).exists()
            assert RAN == []  # nothing runs before the commit
    assert len(callbacks) == 1
    assert RAN == [((7,), {"why": "test"})]
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1 and message.task == "ocop.tests.record"


def test_a_rolled_back_change_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox_enqueue(task=record_task, args=[1])
            raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.exists() and RAN == []


def test_a_broker_that_is_down_keeps_the_row_and_raises_nothing(broker, django_capture_on_commit_callbacks):
    broker.up = False
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(task=record_task, args=[5])  # no exception reaches the caller
    message.refresh_from_db()
    assert message.sent_at is None and message.claimed_at is None
    assert "Connection refused" in message.last_error and message.attempts == 1

    broker.up = True
    assert outbox_relay() == 0  # fresh rows are left to their own sender for a while
    _age(message)
    assert outbox_relay() == 1
    assert broker.sent == [("ocop.tests.record", [5], {})]
    message.refresh_from_db()
    assert message.sent_at is not None and message.last_error == "" and message.attempts == 2
    assert outbox_relay() == 0  # sent once


def test_the_relay_stops_at_the_first_refusal(broker):
    first, second = (outbox_enqueue(task=record_task, args=[n]) for n in (1, 2))  # commit never came (test txn)
    for m in (first, second):
        _age(m)
    broker.up = False
    assert outbox_relay() == 0
    assert OutboxMessage.objects.get(pk=first.pk).attempts == 1  # tried
    assert OutboxMessage.objects.get(pk=second.pk).attempts == 0  # not hammered while the broker is down
    broker.up = True
    assert outbox_relay() == 2
    assert broker.sent == [("ocop.tests.record", [1], {}), ("ocop.tests.record", [2], {})]


def test_a_claimed_row_is_not_sent_twice_and_a_dead_senders_claim_expires(broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(task=record_task, args=[3])
    assert len(broker.sent) == 1
    assert outbox_send(message_id=message.pk) is None  # already sent
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=None, claimed_at=timezone.now())
    assert outbox_send(message_id=message.pk) is None  # another sender holds it
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - datetime.timedelta(hours=1))
    assert outbox_send(message_id=message.pk) is True  # that sender died: the claim expired
    assert len(broker.sent) == 2


def test_the_command_sends_what_is_pending(broker):
    broker.up = False
    outbox_enqueue(task=record_task, args=[9])
    broker.up = True
    from io import StringIO

    out = StringIO()
    call_command("relay_outbox", "--all", stdout=out)
    assert "Đã gửi 1 tác vụ." in out.getvalue()
    assert broker.sent == [("ocop.tests.record", [9], {})]


def test_beat_runs_the_relay_every_minute_and_the_stale_job_check():
    schedule = app.conf.beat_schedule
    assert schedule["outbox-relay"]["task"] == "ocop.outbox_relay"
    assert schedule["jobs-requeue-stale"]["task"] == "ocop.jobs_requeue_stale"
    app.loader.import_default_modules()
    assert {"ocop.outbox_relay", "ocop.jobs_requeue_stale"} <= set(app.tasks)


def test_no_service_of_the_app_calls_delay_directly():
    """Every enqueue goes through the outbox (a `.delay()` after commit is lost, with a 500, when Redis is down)."""
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for app_dir in ("ocop", "products", "accounts", "evaluation", "certificates"):
        for path in (Path(settings.BASE_DIR) / app_dir).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            text = path.read_text()
            if ".delay(" in text or ".apply_async(" in text.replace("app.tasks[message.task].apply_async(", ""):
                offenders.append(str(path))
    assert offenders == []


def test_sent_rows_are_pruned_after_a_month_and_waiting_ones_never():
    """Every task of the country passes through the outbox: kept for ever, its sent rows grew without end. They are
    kept a month (to see what was sent when), then deleted by the nightly prune; a row still waiting never is."""
    from ocop.services import OUTBOX_KEEP_SENT, outbox_prune

    now = timezone.now()
    old_sent = [outbox_enqueue(task=record_task, args=[n]) for n in range(3)]
    recent_sent = outbox_enqueue(task=record_task, args=[3])
    old_waiting = outbox_enqueue(task=record_task, args=[4])
    OutboxMessage.objects.filter(pk__in=[m.pk for m in old_sent]).update(sent_at=now - OUTBOX_KEEP_SENT - HOUR)
    OutboxMessage.objects.filter(pk=recent_sent.pk).update(sent_at=now - OUTBOX_KEEP_SENT + HOUR)
    OutboxMessage.objects.filter(pk=old_waiting.pk).update(created_at=now - 2 * OUTBOX_KEEP_SENT)

    assert outbox_prune(batch=2) == 3  # two batches
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent_sent.pk, old_waiting.pk}
    assert app.conf.beat_schedule["outbox-prune"]["task"] == "ocop.outbox_prune"
    out = io.StringIO()
    call_command("prune_outbox", stdout=out)
    assert "Đã xoá 0 tác vụ đã gửi" in out.getvalue()


HOUR = datetime.timedelta(hours=1)
