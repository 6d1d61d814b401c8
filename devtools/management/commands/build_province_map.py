from django.core.management.base import BaseCommand

from devtools.province_map import build


class Command(BaseCommand):
    help = (
        "Build static/portal/map/vn-34-provinces.json (the 34 provinces' outlines for the public map) from the "
        "vendored Natural Earth data; needs shapely (requirements-dev.txt)."
    )

    def handle(self, *args, **options):
        build(out=self.stdout.write)
