"""`manage.py strip_photo_metadata`: photos stored before uploads left their metadata behind (GPS position, camera)
are written anew without it: the product photos the public portal serves, and the inspection, complaint and remedy
evidence photos (supervision.services.photos). It lives in the supervision app, which may read both apps' models.
Safe to run again."""

from django.core.management.base import BaseCommand

from supervision.services.photos import photos_strip_metadata

LINES = {
    "product": "{n} product photo(s) written without metadata.",
    "inspection": "{n} inspection photo(s) written without metadata.",
    "complaint": "{n} complaint photo(s) written without metadata.",
    "remedy": "{n} remedy evidence photo(s) written without metadata.",
}


class Command(BaseCommand):
    help = (
        "Write anew, without their EXIF/XMP metadata (GPS position, camera), the product, inspection, complaint and "
        "remedy evidence photos stored with it."
    )

    def handle(self, *args, **options):
        for kind, written in photos_strip_metadata().items():
            self.stdout.write(LINES[kind].format(n=written))
