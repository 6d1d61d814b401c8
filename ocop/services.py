"""Writes shared by every app: the audit trail and notifications."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import AuditEvent, Notification, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Record who did what to which record. Call it inside the same transaction as the change."""
    event = AuditEvent(
        actor=actor if actor and actor.pk else None, action=action, summary=summary[:500], changes=changes or {}
    )
    if target is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
    event.save()
    return event


def model_changes(instance: models.Model, before: dict, fields) -> dict:
    """{field: [old, new]} for the fields whose value changed, as strings (for the audit trail)."""
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def notify(*, users, message: str, url: str = "") -> None:
    """Leave an in-app notice for each user (e-mails are sent by the caller's own task)."""
    Notification.objects.bulk_create(
        [Notification(user=u, message=message[:500], url=url) for u in users if u is not None]
    )


def on_commit_delay(task, *args) -> None:
    """Queue a Celery task once the surrounding transaction commits (tasks never see uncommitted rows)."""
    transaction.on_commit(lambda: task.delay(*args))
