import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    """The rule set a record was made under (ocop-domain.md §1)."""

    PRE_1048 = "pre-1048", _("Trước QĐ 1048/2019")
    D1048 = "1048/2019", _("QĐ 1048/QĐ-TTg (2019)")
    D148 = "148/2023", _("QĐ 148/QĐ-TTg (2023)")
    D1489 = "1489/2025", _("QĐ 1489/QĐ-TTg (2025)")
    D26 = "26/2026", _("QĐ 26/2026/QĐ-TTg")


def legal_basis_on(day: datetime.date) -> str:
    """The rule set in force on `day` (ocop-domain.md §1): D26 from 22/05/2026 (Điều 11.1), 1489 from
    06/07/2025, 148 from 24/02/2023, 1048 from 21/08/2019."""
    if day >= datetime.date(2026, 5, 22):
        return LegalBasis.D26
    if day >= datetime.date(2025, 7, 6):
        return LegalBasis.D1489
    if day >= datetime.date(2023, 2, 24):
        return LegalBasis.D148
    if day >= datetime.date(2019, 8, 21):
        return LegalBasis.D1048
    return LegalBasis.PRE_1048


class Star(models.IntegerChoices):
    ONE = 1, _("1 sao")
    TWO = 2, _("2 sao")
    THREE = 3, _("3 sao")
    FOUR = 4, _("4 sao")
    FIVE = 5, _("5 sao")


class Level(models.TextChoices):
    """Evaluation level. District is historic only (abolished 1 July 2025)."""

    DISTRICT = "district", _("Cấp huyện (cũ)")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Cấp trung ương")


class RegistrationKind(models.TextChoices):
    FIRST = "first", _("Đánh giá lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    REEVALUATION = "reevaluation", _("Đánh giá lại")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp UBND xã")
    FORWARDED = "forwarded", _("Đã chuyển cấp tỉnh")
    ADVISORY_REVIEW = "advisory_review", _("Tổ tư vấn đang xem xét")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    READY_FOR_COUNCIL = "ready_for_council", _("Sẵn sàng trình Hội đồng")
    SCORED = "scored", _("Đã chấm điểm")
    FORWARDED_TO_CENTRAL = "forwarded_to_central", _("Đã chuyển trung ương (tiềm năng 5 sao)")
    DECIDED = "decided", _("Đã có quyết định")
    NOT_RECOGNISED = "not_recognised", _("Không đạt")
    RETURNED = "returned", _("Trả lại")
    WITHDRAWN = "withdrawn", _("Đã rút")
    REJECTED = "rejected", _("Bị từ chối")
    ELIMINATED = "eliminated", _("Bị loại")


# While a dossier is under evaluation, its content is frozen.
FROZEN_STATUSES = {
    RegistrationStatus.FORWARDED,
    RegistrationStatus.ADVISORY_REVIEW,
    RegistrationStatus.READY_FOR_COUNCIL,
    RegistrationStatus.SCORED,
    RegistrationStatus.FORWARDED_TO_CENTRAL,
    RegistrationStatus.DECIDED,
    RegistrationStatus.NOT_RECOGNISED,
    RegistrationStatus.ELIMINATED,
}

# What the advisory team (Tổ tư vấn) reads: dossiers from the commune's forwarding until they go to the council.
ADVISORY_REVIEW_STATUSES = frozenset(
    {
        RegistrationStatus.FORWARDED,
        RegistrationStatus.ADVISORY_REVIEW,
        RegistrationStatus.SUPPLEMENT_REQUESTED,
        RegistrationStatus.READY_FOR_COUNCIL,
    }
)

# D26 Điều 7.6g: a re-evaluation is in progress (its 45 days run) from the complete dossier at the province until the
# competent authority's decision; these are the statuses in between.
REEVALUATION_RUNNING = {
    RegistrationStatus.FORWARDED,
    RegistrationStatus.ADVISORY_REVIEW,
    RegistrationStatus.SUPPLEMENT_REQUESTED,
    RegistrationStatus.READY_FOR_COUNCIL,
    RegistrationStatus.SCORED,
    RegistrationStatus.FORWARDED_TO_CENTRAL,
}
REEVALUATION_DAYS = 45  # D26 Điều 7.6g: "không quá 45 ngày kể từ ngày nhận đủ hồ sơ" (calendar days)


