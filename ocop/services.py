"""Writes shared by every app: the audit trail, notifications, the task outbox and background jobs."""

import datetime
import logging
from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import JobKind, JobStatus
from .models import AuditEvent, BackgroundJob, Counter, Notification, OutboxMessage, User
from .phrases import Phrase
from .text import nfc

logger = logging.getLogger(__name__)


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
            changes[name] = [audit_value(old), audit_value(new)]
    return changes


def audit_value(value):
    """A value as the audit trail stores it: JSON scalars as they are, anything else as its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def notify(*, users, message: Phrase | Promise, url: str = "") -> None:
    """Leave an in-app notice for each user (e-mails are sent by the caller's own task). The message is kept
    untranslated and shown in each reader's language: a Phrase, or a lazy string for a message without values.
    Text from gettext() is refused, as it is already in the language of whoever acted."""
    notify_each([(users, message, url)])


def notify_each(notices: Iterable[tuple[Iterable, Phrase | Promise, str]]) -> None:
    """Many notices at once, each (users, message, url) as for `notify`: one INSERT for all of them (a round's new
    deadline reaches every dossier still to file, each with its own text and link)."""
    rows = []
    for users, message, url in notices:
        if not isinstance(message, Phrase | Promise):
            raise TypeError("notify() takes a Phrase or a lazy string, not text already translated")
        phrase = message if isinstance(message, Phrase) else Phrase(message)
        stored, copy = phrase.to_json(), phrase.source()[:500]
        rows.extend(Notification(user=u, message=copy, phrase=stored, url=url) for u in users if u is not None)
    Notification.objects.bulk_create(rows)


def user_language_set(*, user: User, language: str) -> bool:
    """Keep the UI language a signed-in user chose on their account (it follows them to other browsers). True if
    it changed; an unknown language changes nothing."""
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return False
    user.language = language
    User.objects.filter(pk=user.pk).update(language=language)
    return True


def notifications_mark_read(*, user: User, notifications: Iterable[Notification]) -> int:
    """Mark as read those of `notifications` (the user's own) that were unread: the ones a page has just shown."""
    unread = [n.pk for n in notifications if n.read_at is None]
    if not unread:
        return 0
    return Notification.objects.filter(user=user, pk__in=unread, read_at=None).update(read_at=timezone.now())


def on_commit_delay(task, *args) -> None:
    """Queue a Celery task once the surrounding transaction commits (tasks never see uncommitted rows)."""
    outbox_enqueue(task=task, args=args)


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


# --- the task outbox ------------------------------------------------------------------------------------

OUTBOX_LEASE = datetime.timedelta(minutes=5)  # a claim older than this is a sender that died
OUTBOX_GRACE = datetime.timedelta(seconds=30)  # the relay leaves fresh rows to their own on_commit send
OUTBOX_BATCH = 500


def outbox_enqueue(*, task, args: Iterable = (), kwargs: dict | None = None, robust: bool = False) -> OutboxMessage:
    """Queue `task(*args, **kwargs)` through the outbox: the row is written in the caller's transaction (so the
    work exists exactly when the change does) and sent to the broker once it commits. Every task the app queues
    goes through here, never straight to the broker. `robust`: in-process (eager) runs log a failing task instead of raising."""
    (message,) = outbox_enqueue_many(task=task, calls=[(tuple(args), kwargs or {})], robust=robust)
    return message


def outbox_enqueue_many(*, task, calls: Iterable[tuple[tuple, dict]], robust: bool = False) -> list[OutboxMessage]:
    """Queue many calls of one task with a single INSERT (the nightly sweep queues thousands of notices)."""
    name = task if isinstance(task, str) else task.name
    rows = [OutboxMessage(task=name, args=list(args), kwargs=kwargs) for args, kwargs in calls]
    if not rows:
        return []
    rows = OutboxMessage.objects.bulk_create(rows)  # ids come back (RETURNING) on PostgreSQL and SQLite
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: _outbox_send_all(ids, robust=robust))
    return rows


def _outbox_send_all(ids: list[int], *, robust: bool) -> None:
    for pk in ids:
        try:
            if outbox_send(message_id=pk) is False:
                return  # the broker is down: the relay sends these later
        except Exception:  # only in-process (eager) runs get here: the task itself failed
            if not robust:
                raise
            logger.exception("in-process task of outbox row %s failed; the relay retries it", pk)


def outbox_send(*, message_id: int) -> bool | None:
    """Send one outbox row to the broker, once: claim it (compare-and-swap), send, mark it sent. True when sent,
    False when the broker refused (the row is released and keeps the error), None when someone else has it.
    Never raises because of the broker: the user's change is committed and the relay will try again."""
    from .celery import app

    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, sent_at=None)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=now - OUTBOX_LEASE))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        if app.conf.task_always_eager:  # no broker (development, tests): run in-process
            if message.task not in app.tasks:
                # Import the task modules once, when a task is not registered yet: each call also runs Celery's
                # Django fixup, which calls django.setup() and every system check (~50 ms per queued task).
                app.loader.import_default_modules()
            app.tasks[message.task].apply_async(args=message.args, kwargs=message.kwargs)
        else:
            app.send_task(message.task, args=message.args, kwargs=message.kwargs)
    except Exception as exc:
        OutboxMessage.objects.filter(pk=message_id).update(claimed_at=None, last_error=repr(exc)[:2000])
        if app.conf.task_always_eager:
            raise  # the task itself failed in-process (tests propagate it)
        logger.warning("broker unavailable, %s stays in the outbox for the relay: %r", message.task, exc)
        return False
    OutboxMessage.objects.filter(pk=message_id).update(sent_at=timezone.now(), last_error="")
    return True


