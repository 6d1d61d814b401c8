"""The Celery application. Schedules live here, in code (see STYLE.md §2.6)."""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")

app = Celery("ocop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}


@worker_process_init.connect
def warm_renderer(**kwargs) -> None:
    """Each worker process loads WeasyPrint, the fonts and the document stylesheets as it starts, so its first
    certificate is not the slow one (1.6 s cold). A failure is logged and never stops the worker."""
    from ocop.pdf import warm_up

    warm_up()


def add_schedule(name: str, task: str, schedule: crontab) -> None:
    app.conf.beat_schedule[name] = {"task": task, "schedule": schedule}


# The expiry watch (certificates/services/expiry/): every night at 00:30 Asia/Ho_Chi_Minh, after the
# day has turned, so "the day after valid_until" is already today. Replay: manage.py flag_expiring_certificates.
add_schedule("certificates-flag-expiring", "certificates.flag_expiring", crontab(hour=0, minute=30))

# The national dashboard's counts (dashboard/selectors/national.py): every night at 00:45, after the expiry sweep
# made every province's figures stale and the day in their keys moved, the country is counted once and each
# province's rows cached, so the day's first visitor does not wait for the count. Replay: manage.py warm_statistics.
add_schedule("dashboard-statistics-warm", "dashboard.tasks.statistics_warm_task", crontab(hour=0, minute=45))

# Overdue commune checks (evaluation/services/notices.py): every morning at 07:00, one notice per
# dossier past its 15 working days. Replay: manage.py notify_overdue_commune_checks.
add_schedule(
    "registrations-notify-overdue", "evaluation.tasks.registrations_notify_overdue_task", crontab(hour=7, minute=0)
)

# Council sheet reminders (evaluation/services/council_reminders.py): every morning at 07:15, members with unsubmitted
# sheets for a session in the next two days get one e-mail per session and day. Replay: manage.py send_sheet_reminders.
add_schedule("councils-sheet-reminders", "evaluation.tasks.sheet_reminders_task", crontab(hour=7, minute=15))

# Integration tokens about to expire (api/services.py): every morning at 07:30, the system administrators are told
# once per token, API_TOKEN_WARN_DAYS ahead, which clients need a new one. Replay: manage.py warn_expiring_tokens.
add_schedule("api-tokens-warn-expiring", "api.tasks.apiclients_warn_expiring_task", crontab(hour=7, minute=30))

# The task outbox (ocop/services.py): every minute, send what could not reach the broker when it was written
# (Redis was down). Replay: manage.py relay_outbox.
add_schedule("outbox-relay", "ocop.outbox_relay", crontab(minute="*"))

# The outbox's sent rows older than a month (ocop.services.OUTBOX_KEEP_SENT): every night at 03:10, so that the
# table holds the month's tasks and not every task the country ever ran. Replay: manage.py prune_outbox.
add_schedule("outbox-prune", "ocop.outbox_prune", crontab(hour=3, minute=10))

# Background jobs whose worker died (heartbeat older than OCOP_JOB_STALE_SECONDS): queue them again so a new
# worker finishes them. Replay: manage.py requeue_stale_jobs.
add_schedule("jobs-requeue-stale", "ocop.jobs_requeue_stale", crontab(minute="*/5"))
