"""Evaluation rounds and registrations (Mẫu 01), with the producer's self-assessment (Mẫu 02)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.models import AdministrativeUnit
from ocop.permissions import NOTHING, unit_scope_q
from products.models import Product

from ..choices import LegalBasis, Level, RegistrationKind, RegistrationStatus
from .criteria import CriteriaVersion, Criterion, Option, Scorecard


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Kế hoạch")
    OPEN = "open", _("Đang nhận hồ sơ")
    EVALUATING = "evaluating", _("Đang đánh giá")
    CLOSED = "closed", _("Đã kết thúc")


class EvaluationRound(models.Model):
    """Đợt đánh giá (D26 Điều 5): at least two a year at each level."""

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị tổ chức"), null=True, blank=True, on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("đợt"))
    title = models.CharField(_("tên đợt"), max_length=200, blank=True)
    proposals_due = models.DateField(_("hạn nhận đề nghị"))
    done_by = models.DateField(_("hạn hoàn thành"))
    criteria_version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, verbose_name=_("bộ tiêu chí"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.PLANNED)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        constraints = [
            models.UniqueConstraint(fields=["level", "unit", "year", "number"], name="round_unique_per_unit"),
            models.CheckConstraint(condition=Q(done_by__gte=models.F("proposals_due")), name="round_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.title or f"Đợt {self.number}/{self.year}"


class RegistrationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.role == "producer":
            return self.filter(product__producer__members=user)
        scope = unit_scope_q(user, "commune")
        if scope == NOTHING:
            return self.none()
        return self.filter(scope)


class Registration(models.Model):
    """Phiếu đăng ký (Mẫu 01) and the dossier behind it, moved through D26 Điều 7 by services only."""

    product = models.ForeignKey(Product, verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="registrations")
    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("đợt đánh giá"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="registrations",
    )
    kind = models.CharField(_("hình thức"), max_length=15, choices=RegistrationKind.choices, default=RegistrationKind.FIRST)
    status = models.CharField(
        _("trạng thái"), max_length=25, choices=RegistrationStatus.choices, default=RegistrationStatus.DRAFT,
        db_index=True,
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.D26)
    criteria_version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="+")
    scorecard = models.ForeignKey(Scorecard, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    case_variant = models.PositiveSmallIntegerField(default=0)  # Trường hợp 1/2 for tourism (set 26)
    # The commune that receives the dossier (current unit); the province is its parent.
    commune = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="registrations")
    year = models.PositiveSmallIntegerField(_("năm"))
    form_number = models.CharField(_("phiếu số"), max_length=60, blank=True)
    previous = models.ForeignKey(
        "self", verbose_name=_("hồ sơ trước"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    commune_due_on = models.DateField(_("hạn xã kiểm tra"), null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(_("lý do"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hồ sơ đăng ký")
        verbose_name_plural = _("hồ sơ đăng ký")
        indexes = [models.Index(fields=["commune", "status"]), models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.product} ({self.get_kind_display()}, {self.year})"


class SelfAssessmentAnswer(models.Model):
    """The producer's choice for one criterion (Mẫu 02 part III)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "criterion"], name="selfassessment_one_per_criterion")
        ]