def outbox_relay(*, grace: datetime.timedelta = OUTBOX_GRACE, limit: int = OUTBOX_BATCH) -> int:
    """Send what is still in the outbox (the broker was down at commit time, or the sender died): oldest first,
    stopping at the first refusal (the broker is still down). Returns how many were sent. Run every minute by
    beat (ocop.outbox_relay) and by `manage.py relay_outbox`."""
    before = timezone.now() - grace
    pending = OutboxMessage.objects.filter(sent_at=None, created_at__lte=before).order_by("pk")
    sent = 0
    for pk in pending.values_list("pk", flat=True)[:limit]:
        result = outbox_send(message_id=pk)
        if result is False:
            break
        sent += bool(result)
    return sent


# A sent row is kept this long (to see what was sent when), then deleted by the nightly prune.
OUTBOX_KEEP_SENT = datetime.timedelta(days=30)


def outbox_prune(*, batch: int = 5000) -> int:
    """Delete the rows sent more than OUTBOX_KEEP_SENT ago, `batch` at a time (short statements beside the day's
    writes); a row still waiting is never deleted. Returns how many. Run every night by beat (ocop.outbox_prune)
    and by `manage.py prune_outbox`."""
    before = timezone.now() - OUTBOX_KEEP_SENT
    deleted = 0
    while True:
        ids = list(OutboxMessage.objects.filter(sent_at__lt=before).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return deleted
        deleted += OutboxMessage.objects.filter(pk__in=ids).delete()[0]
        if len(ids) < batch:
            return deleted


# --- background jobs ------------------------------------------------------------------------------------


@transaction.atomic
def job_start(
    *,
    kind: str,
    task,
    by: User,
    total: int = 0,
    params: dict | None = None,
    input_file=None,
    file_name: str = "",
    once: bool = False,
) -> BackgroundJob:
    """A new PENDING job; `task` (which takes the job id) is queued through the outbox in the same transaction,
    so a broker that is down delays the job and never loses it. `once`: a job whose result its parameters decide
    (a decision's ZIP, a report, an export): while the same user's job of that kind and parameters is waiting or
    running, a second start (a double click, two tabs) returns it instead of building the same file again."""
    if once:
        User.objects.select_for_update().filter(pk=by.pk).first()  # one user's starts in turn
        running = (
            BackgroundJob.objects.filter(
                kind=kind, created_by=by, params=params or {}, status__in=(JobStatus.PENDING, JobStatus.RUNNING)
            )
            .order_by("-pk")
            .first()
        )
        if running is not None:
            return running
    job = BackgroundJob(
        kind=JobKind(kind),
        task=task.name,
        created_by=by,
        language=translation.get_language() or "",
        total=total,
        params=params or {},
        file_name=file_name[:255],
    )
    with stored_files_undone_on_error(job):  # the uploaded workbook goes if the job's row is not written
        if input_file is not None:
            job.input_file.save(input_file.name, input_file, save=False)
        job.save()
        outbox_enqueue(task=task, args=[job.pk])
    return job


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.OCOP_JOB_STALE_SECONDS)


