"""Replay the warning of integration tokens about to expire: manage.py warn_expiring_tokens"""

from django.core.management.base import BaseCommand

from api.services import apiclients_warn_expiring


class Command(BaseCommand):
    help = "E-mail the system administrators the integration clients whose token expires soon (once per token)."

    def handle(self, *args, **options):
        warned = apiclients_warn_expiring()
        self.stdout.write(f"{len(warned)} client(s) warned of")
