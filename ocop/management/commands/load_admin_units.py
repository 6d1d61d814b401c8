"""Load or update the administrative units: the current map and the historic one with its old → new links."""

import time

from django.core.management.base import BaseCommand

from ocop.admin_units import admin_units_load


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính hiện hành (từ 01/07/2025) và trước 01/07/2025 cùng liên kết cũ → mới."

    def add_arguments(self, parser):
        parser.add_argument(
            "--current-only",
            action="store_true",
            help="Chỉ nạp 34 tỉnh và 3.321 xã hiện hành (nhanh, cho môi trường thử).",
        )

    def handle(self, *args, current_only=False, **options):
        started = time.monotonic()
        r = admin_units_load(current_only=current_only)
        line = f"{r.current_provinces} tỉnh, {r.current_communes} xã hiện hành"
        if not current_only:
            line += (
                f"; {r.historic_provinces} tỉnh, {r.historic_districts} huyện, {r.historic_communes} xã cũ; "
                f"{r.links} liên kết cũ → mới"
            )
        self.stdout.write(line)
        self.stdout.write(
            f"Tạo mới {r.created}, cập nhật {r.updated} đơn vị; liên kết: {r.links_created} mới, "
            f"{r.links_updated} cập nhật, {r.links_deleted} xoá ({time.monotonic() - started:.1f} s)."
        )
        if r.unmapped_communes or r.unmapped_provinces:
            self.stdout.write(
                self.style.WARNING(
                    f"Chưa xác định được đơn vị kế thừa: {r.unmapped_communes} xã cũ, {r.unmapped_provinces} tỉnh cũ "
                    f"(ví dụ: {', '.join(r.unmapped_samples)})."
                )
            )
