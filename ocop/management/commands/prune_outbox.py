"""Delete the outbox's rows sent more than a month ago (beat does it every night)."""

from django.core.management.base import BaseCommand

from ocop.services import outbox_prune


class Command(BaseCommand):
    help = "Xoá các tác vụ đã gửi quá một tháng khỏi hàng đợi gửi (outbox); tác vụ còn chờ không bao giờ bị xoá."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã xoá {outbox_prune()} tác vụ đã gửi.")
