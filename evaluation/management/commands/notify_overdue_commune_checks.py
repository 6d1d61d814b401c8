"""Replay the daily overdue commune-check notices: manage.py notify_overdue_commune_checks [--today 2026-12-01]."""

import datetime as dt

from django.core.management.base import BaseCommand

from evaluation.services.notices import registrations_notify_overdue


class Command(BaseCommand):
    help = "Notify communes (and the province) once about dossiers not checked within 15 working days."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        sent = registrations_notify_overdue(today=today)
        self.stdout.write(f"{sent} notice(s) sent")
