"""`manage.py unlink_out_of_scope_members [--apply]`: producer accounts an officer linked to a producer of theirs
while the account already belonged to a producer outside the officer's scope (before
products.permissions.can_link_account refused it). Lists them by default; with --apply, takes each account out of
the producer it was linked to past the scope, with an audit row (products.services.producer_member_unlink). A
command rather than a data migration: which links go is read from the audit trail and each one should be seen
before it is undone. Safe to run again."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from products.selectors import producer_links_out_of_scope
from products.services import producer_member_unlink

REASON = "Liên kết vượt phạm vi của cán bộ đã gán (products.permissions.can_link_account)"


class Command(BaseCommand):
    help = "List (or, with --apply, undo) the producer memberships an officer linked past their scope."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="unlink them (without it: only list them)")

    def handle(self, *args, apply: bool = False, **options):
        links = producer_links_out_of_scope()
        unlinked = 0
        for producer, account, officer in links:
            self.stdout.write(
                f"producer #{producer.pk} {producer.name}: account #{account.pk} {account.email or account.username}"
                f" linked by {officer.get_username()}"
            )
            if apply and producer_member_unlink(producer=producer, user=account, by=None, reason=REASON):
                unlinked += 1
        if apply:
            self.stdout.write(f"{unlinked} membership(s) unlinked ({timezone.localdate().isoformat()}).")
        else:
            self.stdout.write(f"{len(links)} membership(s) past their officer's scope; run with --apply to unlink.")
