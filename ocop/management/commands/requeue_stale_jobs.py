"""Queue again the background jobs whose worker died (running, heartbeat older than OCOP_JOB_STALE_SECONDS)."""

from django.core.management.base import BaseCommand

from ocop.services import jobs_requeue_stale


class Command(BaseCommand):
    help = "Xếp lại hàng đợi các tác vụ nền bị dừng giữa chừng (tiến trình xử lý đã ngừng)."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã xếp lại {jobs_requeue_stale()} tác vụ.")
