"""`manage.py workflow_diagram`: draw the registration workflow table into docs/workflow.md (`--check`: only say
whether the page is up to date, exit 1 if not)."""

from django.core.management.base import BaseCommand, CommandError

from devtools.workflow_diagram import DOC_PATH, workflow_markdown


class Command(BaseCommand):
    help = "Write docs/workflow.md (Mermaid state diagram) from evaluation/workflow.py."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if docs/workflow.md is out of date.")

    def handle(self, *args, check=False, **options):
        text = workflow_markdown()
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if check:
            if current != text:
                raise CommandError(f"{DOC_PATH} is out of date: run `python manage.py workflow_diagram`.")
            self.stdout.write(f"{DOC_PATH} is up to date.")
            return
        DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
        DOC_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {DOC_PATH}.")
