from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_it_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_it_answers_503_when_the_database_fails(client):
    with mock.patch("ocop.selectors.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_a_broker_outage_is_reported_but_keeps_the_node_in_service(client, settings):
    """Every page works with Redis down (the cache falls back, queued work waits in the outbox): answering 503 made a
    load balancer take every web node out at once, turning a Redis outage into the whole site's."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and response.json()["checks"]["broker"].startswith("error")


@pytest.mark.django_db
def test_it_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_monitoring_learns_of_a_missed_backup_and_of_work_stuck_in_the_outbox(client):
    """What the administrator's home page shows, for the monitoring that polls /healthz: still 200 (nothing a load
    balancer should act on), "degraded", with the reason."""
    import datetime as dt

    from django.utils import timezone

    from ocop.models import AuditEvent, OutboxMessage
    from ocop.services import audit_record

    assert client.get("/healthz").json()["checks"]["backup"] == "none"
    backup = audit_record(actor=None, action="backup.create", summary="ocop-backup-20261201-023000")
    assert client.get("/healthz").json()["checks"] | {"broker": "ok"} == {
        "database": "ok",
        "broker": "ok",
        "backup": "ok",
        "outbox": "ok",
    }
    AuditEvent.objects.filter(pk=backup.pk).update(at=timezone.now() - dt.timedelta(hours=30))
    stuck = OutboxMessage.objects.create(task="ocop.tests.record", args=[], kwargs={})
    OutboxMessage.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(minutes=45))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["checks"]["backup"] == "late: last 2026-12-01T04:00+07:00"
    assert response.json()["checks"]["outbox"] == "late: 1 waiting since 2026-12-02T09:15+07:00"
