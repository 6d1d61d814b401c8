"""The written notice of a council's result that no decision announces (D26 Điều 7.3g: "thông báo bằng văn bản về
kết quả đánh giá, phân hạng cho UBND cấp xã và các chủ thể OCOP"): a numbered letter of the OCOP office, its PDF
printed from what it recorded when it was issued."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, ExtractYear
from django.utils.translation import gettext_lazy as _

from ocop.models import AdministrativeUnit

from .registrations import Registration
from .results import CouncilResult


class ResultNotice(models.Model):
    """Thông báo kết quả đánh giá, phân hạng sản phẩm OCOP: one per outcome notified (the dossier's status then), by
    the OCOP office whose council took the result (its province's, or the ministry's). Its number is the office's,
    one sequence a year (Nghị định 30/2020/NĐ-CP, Phụ lục I); the names of the product, the producer and the commune
    are kept as notified, so the paper reads the same when they later change. Written by
    services.notices.registration_notify_result only; never changed."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="result_notices", verbose_name=_("hồ sơ đăng ký")
    )
    result = models.ForeignKey(
        CouncilResult, on_delete=models.PROTECT, related_name="notices", verbose_name=_("kết quả của Hội đồng")
    )
    status = models.CharField(_("kết quả được thông báo"), max_length=30)
    number = models.CharField(_("số thông báo"), max_length=60)
    date = models.DateField(_("ngày thông báo"))
    # The issuing office's province (None: the ministry's office); with the agency it answers to, printed above it.
    issuer_unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh của cơ quan ban hành"),
    )
    parent_name = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    product_name = models.CharField(_("tên sản phẩm"), max_length=300)
    producer_name = models.CharField(_("chủ thể"), max_length=300)
    producer_address = models.CharField(_("địa chỉ chủ thể"), max_length=500, blank=True)
    commune_name = models.CharField(_("xã"), max_length=200, blank=True)
    text = models.JSONField(_("nội dung thông báo"), default=dict)  # the notice's phrase (ocop.phrases.Phrase)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ban hành"),
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("thông báo kết quả đánh giá")
        verbose_name_plural = _("thông báo kết quả đánh giá")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "status"],
                name="result_notice_once_per_outcome",
                violation_error_message=_("Kết quả này đã được thông báo cho chủ thể."),
            ),
            # The office's documents of a year are one sequence (services.notice_papers checks the number however
            # typed; this is the last guard for the number as typed).
            models.UniqueConstraint(
                "parent_name",
                "issuer_name",
                "number",
                ExtractYear(Cast("date", models.DateField())),
                name="result_notice_number_unique_per_issuer_year",
                violation_error_message=_("Cơ quan này đã có văn bản mang số này trong năm đó."),
            ),
            models.CheckConstraint(
                condition=~Q(number="") & ~Q(issuer_name="") & ~Q(signer_name=""),
                name="result_notice_numbered_and_signed",
                violation_error_message=_("Thông báo phải có số, cơ quan ban hành và người ký."),
            ),
        ]

    def __str__(self) -> str:
        return self.number
