"""`manage.py load_criteria`: load the committed scorecards (evaluation/data/criteria-*.json). Idempotent."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from evaluation.services.criteria import DATA_DIR, DATA_FILES, criteria_load, criteria_read_file


class Command(BaseCommand):
    help = "Nạp bộ tiêu chí (26/2026 đầy đủ; 148/2023 và 1048/2019 chỉ cấu trúc) từ evaluation/data/. Chạy lại an toàn."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="data files (default: every committed version)")

    def handle(self, *args, files=(), **options):
        paths = files or [DATA_DIR / name for name in DATA_FILES]
        for path in paths:
            try:
                summary = criteria_load(data=criteria_read_file(path), by=None)
            except ValidationError as exc:
                raise CommandError(f"{path}: {'; '.join(exc.messages)}") from exc
            self.stdout.write(
                f"{summary['version'].legal_basis}: {summary['created']} created, {summary['rebuilt']} rebuilt, "
                f"{summary['unchanged']} unchanged, {summary['annotated']} with updated correction notes, "
                f"{summary['linked']} linked to product sets"
            )
