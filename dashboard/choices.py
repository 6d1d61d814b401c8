from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetMetric(models.TextChoices):
    """What a plan's target counts. Every count is computed from certificates (never typed): a certificate issued in
    the plan's period for a product of the target's unit, compared with the product's previous certificate."""

    NEW_RECOGNISED = "new_recognised", _("Sản phẩm mới được công nhận từ 3 sao")
    RECOGNISED_STAR = "recognised_star", _("Sản phẩm được công nhận theo hạng sao")
    REEVALUATED = "reevaluated", _("Sản phẩm được đánh giá lại (giữ hạng)")
    UPGRADED = "upgraded", _("Sản phẩm được nâng hạng sao")
    NEW_PRODUCERS = "new_producers", _("Chủ thể lần đầu có sản phẩm OCOP")
    SECTOR_RECOGNISED = "sector_recognised", _("Sản phẩm mới được công nhận theo ngành")
