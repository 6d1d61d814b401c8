"""Writes shared by every app: the audit trail and notifications."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F

from .models import AuditEvent, Counter, Notification, User


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


def counter_next(key: str) -> int:
    """The next number of the running sequence `key` (1, 2, 3…). Call it inside the transaction that uses the
    number: the row lock taken by the F() + 1 update serialises concurrent callers, so two never get the same
    number, and a rolled-back caller gives its number back. The unique constraint on what is numbered stays
    the backstop."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("counter_next must run inside a transaction")
    Counter.objects.get_or_create(key=key)
    Counter.objects.filter(key=key).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(key=key)


# Security events (issue 11.18) share the business audit trail. Their actions start with "auth." or "user.".
USER_ACCESS_FIELDS = ("role", "unit", "is_active", "is_staff", "is_superuser")


def security_event_record(
    *, action: str, user: User | None = None, username: str = "", ip: str = "", changes: dict | None = None
) -> AuditEvent:
    """An authentication event: who (the account, when known), which name was typed and from which address.
    The typed name is kept short: it is attacker-controlled text."""
    from .text import nfc

    parts = []
    if username:
        parts.append(f"{nfc(str(username))[:150]}")
    if ip:
        parts.append(f"IP {ip}")
    return audit_record(
        actor=user, action=action, target=user if user and user.pk else None, summary=" · ".join(parts), changes=changes
    )


def user_access_changed(*, user: User, before: dict, by: User | None) -> AuditEvent | None:
    """Record a change of role, unit or status of `user` (old → new); nothing when none of them changed.
    `before` holds the values of USER_ACCESS_FIELDS before the save."""
    changes = model_changes(user, before, USER_ACCESS_FIELDS)
    if not changes:
        return None
    return audit_record(actor=by, action="user.access_change", target=user, summary=user.username, changes=changes)
