"""`manage.py export_criteria [--legal-basis 26/2026]`: print every scorecard of a version as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from evaluation.models import CriteriaVersion
from evaluation.selectors.criteria import criteria_version_export


class Command(BaseCommand):
    help = "In toàn bộ phiếu đánh giá của một phiên bản bộ tiêu chí dưới dạng JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "--legal-basis", "--basis", dest="legal_basis", default="26/2026", help="legal basis, e.g. 26/2026"
        )
        parser.add_argument("--indent", type=int, default=1)

    def handle(self, *args, legal_basis: str, indent: int, **options):
        version = CriteriaVersion.objects.filter(legal_basis=legal_basis).first()
        if version is None:
            known = ", ".join(CriteriaVersion.objects.values_list("legal_basis", flat=True)) or "-"
            raise CommandError(f"no criteria version {legal_basis!r} (loaded: {known}); run load_criteria")
        data = criteria_version_export(version)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent))
