"""Programme plans (kế hoạch thực hiện Chương trình OCOP, Điều 10.3a) and their targets. What a target has
achieved is never stored: dashboard.selectors.plans computes it from decisions and certificates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ocop.models import AdministrativeUnit
from products.models import Sector

from .choices import HistoricLevel, TargetMetric
from .permissions import plan_scope_q


class PlanQuerySet(models.QuerySet):
    def for_user(self, user):
        """National roles see every plan; a province's officers the plans of units that are (or became) part of
        their province; a commune officer the plans of their commune (dashboard.permissions)."""
        return self.filter(plan_scope_q(user))


class Plan(models.Model):
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="ocop_plans"
    )
    # The current province the unit is (or became) part of, stored so that scoping and roll-up are one filter.
    province = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("tỉnh, thành phố"),
    )
    number = models.CharField(_("số kế hoạch"), max_length=60, help_text=_("Ví dụ: 58/KH-UBND"))
    signed_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=300)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    document = models.FileField(_("văn bản (PDF)"), upload_to="plans/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch OCOP")
        verbose_name_plural = _("kế hoạch OCOP")
        ordering = ["-period_start", "-signed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="plan_period_ends_after_start",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.UniqueConstraint(
                fields=["unit", "number", "signed_on"],
                name="plan_unique_per_unit",
                violation_error_message=_("Đơn vị đã có kế hoạch cùng số và ngày ban hành."),
            ),
        ]

    def __str__(self):
        return f"{self.number} ngày {self.signed_on:%d/%m/%Y} · {self.unit}"


class PlanTarget(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("kế hoạch"))
    metric = models.CharField(_("chỉ tiêu"), max_length=30, choices=TargetMetric.choices)
    star = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True)
    from_star = models.PositiveSmallIntegerField(_("từ hạng sao"), null=True, blank=True)
    sector = models.ForeignKey(Sector, verbose_name=_("ngành"), null=True, blank=True, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("số lượng"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(star__isnull=True) | Q(star__gte=3, star__lte=5),
                name="plan_target_star_3_to_5",
                violation_error_message=_("Hạng sao từ 3 đến 5."),
            ),
            models.CheckConstraint(
                condition=Q(from_star__isnull=True) | Q(from_star__gte=3, from_star__lte=4),
                name="plan_target_from_star_3_to_4",
                violation_error_message=_("Nâng hạng từ 3 hoặc 4 sao."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="plan_target_quantity_positive",
                violation_error_message=_("Số lượng phải từ 1 trở lên."),
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.quantity}"

    @property
    def label(self) -> str:
        """What the target counts, as the plan names it: "Sản phẩm được nâng hạng sao từ 4 sao lên 5 sao · Ngành"."""
        sector = self.sector.name if self.sector_id else None
        return target_label(metric=self.metric, star=self.star, from_star=self.from_star, sector=sector)

    def audit_value(self) -> dict:
        """The target as the audit trail keeps it: values, not text, so that each reader of the plan's history reads
        it in their own language (target_audit_text)."""
        return {
            "metric": self.metric,
            "star": self.star,
            "from_star": self.from_star,
            "sector": self.sector.name if self.sector_id else None,
            "quantity": self.quantity,
        }

    def clean(self):
        """What each kind of target must name (a value rule of this one row)."""
        errors = {}
        if self.metric == TargetMetric.RECOGNISED_STAR and not self.star:
            errors["star"] = _("Chọn hạng sao của chỉ tiêu.")
        if self.metric == TargetMetric.SECTOR_RECOGNISED and not self.sector_id:
            errors["sector"] = _("Chọn ngành của chỉ tiêu.")
        if self.metric == TargetMetric.UPGRADED and self.star and self.from_star and self.star <= self.from_star:
            errors["star"] = _("Nâng hạng phải lên hạng sao cao hơn hạng cũ.")
        if self.from_star and self.metric != TargetMetric.UPGRADED:
            errors["from_star"] = _("Chỉ chỉ tiêu nâng hạng mới có hạng sao cũ.")
        if errors:
            raise ValidationError(errors)


class HistoricEvaluationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The past evaluations of the products the user may see, for the roles that read the statistics."""
        from products.models import Product

        from .permissions import can_view_statistics

        if not can_view_statistics(user):
            return self.none()
        if user.is_national:
            return self
        return self.filter(product__in=Product.objects.for_user(user).values("pk"))


