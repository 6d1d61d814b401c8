"""Run the expiry watch by hand (the same service the nightly beat job calls): replay a missed night or
check what a given day would do. `python manage.py flag_expiring_certificates [--today YYYY-MM-DD]`."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from certificates.services.expiry.sweep import certificates_flag_expiring


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise CommandError(f"--today must be YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Move certificates between validity states by date and queue the notices (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=str, default=None, help="the day to run for (YYYY-MM-DD); default today")

    def handle(self, *args, today=None, **options):
        day = iso_date(today) if today else None
        counts = certificates_flag_expiring(today=day)
        for key, value in counts.items():
            self.stdout.write(f"{key}: {value}")
