from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanLevel(models.TextChoices):
    """Who inspects (D26 Điều 9.4): the province's OCOP office its products, the ministry's the 5★ ones."""

    PROVINCE = "province", _("Cơ quan tham mưu OCOP cấp tỉnh")
    MINISTRY = "ministry", _("Bộ Nông nghiệp và Môi trường (sản phẩm 5 sao)")


class InspectionKind(models.TextChoices):
    """Điều 9.2a: kiểm tra định kỳ kết hợp kiểm tra đột xuất."""

    PERIODIC = "periodic", _("Định kỳ (theo kế hoạch)")
    AD_HOC = "ad_hoc", _("Đột xuất")


class SelectionReason(models.TextChoices):
    NOT_INSPECTED = "not_inspected", _("Chưa được kiểm tra trong 36 tháng")
    EXPIRING = "expiring", _("Sắp hết hạn mà chưa được kiểm tra")
    COMPLAINT = "complaint", _("Có phản ánh")
    PRODUCER_CHANGED = "producer_changed", _("Chủ thể đã thay đổi so với giấy chứng nhận")
    MANUAL = "manual", _("Chọn theo đề xuất của cán bộ")
    AGENCY = "agency", _("Phát hiện của cơ quan khác")


# The reasons a plan selects by rule (the others come from a hand, a complaint or another agency).
RULE_REASONS = (
    SelectionReason.NOT_INSPECTED,
    SelectionReason.EXPIRING,
    SelectionReason.COMPLAINT,
    SelectionReason.PRODUCER_CHANGED,
)


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    IN_PROGRESS = "in_progress", _("Đang ghi biên bản")
    CONCLUDED = "concluded", _("Đã kết luận")


# Planned or being recorded: an inspection still to conclude (the overview's "assigned to me", the list's filter).
OPEN_INSPECTION_STATUSES = frozenset({InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS})


class Outcome(models.TextChoices):
    COMPLIANT = "compliant", _("Đạt: sản phẩm duy trì yêu cầu")
    REMEDY = "remedy", _("Yêu cầu khắc phục")
    # The conclusion names the ground; the proposal itself (certificates.Revocation) stays with the officials.
    REVOKE = "revoke", _("Có căn cứ thu hồi giấy chứng nhận (Điều 8.1)")


class CheckArea(models.TextChoices):
    """What Điều 9.3 names: the criteria as evaluated (a), the mark, the information and the promotion (b)."""

    CRITERIA = "criteria", _("Duy trì các tiêu chí theo hồ sơ đã được đánh giá, phân hạng (Điều 9.3a)")
    MARK = "mark", _("Sử dụng nhãn hiệu OCOP (Điều 9.3b)")
    INFORMATION = "information", _("Sử dụng thông tin sản phẩm OCOP, ghi nhãn (Điều 9.3b)")
    PROMOTION = "promotion", _("Quảng bá sản phẩm OCOP (Điều 9.3b)")


class ItemResult(models.TextChoices):
    UNCHECKED = "unchecked", _("Chưa kiểm tra")
    MET = "met", _("Đạt")
    FINDING = "finding", _("Có phát hiện")


class Severity(models.TextChoices):
    NONE = "none", _("Không")
    MINOR = "minor", _("Nhẹ: khắc phục được")
    MAJOR = "major", _("Nặng: phải khắc phục có thời hạn")
    CRITICAL = "critical", _("Rất nặng: có căn cứ thu hồi")


class RemedyStatus(models.TextChoices):
    OPEN = "open", _("Chờ chủ thể khắc phục")
    ANSWERED = "answered", _("Chủ thể đã báo cáo khắc phục")
    ACCEPTED = "accepted", _("Đã khắc phục")


class ComplaintSource(models.TextChoices):
    PUBLIC = "public", _("Người dân (trang công khai)")
    OFFICER = "officer", _("Cán bộ")


class ComplaintStatus(models.TextChoices):
    NEW = "new", _("Chờ xử lý")
    INSPECTION = "inspection", _("Đã chuyển kiểm tra")
    CLOSED = "closed", _("Đã đóng")


