"""Back up the database and the stored files into one folder (ocop.backups)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ocop.backups import backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã lưu (MEDIA_ROOT) vào một thư mục ocop-backup-<ngày-giờ>."

    def add_arguments(self, parser):
        parser.add_argument(
            "--into", default=str(settings.BACKUP_ROOT), help="Thư mục chứa bản sao lưu (mặc định BACKUP_ROOT)."
        )

    def handle(self, *args, into, **options):
        try:
            folder = backup_create(into=Path(into))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(str(folder))
