from django.core.management.base import BaseCommand

from ocop.i18n import compile_catalogs


class Command(BaseCommand):
    help = "Compile the .po catalogues to .mo (pure Python; no gettext tools needed)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="recompile even when up to date")

    def handle(self, *args, force=False, **options):
        written = compile_catalogs(force=force)
        self.stdout.write(f"{len(written)} catalogue(s) compiled.")