class CaseSource(models.TextChoices):
    """What starts the 15 days of Điều 8.4."""

    FINDING = "finding", _("Kết luận kiểm tra của cơ quan có thẩm quyền")
    COMMUNE = "commune", _("Xác nhận của UBND cấp xã: chủ thể không còn sản xuất")
    AGENCY = "agency", _("Kết luận của cơ quan có thẩm quyền về hành vi vi phạm")


class AuditAction(models.TextChoices):
    """The acts this app records in the audit trail (see ocop.choices.AuditAction)."""

    PLAN_CREATE = "supervision.plan_create", pgettext_lazy("audit", "Lập kế hoạch kiểm tra")
    PLAN_UPDATE = "supervision.plan_update", pgettext_lazy("audit", "Sửa kế hoạch kiểm tra")
    INSPECTION_SCHEDULE = "supervision.inspection_schedule", pgettext_lazy("audit", "Lên lịch kiểm tra")
    INSPECTION_RECORD = "supervision.inspection_record", pgettext_lazy("audit", "Ghi biên bản kiểm tra")
    PHOTO_ADD = "supervision.photo_add", pgettext_lazy("audit", "Thêm ảnh kiểm tra")
    INSPECTION_CONCLUDE = "supervision.inspection_conclude", pgettext_lazy("audit", "Kết luận kiểm tra")
    REMEDY_ANSWER = "supervision.remedy_answer", pgettext_lazy("audit", "Báo cáo khắc phục")
    REMEDY_REVIEW = "supervision.remedy_review", pgettext_lazy("audit", "Xem xét kết quả khắc phục")
    COMPLAINT_SUBMIT = "supervision.complaint_submit", pgettext_lazy("audit", "Gửi phản ánh")
    COMPLAINT_TRIAGE = "supervision.complaint_triage", pgettext_lazy("audit", "Xử lý phản ánh")
    CASE_OPEN = "supervision.case_open", pgettext_lazy("audit", "Mở theo dõi 15 ngày (Điều 8.4)")
    CASE_PROPOSE = "supervision.case_propose", pgettext_lazy("audit", "Đề nghị thu hồi sau kiểm tra")
    CASE_CONCLUSION = (
        "supervision.case_conclusion",
        pgettext_lazy("audit", "Ghi kết luận của cơ quan có thẩm quyền vào hồ sơ thu hồi"),
    )
    CASE_CLOSE = "supervision.case_close", pgettext_lazy("audit", "Kết thúc theo dõi, không thu hồi")


def audit_vocabulary():
    from ocop.hooks import AuditVocabulary
    from ocop.models import User

    from .models import RemedyReport

    return AuditVocabulary(
        actions=dict(AuditAction.choices),
        keys={"earlier_report": _("Báo cáo trước (chưa được chấp nhận)")},
        action_keys={
            AuditAction.INSPECTION_SCHEDULE: {"inspectors": pgettext_lazy("inspection", "Người kiểm tra")},
            # The on-site record keeps each area's result under the area's code (CheckArea): the area by its name.
            AuditAction.INSPECTION_RECORD: dict(CheckArea.choices),
            AuditAction.INSPECTION_CONCLUDE: {"remedy_due_on": _("Hạn khắc phục")},
            AuditAction.PHOTO_ADD: {"photo": _("Ảnh")},
            AuditAction.REMEDY_ANSWER: {"files": _("Số tệp minh chứng")},
            AuditAction.REMEDY_REVIEW: {"accept": _("Chấp nhận báo cáo")},
        },
        key_choices=dict.fromkeys(CheckArea.values, ItemResult),
        # The inspectors chosen, and the reasons when there are more than one: lists, whatever their length.
        fact_keys={AuditAction.INSPECTION_SCHEDULE: frozenset({"inspectors", "reason"})},
        # The producer's report the inspectors did not accept, kept when it reported again (services.remedies):
        # named by its id in the next report's row, read by its date. The inspectors an inspection is scheduled
        # with: their accounts' ids, read by their names.
        key_records={"earlier_report": (RemedyReport, _report_name), "inspectors": (User, str)},
    )


def _report_name(report) -> str:
    return _("Báo cáo khắc phục ngày %(d)s") % {"d": f"{timezone.localtime(report.answered_at):%d/%m/%Y}"}
