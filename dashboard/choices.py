from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TargetMetric(models.TextChoices):
    """What a plan's target counts. Every count is computed from certificates (never typed): a certificate issued in
    the plan's period for a product of the target's unit, compared with the product's previous certificate."""

    NEW_RECOGNISED = "new_recognised", _("Sản phẩm mới được công nhận từ 3 sao")
    RECOGNISED_STAR = "recognised_star", _("Sản phẩm được công nhận theo hạng sao")
    REEVALUATED = "reevaluated", _("Sản phẩm được đánh giá lại (giữ hạng)")
    UPGRADED = "upgraded", _("Sản phẩm được nâng hạng sao")
    NEW_PRODUCERS = "new_producers", _("Chủ thể lần đầu có sản phẩm OCOP")
    SECTOR_RECOGNISED = "sector_recognised", _("Sản phẩm mới được công nhận theo ngành")


# Periods of the periodic report: key → (label, first month, last month).
PERIODS = {
    "year": (_("Cả năm"), 1, 12),
    "h1": (_("6 tháng đầu năm"), 1, 6),
    "h2": (_("6 tháng cuối năm"), 7, 12),
    "q1": (_("Quý I"), 1, 3),
    "q2": (_("Quý II"), 4, 6),
    "q3": (_("Quý III"), 7, 9),
    "q4": (_("Quý IV"), 10, 12),
}


class HistoricLevel(models.TextChoices):
    """The council that evaluated in a past round (districts evaluated until 30/06/2025)."""

    DISTRICT = "district", _("Hội đồng cấp huyện (cũ)")
    PROVINCE = "province", _("Hội đồng cấp tỉnh")
    MINISTRY = "ministry", _("Hội đồng cấp trung ương")


class AuditAction(models.TextChoices):
    """The acts this app records in the audit trail (see ocop.choices.AuditAction)."""

    PLAN_CREATE = "plan.create", pgettext_lazy("audit", "Ghi nhận kế hoạch")
    PLAN_TARGETS_ADD = "plan.targets_add", pgettext_lazy("audit", "Thêm chỉ tiêu kế hoạch")
    PLAN_UPDATE = "plan.update", pgettext_lazy("audit", "Sửa kế hoạch")
    PLAN_DELETE = "plan.delete", pgettext_lazy("audit", "Xoá kế hoạch")
    HISTORIC_EVALUATION_RECORD = "historic_evaluation.record", pgettext_lazy("audit", "Ghi nhận kết quả đánh giá cũ")
    HISTORIC_EVALUATION_DELETE = "historic_evaluation.delete", pgettext_lazy("audit", "Xoá kết quả đánh giá cũ")


def audit_vocabulary():
    from ocop.hooks import AuditVocabulary

    from .models import target_audit_text

    return AuditVocabulary(
        actions=dict(AuditAction.choices),
        keys={"targets": _("Chỉ tiêu"), "products": _("Sản phẩm")},
        key_values={"targets": target_audit_text},
    )