def job_claim(*, job_id: int) -> BackgroundJob | None:
    """PENDING → RUNNING for the caller, or RUNNING again when the claim's heartbeat is stale (its worker died).
    None when the job is finished or alive in another worker: a duplicated or redelivered task does nothing.
    A reclaimed job starts over (done = 0); its output is written only at the end, so it is written once."""
    now = timezone.now()
    claimed = (
        BackgroundJob.objects.filter(pk=job_id)
        .filter(Q(status=JobStatus.PENDING) | Q(status=JobStatus.RUNNING, heartbeat_at__lt=_stale_before()))
        .update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, done=0, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return None
    return BackgroundJob.objects.select_related("created_by").get(pk=job_id)


def job_language(job: BackgroundJob):
    """Run a job in the language of whoever asked (`with job_language(job):`): its file and its messages are
    theirs to read. A worker has no request, and would otherwise write in the site's default language, so that a
    large export came out in another language than the same export written at once in the request."""
    return translation.override(job.language or settings.LANGUAGE_CODE)


def job_progress(*, job: BackgroundJob, done: int, total: int | None = None) -> None:
    """Record progress and the heartbeat that keeps the claim alive."""
    fields = {"done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)
    job.done = done


def job_finish(*, job: BackgroundJob, result: dict | None = None, output_file: str = "", done: int | None = None):
    """RUNNING → DONE with what came out."""
    fields = {"status": JobStatus.DONE, "finished_at": timezone.now(), "heartbeat_at": timezone.now(), "error": ""}
    if result is not None:
        fields["result"] = result
    if output_file:
        fields["output_file"] = output_file
    if done is not None:
        fields["done"] = fields["total"] = done
    BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)
    job.refresh_from_db()
    return job


def job_fail(*, job: BackgroundJob, error: str, result: dict | None = None) -> BackgroundJob:
    """RUNNING → FAILED with the error the page shows."""
    fields = {"status": JobStatus.FAILED, "finished_at": timezone.now(), "error": error[:2000]}
    if result is not None:
        fields["result"] = result
    BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)
    job.refresh_from_db()
    return job


def jobs_requeue_stale() -> int:
    """Queue again every job whose worker died (RUNNING with a stale heartbeat): the task reclaims it. The
    broker's own redelivery does the same after its visibility timeout; this makes recovery bounded by
    OCOP_JOB_STALE_SECONDS. A job still PENDING that long whose task has left the outbox lost its message before
    any claim (the worker could not reach the database and the failed task was acknowledged, or the broker lost its
    queue): it is queued again too, once per stale period (its heartbeat marks the requeue), or it would wait for
    ever, and a second start of a `once` job would follow it instead of building the file. A duplicate does
    nothing (job_claim). Run by beat (ocop.jobs_requeue_stale) and `manage.py requeue_stale_jobs`."""
    stale_before = _stale_before()
    waiting = Q(status=JobStatus.PENDING, created_at__lt=stale_before) & (
        Q(heartbeat_at=None) | Q(heartbeat_at__lt=stale_before)
    )
    stuck = list(
        BackgroundJob.objects.filter(Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale_before) | waiting).values_list(
            "pk", "task", "status"
        )
    )
    # A PENDING job whose message is still in the outbox (the broker is down) is the relay's to send.
    unsent = {
        (task, args[0] if args else None)
        for task, args in OutboxMessage.objects.filter(
            sent_at=None, task__in={task for _pk, task, status in stuck if status == JobStatus.PENDING}
        ).values_list("task", "args")
    }
    stuck = [(pk, task, status) for pk, task, status in stuck if (task, pk) not in unsent]
    with transaction.atomic():
        pending = [pk for pk, _task, status in stuck if status == JobStatus.PENDING]
        if pending:
            BackgroundJob.objects.filter(pk__in=pending, status=JobStatus.PENDING).update(heartbeat_at=timezone.now())
        for pk, task, _status in stuck:
            outbox_enqueue(task=task, args=[pk])
    return len(stuck)


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
            if not isinstance(constraint, models.UniqueConstraint):
                continue
            fields = {meta.get_field(f).column for f in constraint.fields}
            # SQLite names an index on expressions ("UNIQUE constraint failed: index 'name'"), not its columns.
            if constraint.name in (name, text.rpartition("index '")[2].rstrip("'")) or (fields and fields == columns):
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
def errors_collected(errors: dict):
    """Run one check of a write, keeping its ValidationError in `errors` ({field: [messages]}; a message naming no
    field under NON_FIELD_ERRORS) instead of raising it, so that the service can say every refusal at once, each
    next to its field, and raise ValidationError(errors) once all are checked. A form that showed one refusal, then
    the next only after the first was corrected, made the person send it as many times as there were mistakes."""
    try:
        yield
    except ValidationError as exc:
        exc.update_error_dict(errors)


