from django.core.management.base import BaseCommand

from devtools.demo import seed_demo


class Command(BaseCommand):
    help = "Create the demo data set (real producers and products from the seeds, one account per role). Idempotent."

    def handle(self, *args, **options):
        seed_demo(out=self.stdout.write)
