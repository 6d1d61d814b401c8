"""What the province's advisory team asks of a dossier while it checks it (D26 Điều 7.3): a supplement, a site
visit, a test of the product."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .criteria import Criterion
from .registrations import Registration


class SupplementRequest(models.Model):
    """Tổ tư vấn asks for a supplement: the producer may then change only what is named here."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="supplement_requests", verbose_name=_("hồ sơ đăng ký")
    )
    reason = models.TextField(_("lý do"))
    document_kinds = models.JSONField(_("tài liệu cần bổ sung"), default=list, blank=True)
    criteria = models.ManyToManyField(Criterion, verbose_name=_("tiêu chí cần bổ sung"), blank=True, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    requested_at = models.DateTimeField(default=timezone.now, verbose_name=_("yêu cầu lúc"))
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã bổ sung lúc"))
    response_note = models.TextField(_("giải trình của chủ thể"), blank=True)

    class Meta:
        verbose_name = _("yêu cầu bổ sung hồ sơ")
        verbose_name_plural = _("yêu cầu bổ sung hồ sơ")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="supplement_reason_required",
                violation_error_message=_("Phải nêu lý do yêu cầu bổ sung."),
            ),
        ]

    def __str__(self) -> str:
        return self.reason[:80]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class SiteVisit(models.Model):
    """Biên bản khảo sát thực tế của Tổ tư vấn (D26 Điều 7.3c)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="site_visits", verbose_name=_("hồ sơ đăng ký")
    )
    visited_on = models.DateField(_("ngày khảo sát"))
    participants = models.TextField(_("thành phần"))
    findings = models.TextField(_("kết quả khảo sát"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người ghi")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        verbose_name = _("khảo sát thực tế")
        verbose_name_plural = _("khảo sát thực tế")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on:%d/%m/%Y} — {self.registration_id}"


class TestRequest(models.Model):
    """Đề nghị kiểm nghiệm bổ sung (extra quality test) asked by the advisory team."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="test_requests", verbose_name=_("hồ sơ đăng ký")
    )
    indicators = models.TextField(_("chỉ tiêu cần kiểm nghiệm"))
    laboratory = models.CharField(_("đơn vị kiểm nghiệm"), max_length=200, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    requested_at = models.DateTimeField(default=timezone.now, verbose_name=_("yêu cầu lúc"))
    result_note = models.TextField(_("kết quả"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("hoàn thành lúc"))

    class Meta:
        verbose_name = _("yêu cầu kiểm nghiệm")
        verbose_name_plural = _("yêu cầu kiểm nghiệm")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return self.indicators[:80]

    @property
    def is_open(self) -> bool:
        return self.completed_at is None