class HistoricEvaluation(models.Model):
    """A product evaluated in a past round (before this system) that was NOT recognised: with the certificates
    recorded from the same era it makes a province's history from 2018 on reproducible (evaluated against
    recognised per year and per round). A recognised product is recorded as a historic certificate instead, so
    the two never count the same evaluation twice."""

    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="historic_evaluations"
    )
    evaluated_on = models.DateField(_("ngày đánh giá"))
    mean_score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    star = models.PositiveSmallIntegerField(_("hạng sao đạt"), help_text=_("0 nếu không xếp hạng"))
    level = models.CharField(_("cấp đánh giá"), max_length=10, choices=HistoricLevel.choices)
    # The unit whose council evaluated, as it was then (a former district or province, or a current unit).
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị lúc đánh giá"), on_delete=models.PROTECT, related_name="+"
    )
    # Who organised the round, as written on its documents ("UBND huyện Na Rì"): the round's name in the
    # statistics, the same text as the issuer of the historic decisions of that round.
    issuer_name = models.CharField(_("cơ quan tổ chức đánh giá"), max_length=200)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    objects = HistoricEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả đánh giá cũ (không được công nhận)")
        verbose_name_plural = _("kết quả đánh giá cũ (không được công nhận)")
        ordering = ["-evaluated_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(star__gte=0, star__lte=5),
                name="historic_evaluation_star_0_to_5",
                violation_error_message=_("Hạng sao từ 0 đến 5."),
            ),
            models.CheckConstraint(
                condition=Q(mean_score__gte=0, mean_score__lte=100),
                name="historic_evaluation_score_0_to_100",
                violation_error_message=_("Điểm từ 0 đến 100."),
            ),
            models.UniqueConstraint(
                fields=["product", "evaluated_on", "level"],
                name="historic_evaluation_once_per_day_and_level",
                violation_error_message=_("Sản phẩm này đã có kết quả đánh giá cùng ngày, cùng cấp."),
            ),
        ]
        indexes = [models.Index(fields=["evaluated_on"])]

    def __str__(self):
        return f"{self.product_id} · {self.evaluated_on:%d/%m/%Y} · {self.mean_score} ({self.star}★)"


def target_label(*, metric: str, star: int | None, from_star: int | None, sector: str | None) -> str:
    """A target's name in the reader's language: its metric, its stars, its sector (a name, as the data has it)."""
    if from_star and star:
        stars = _("từ %(a)s sao lên %(b)s sao") % {"a": from_star, "b": star}
    elif star:
        stars = _("%(b)s sao") % {"b": star}
    else:
        stars = ""
    text = f"{TargetMetric(metric).label} {stars}".strip() if metric in TargetMetric.values else f"{metric} {stars}"
    return text.strip() + (f" · {sector}" if sector else "")


def target_audit_text(rows) -> str:
    """The targets an audit row kept (PlanTarget.audit_value; text from before they were kept as values), as the
    history shows them."""
    texts = []
    for row in rows if isinstance(rows, list) else [rows]:
        if isinstance(row, dict):
            label = target_label(
                metric=str(row.get("metric")),
                star=row.get("star"),
                from_star=row.get("from_star"),
                sector=row.get("sector"),
            )
            texts.append(f"{label}: {row.get('quantity')}")
        else:
            texts.append(str(row))
    return "; ".join(texts)


class ReportSigner(models.Model):
    """Who last signed an office's periodic report (its PDF's signature block: ReportSignerForm), offered on the next
    print of that office's report: a province's or a commune's People's Committee (`unit`), the ministry for the
    national report (no unit). One row per office, written each time its report's PDF is signed
    (dashboard.services.report_signer_remember)."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("đơn vị báo cáo"),
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người in")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    class Meta:
        verbose_name = _("người ký báo cáo")
        verbose_name_plural = _("người ký báo cáo")
        constraints = [
            # One per office, the ministry's (no unit) included: NULLs are distinct in a plain unique column.
            models.UniqueConstraint(
                Coalesce("unit", Value(0)),
                name="report_signer_one_per_office",
                violation_error_message=_("Đơn vị này đã có người ký báo cáo."),
            ),
        ]

    def __str__(self):
        return f"{self.signer_title} {self.signer_name}".strip()
