"""Replay the council sheet reminders for a day: manage.py send_sheet_reminders --today 2026-06-20"""

import datetime

from django.core.management.base import BaseCommand

from evaluation.services.council_reminders import sheet_reminders_send


class Command(BaseCommand):
    help = "E-mail council members who have not submitted their score sheets before a session."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        sent = sheet_reminders_send(today=today)
        self.stdout.write(f"{sent} reminder(s) sent")
