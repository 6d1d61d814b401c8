from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện (cũ)")
    COMMUNE = "commune", _("Xã, phường, đặc khu")


class UnitEra(models.TextChoices):
    """Which administrative map a unit belongs to. The two-tier map took effect on 1 July 2025."""

    CURRENT = "current", _("Từ 01/07/2025")
    HISTORIC = "historic", _("Trước 01/07/2025")


class Role(models.TextChoices):
    PRODUCER = "producer", pgettext_lazy("role", "Chủ thể OCOP")
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
# The roles whose account works for no province: a ministry officer always, a council member of the central council
# (D26 Điều 7.4b: members from the ministries) when their keeper chooses no province.
UNITLESS_ROLES = (Role.CENTRAL_OFFICER,)
UNIT_OPTIONAL_ROLES = (Role.COUNCIL_MEMBER,)


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


class AuditAction(models.TextChoices):
    """The acts ocop itself records in the audit trail (ocop.models.AuditEvent.action), by what a reader calls them.
    Every app names its own the same way (its choices.AuditAction); ocop.hooks.audit_vocabulary gathers them."""

    LOGIN = "auth.login", pgettext_lazy("audit", "Đăng nhập")
    LOGOUT = "auth.logout", pgettext_lazy("audit", "Đăng xuất")
    LOGIN_FAILED = "auth.login_failed", pgettext_lazy("audit", "Đăng nhập không thành công")
    LOCKOUT = "auth.lockout", pgettext_lazy("audit", "Tạm khoá đăng nhập")
    LOCKOUT_LIFT = "auth.lockout_lift", pgettext_lazy("audit", "Mở khoá đăng nhập")
    PASSWORD_CHANGE = "auth.password_change", pgettext_lazy("audit", "Đổi mật khẩu")
    PASSWORD_RESET = "auth.password_reset", pgettext_lazy("audit", "Đặt lại mật khẩu")
    PASSWORD_SET = "auth.password_set", pgettext_lazy("audit", "Quản trị viên đặt mật khẩu")
    PASSWORD_RESET_THROTTLED = (
        "auth.password_reset_throttled",
        pgettext_lazy("audit", "Yêu cầu đặt lại mật khẩu bị hạn chế"),
    )
    USER_CREATE = "user.create", pgettext_lazy("audit", "Tạo tài khoản")
    USER_ACCESS_CHANGE = "user.access_change", pgettext_lazy("audit", "Thay đổi quyền truy cập")
    USER_UPDATE = "user.update", pgettext_lazy("audit", "Sửa thông tin tài khoản")
    USER_INVITE = "user.invite", pgettext_lazy("audit", "Gửi thư mời đặt mật khẩu")
    ADMIN_UNITS_LOAD = "admin_units.load", pgettext_lazy("audit", "Nạp đơn vị hành chính")
    BACKUP_CREATE = "backup.create", pgettext_lazy("audit", "Sao lưu dữ liệu")
    BACKUP_RESTORE = "backup.restore", pgettext_lazy("audit", "Khôi phục dữ liệu từ bản sao lưu")


def audit_vocabulary():
    from .hooks import AuditVocabulary

    return AuditVocabulary(
        actions=dict(AuditAction.choices),
        keys={
            "reason": _("Lý do"),
            "status": _("Trạng thái"),
            "created": _("Tạo mới"),
            "updated": _("Cập nhật"),
            "links_created": _("Liên kết mới"),
            "links_updated": _("Liên kết cập nhật"),
            "links_deleted": _("Liên kết bị xoá"),
        },
    )
