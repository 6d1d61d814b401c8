"""Restore the database and the stored files from a backup folder (ocop.backups); then `manage.py migrate`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ocop.backups import backup_restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và các tệp đã lưu từ một thư mục sao lưu; sau đó chạy manage.py migrate."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Thư mục ocop-backup-<ngày-giờ> do manage.py backup tạo.")
        parser.add_argument(
            "--replace", action="store_true", help="Ghi đè lên cơ sở dữ liệu đang có dữ liệu (mặc định: từ chối)."
        )

    def handle(self, *args, folder, replace=False, **options):
        try:
            manifest = backup_restore(folder=folder, replace=replace)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Đã khôi phục bản sao lưu ngày {manifest['created_at']} ({sum(manifest['rows'].values())} dòng)."
        )
