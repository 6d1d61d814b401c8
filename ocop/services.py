"""Writes shared by every app: the audit trail and notifications."""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

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


# The message when a unique constraint refuses a second copy and no more precise one is known: a double click,
# a second tab or a colleague got there first.
DUPLICATE_MESSAGE = _("Bản ghi này vừa được ghi nhận (có thể do bấm hai lần hoặc mở hai thẻ). Hãy tải lại trang.")


def _unique_violation(exc: IntegrityError) -> bool:
    cause = exc.__cause__
    if getattr(cause, "pgcode", None) is not None or getattr(cause, "sqlstate", None) is not None:
        return (getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)) == "23505"
    return "UNIQUE constraint failed" in str(exc) or "Duplicate entry" in str(exc)


def _duplicate_message(models_: tuple, exc: IntegrityError) -> str:
    """The violated constraint's own `violation_error_message` (or a unique field's message) when it can be named:
    PostgreSQL names the constraint, SQLite lists its columns."""
    cause = exc.__cause__
    name = getattr(getattr(cause, "diag", None), "constraint_name", None)
    text = str(exc)
    columns = set()
    if "UNIQUE constraint failed:" in text:
        columns = {part.strip().rsplit(".", 1)[-1] for part in text.split(":", 1)[1].split(",")}
    for model in models_:
        meta = model._meta
        for constraint in meta.constraints:
            if not isinstance(constraint, models.UniqueConstraint) or not constraint.fields:
                continue
            fields = {meta.get_field(f).column for f in constraint.fields}
            if constraint.name == name or (columns and fields == columns):
                if constraint.violation_error_message != constraint.default_violation_error_message:
                    return str(constraint.violation_error_message)
        for field in meta.concrete_fields:
            if (
                field.unique
                and not field.primary_key
                and ({field.column} == columns or (name and field.column in name))
            ):
                return str(_("%(field)s này đã được dùng cho một bản ghi khác.") % {"field": field.verbose_name})
    return str(DUPLICATE_MESSAGE)


@contextmanager
def duplicates_refused(*models_):
    """Run an insert or update that a unique constraint guards, turning the database's refusal of a duplicate
    into a ValidationError with a message for the user. The check before it (`exists()`, `full_clean()`) sees
    only committed rows, so two parallel requests (a double click, two tabs) both pass it; the constraint stops
    the second, and this says why instead of answering 500. A savepoint keeps the outer transaction usable
    until the ValidationError rolls it back."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if not _unique_violation(exc):
            raise
        raise ValidationError(_duplicate_message(models_, exc), code="duplicate") from exc
