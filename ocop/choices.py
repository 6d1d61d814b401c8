from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện (cũ)")
    COMMUNE = "commune", _("Xã, phường, đặc khu")


class UnitEra(models.TextChoices):
    """Which administrative map a unit belongs to. The two-tier map took effect on 1 July 2025."""

    CURRENT = "current", _("Từ 01/07/2025")
    HISTORIC = "historic", _("Trước 01/07/2025")


class Role(models.TextChoices):
    PRODUCER = "producer", _("Chủ thể OCOP")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ xã")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ OCOP tỉnh")
    ADVISORY_MEMBER = "advisory_member", _("Thành viên Tổ tư vấn")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng")
    CENTRAL_OFFICER = "central_officer", _("Cán bộ OCOP trung ương")
    VIEWER = "viewer", _("Người xem (chỉ đọc)")
    ADMIN = "admin", _("Quản trị hệ thống")


# Roles that work for a province (their unit is a province).
PROVINCE_ROLES = {Role.PROVINCE_OFFICER, Role.ADVISORY_MEMBER, Role.COUNCIL_MEMBER, Role.VIEWER}
# Roles that see every province.
NATIONAL_ROLES = {Role.CENTRAL_OFFICER, Role.ADMIN}


class CalendarChange(models.TextChoices):
    """What the government's yearly notice does to one date (Bộ luật Lao động 2019, Điều 112.3)."""

    DAY_OFF = "day_off", _("Ngày nghỉ (nghỉ bù, hoán đổi, nghỉ thêm)")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")


class JobStatus(models.TextChoices):
    """The life of a background job (ocop.models.BackgroundJob)."""

    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class JobKind(models.TextChoices):
    """What a background job does; each kind is run by one task of the app that owns it."""

    CERTIFICATES_ZIP = "certificates.zip", _("Tải giấy chứng nhận (ZIP)")
    IMPORT_PRODUCERS = "import.producers", _("Nhập chủ thể từ Excel")
    IMPORT_PRODUCTS = "import.products", _("Nhập sản phẩm từ Excel")
    REPORT = "dashboard.report", _("Lập báo cáo định kỳ")
    EXPORT = "export", _("Xuất danh sách ra Excel")
