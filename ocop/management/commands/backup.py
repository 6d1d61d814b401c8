"""Back up the database and the stored files into one folder (ocop.backups)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ocop.backups import backup_create, backup_prune


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã lưu (MEDIA_ROOT) vào một thư mục ocop-backup-<ngày-giờ>."

    def add_arguments(self, parser):
        parser.add_argument(
            "--into", default=str(settings.BACKUP_ROOT), help="Thư mục chứa bản sao lưu (mặc định BACKUP_ROOT)."
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.BACKUP_KEEP,
            help="Sau khi sao lưu xong, chỉ giữ lại chừng ấy bản mới nhất (mặc định BACKUP_KEEP; 0: giữ tất cả).",
        )

    def handle(self, *args, into, keep, **options):
        if keep < 0:
            raise CommandError("--keep phải là số không âm.")
        try:
            folder = backup_create(into=Path(into))
            removed = backup_prune(into=Path(into), keep=keep) if keep else []
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(str(folder))
        for old in removed:  # after the new folder's line: scripts read the first line
            self.stderr.write(f"Đã xoá bản sao lưu cũ: {old}")