@contextmanager
def duplicates_refused(*models_, field: str | None = None):
    """Run an insert or update that a unique constraint guards, turning the database's refusal of a duplicate
    into a ValidationError with a message for the user (beside `field` when named). The check before it (`exists()`,
    `full_clean()`, ocop.duplicates) sees only committed rows, so two parallel requests (a double click, two tabs)
    both pass it; the constraint stops the second, and this says why instead of answering 500. A savepoint keeps the
    outer transaction usable until the ValidationError rolls it back."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if not _unique_violation(exc):
            raise
        error = ValidationError(_duplicate_message(models_, exc), code="duplicate")
        raise (ValidationError({field: error}) if field else error) from exc


@contextmanager
def stored_files_undone_on_error(*instances: models.Model):
    """Files the block stores for the file fields of `instances` are deleted again when the block raises (the
    database refused a row: two people saved the same number at once; the third of three uploads failed): no file
    stays in storage that no row names. A file stored before the block is left alone."""
    fields = [
        (instance, field.attname)
        for instance in instances
        for field in instance._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]
    before = [getattr(instance, name).name for instance, name in fields]
    try:
        yield
    except BaseException:
        for (instance, name), old in zip(fields, before, strict=True):
            stored = getattr(instance, name)
            if stored.name and stored.name != old and stored._committed:
                stored.storage.delete(stored.name)
        raise


# Security events (issue 11.18) share the business audit trail. Their actions start with "auth." or "user.".
USER_ACCESS_FIELDS = ("role", "unit", "is_active", "is_staff", "is_superuser")


def security_event_record(
    *, action: str, user: User | None = None, username: str = "", ip: str = "", changes: dict | None = None
) -> AuditEvent:
    """An authentication event: who (the account, when known), which name was typed and from which address.
    The typed name is kept short: it is attacker-controlled text."""

    parts = []
    if username:
        parts.append(f"{nfc(str(username))[:150]}")
    if ip:
        parts.append(f"IP {ip}")
    return audit_record(
        actor=user, action=action, target=user if user and user.pk else None, summary=" · ".join(parts), changes=changes
    )


@transaction.atomic
def lockout_lift(*, by: User, lockout: AuditEvent) -> bool:
    """Lift a lockout of the officers' list before its cool-off ends: django-axes forgets the failed sign-ins of
    its (user name, address) pair, or of every name from its address when the address itself was locked
    (ocop.login_throttle), and the person signs in again at once. Recorded in the trail against the locked
    account, with the pair as summary. False, with nothing recorded, when nothing was left to forget: lifted
    already (a second click, another officer, a reset password, a successful sign-in) or expired."""
    from .permissions import can_see_lockouts
    from .security import lockout_pair, login_failures_clear

    if not can_see_lockouts(by):
        raise PermissionDenied
    username, ip = lockout_pair(lockout.summary)
    if not login_failures_clear(username=username, ip=ip):
        return False
    audit_record(actor=by, action="auth.lockout_lift", target=lockout.actor, summary=lockout.summary)
    return True


def user_sessions_end(*, user: User) -> None:
    """End every session `user` has signed in (closing their account): the sessions are not enumerable by user in
    the database backend, so the user's session epoch moves on and their hashes no longer match
    (User._get_session_auth_hash); reopening the account later does not bring them back."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


def user_access_changed(*, user: User, before: dict, by: User | None) -> AuditEvent | None:
    """Record a change of role, unit or status of `user` (old → new); nothing when none of them changed.
    `before` holds the values of USER_ACCESS_FIELDS before the save."""
    changes = model_changes(user, before, USER_ACCESS_FIELDS)
    if not changes:
        return None
    return audit_record(actor=by, action="user.access_change", target=user, summary=user.username, changes=changes)


# ---------------------------------------------------------------- exports too large for a request

EXPORT_ASYNC_ROWS = 5000  # a list export with more rows is built by a background job (a country's products: ~20 s)
EXPORT_PROGRESS_EVERY = 500  # rows between two progress reports of an export job


def export_job_start(*, by: User, export: str, filters, total: int, file_name: str, task) -> BackgroundJob:
    """A background job that writes the list `export` (a name the app's `task` knows), filtered by `filters` (the
    list page's query), for `by` in their own scope at the time it runs; the page that follows it
    (ocop.views.job_detail) offers the file at the end."""
    params = {"export": export, "filters": {key: filters.getlist(key) for key in filters}}
    return job_start(kind=JobKind.EXPORT, task=task, by=by, total=total, params=params, file_name=file_name, once=True)


def export_job_run(*, job_id: int, builders: dict) -> BackgroundJob:
    """Write an export job's file once: `builders[export](user=, filters=, progress=)` gives the workbook's bytes.
    Claimed by compare-and-swap (a duplicated task writes it once, a job whose worker died starts over); the file
    is stored only at the end."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.http import QueryDict
    from django.utils.crypto import get_random_string

    job = job_claim(job_id=job_id)
    if job is None:
        return BackgroundJob.objects.get(pk=job_id)
    filters = QueryDict(mutable=True)
    for key, values in job.params.get("filters", {}).items():
        filters.setlist(key, values)
    try:
        with job_language(job):
            content = builders[job.params["export"]](
                user=job.created_by, filters=filters, progress=lambda done: job_progress(job=job, done=done)
            )
        name = default_storage.save(f"exports/{job.pk}-{get_random_string(12)}-{job.file_name}", ContentFile(content))
    except Exception as exc:  # the job row must say what went wrong
        job_fail(job=job, error=str(exc))
        raise
    return job_finish(job=job, output_file=name, done=job.total)
