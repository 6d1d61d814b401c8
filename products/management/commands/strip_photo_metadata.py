"""`manage.py strip_photo_metadata`: product photos stored before uploads left their metadata behind (GPS position,
camera) are written anew without it; the public portal serves them. Safe to run again."""

from django.core.management.base import BaseCommand

from products.photos import product_photos_strip_metadata


class Command(BaseCommand):
    help = "Write anew, without their EXIF/XMP metadata (GPS position, camera), the product photos stored with it."

    def handle(self, *args, **options):
        written = product_photos_strip_metadata()
        self.stdout.write(f"{written} product photo(s) written without metadata.")
