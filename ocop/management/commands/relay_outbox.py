"""Send the Celery tasks still waiting in the outbox (the broker was down when they were written)."""

import datetime

from django.core.management.base import BaseCommand

from ocop.services import outbox_relay


class Command(BaseCommand):
    help = "Gửi các tác vụ còn chờ trong hàng đợi gửi (outbox) tới Celery khi Redis đã hoạt động trở lại."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Gửi cả các tác vụ vừa tạo (không chờ 30 giây).")

    def handle(self, *args, all=False, **options):
        kwargs = {"grace": datetime.timedelta(0)} if all else {}
        sent = outbox_relay(**kwargs)
        self.stdout.write(f"Đã gửi {sent} tác vụ.")
