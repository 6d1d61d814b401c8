"""The Celery application. Schedules live here, in code (see STYLE.md §2.6)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")

app = Celery("ocop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {}


def add_schedule(name: str, task: str, schedule: crontab) -> None:
    app.conf.beat_schedule[name] = {"task": task, "schedule": schedule}
