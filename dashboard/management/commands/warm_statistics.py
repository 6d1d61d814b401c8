"""Count the programme's figures of the whole country and cache every province's counts (the same function the
nightly beat job calls): after a deploy, or to replay a missed night. `python manage.py warm_statistics`."""

from django.core.management.base import BaseCommand

from dashboard.selectors.national import statistics_warm


class Command(BaseCommand):
    help = "Đếm số liệu thống kê toàn quốc và lưu sẵn số liệu của từng tỉnh vào bộ nhớ đệm."

    def handle(self, *args, **options):
        cached = statistics_warm()
        self.stdout.write(f"provinces cached: {cached}")