class CaseVariant(models.IntegerChoices):
    """Bộ 26 (du lịch cộng đồng, điểm du lịch) is scored by one of two cases: chosen once on Mẫu 01."""

    NONE = 0, _("Không áp dụng")
    COMMUNITY = 1, _("Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp")
    PROVIDER = 2, _("Trường hợp 2: Điểm dịch vụ du lịch / dịch vụ do tổ chức, cá nhân cung cấp")


class DocumentKind(models.TextChoices):
    """Evidence types of a dossier (D26 Điều 6, Mẫu 02 guide)."""

    REGISTRATION_FORM = "registration_form", _("Phiếu đăng ký (Mẫu 01) có chữ ký, đóng dấu")
    SELF_ASSESSMENT = "self_assessment", _("Báo cáo tự đánh giá (Mẫu 02) có chữ ký")
    BUSINESS_REGISTRATION = "business_registration", _("Giấy đăng ký kinh doanh")
    QUALITY_DECLARATION = "quality_declaration", _("Bản công bố / tự công bố chất lượng")
    TEST_REPORT = "test_report", _("Phiếu kết quả kiểm nghiệm")
    FOOD_SAFETY = "food_safety", _("Giấy chứng nhận cơ sở đủ điều kiện ATTP")
    LABEL = "label", _("Nhãn sản phẩm")
    TRADEMARK = "trademark", _("Giấy chứng nhận nhãn hiệu / sở hữu trí tuệ")
    STORY = "story", _("Câu chuyện sản phẩm")
    BUSINESS_PLAN = "business_plan", _("Phương án / kế hoạch kinh doanh")
    FINANCIAL_REPORT = "financial_report", _("Báo cáo tài chính")
    RAW_MATERIAL = "raw_material", _("Hợp đồng, chứng từ nguồn gốc nguyên liệu")
    ENVIRONMENT = "environment", _("Hồ sơ môi trường")
    CHANGES_REPORT = "changes_report", _("Báo cáo thay đổi so với lần công nhận trước")
    PREVIOUS_CERTIFICATE = "previous_certificate", _("Giấy chứng nhận OCOP đã được cấp")
    SITE_VISIT = "site_visit", _("Biên bản khảo sát thực tế")
    TEST_RESULT = "test_result", _("Kết quả kiểm nghiệm bổ sung")
    OTHER = "other", _("Tài liệu minh chứng khác")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Kế hoạch")
    OPEN = "open", _("Đang nhận hồ sơ")
    EVALUATING = "evaluating", _("Đang đánh giá")
    CLOSED = "closed", _("Đã kết thúc")


class CommuneProposal(models.TextChoices):
    FORWARD = "forward", _("Đề nghị cấp tỉnh đánh giá, phân hạng")
    RETURN = "return", _("Trả lại để hoàn thiện")


class CouncilKind(models.TextChoices):
    COUNCIL = "council", _("Hội đồng đánh giá, phân hạng")
    ADVISORY = "advisory", _("Tổ tư vấn")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Trung bình cộng tổng điểm của các thành viên")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    SECRETARY = "secretary", _("Thư ký")
    MEMBER = "member", _("Thành viên")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    OPEN = "open", _("Đang chấm điểm")
    CLOSED = "closed", _("Đã kết thúc")


class SessionMode(models.TextChoices):
    MEETING = "meeting", _("Họp Hội đồng (trực tiếp hoặc trực tuyến)")
    # D26 Điều 7.6d/7.6e: re-evaluations are decided by written opinion; a meeting only when opinions diverge.
    WRITTEN = "written", _("Lấy ý kiến bằng văn bản (đánh giá lại, Điều 7.6d)")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    SUPERSEDED = "superseded", _("Đã thay thế")


class RevisionKind(models.TextChoices):
    """Why a frozen copy of a score sheet was kept (`SheetRevision.kind`)."""

    SUBMIT = "submit", _("Nộp phiếu")
    REOPEN = "reopen", _("Mở lại phiếu")
