"""Certificates (Giấy chứng nhận), their rendered PDFs and the daily count of their public verification."""

import datetime
import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from evaluation.choices import LegalBasis
from evaluation.models import Registration
from evaluation.selectors.reevaluation import pending_reevaluations_of, reevaluation_pending
from ocop.models import keep_province, province_copy_field
from ocop.permissions import NOTHING, reads_registry, unit_scope_q
from products.models import Product

from ..choices import LIVE_STATUSES, CertificateStatus
from .decisions import RecognitionDecision
from .status import effective_status, past_expiry, status_today


def new_verify_token() -> str:
    return secrets.token_urlsafe(24)


# What a verification token can look like (token_urlsafe's alphabet, within the column): anything else finds nothing
# without a query, a NUL byte included, which PostgreSQL refuses in a text literal.
VERIFY_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


# Another certificate of the issuer bears the number in the year of its issue
# (certificate_historic_number_unique_per_issuer_year).
HISTORIC_NUMBER_TAKEN = _("Cơ quan này đã có giấy chứng nhận mang số này trong năm đó.")


class CertificateQuerySet(models.QuerySet):
    def for_user(self, user):
        if not reads_registry(user):
            return self.none()
        if user.role == "producer":
            return self.filter(product__producer__members=user)
        scope = unit_scope_q(user, "product__producer__commune", "province")
        if scope == NOTHING:
            return self.none()
        return self.filter(scope)

    def with_status_today(self, today: datetime.date):
        """Each certificate with `status_today`, the status it has on `today` (`status_today`: effective_status in
        SQL), to filter or order by what a page shows rather than by what the nightly sweep last stored."""
        return self.annotate(status_today=status_today(today=today))

    def with_reevaluation_pending(self):
        """Each certificate with `reevaluation_pending`: whether a re-evaluation of its product is pending the
        authority's decision (pending_reevaluations_of), what `effective_status` reads for rows taken as values (the
        API)."""
        return self.annotate(
            reevaluation_pending=Exists(pending_reevaluations_of(OuterRef("product_id"), OuterRef("valid_until")))
        )


class Certificate(models.Model):
    """Giấy chứng nhận kết quả phân hạng: what was printed is stored as a snapshot, never recomputed."""

    # Unique among the certificates this system issues; a historic number is unique among its issuer's certificates of
    # the year (old districts numbered "01/GCN-UBND" each, so two of them may share a number, and each started again
    # every year, as every issuer numbers its documents: Nghị định 30/2020/NĐ-CP, Phụ lục I).
    number = models.CharField(_("số giấy chứng nhận"), max_length=60, db_index=True)
    decision = models.ForeignKey(
        RecognitionDecision,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("quyết định công nhận"),
    )
    # The decision's issuer as written on it, copied when the certificate is made (the decision never changes after
    # issue): the key of certificate_historic_number_unique_per_issuer_year. Left empty by the migration that added the
    # rule (0019) on a historic certificate recorded before it under a number its issuer had already given that year.
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True, editable=False)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ đăng ký")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("sản phẩm")
    )
    province = province_copy_field()  # the product's (keep_province)
    star = models.PositiveSmallIntegerField(_("hạng sao"))
    mean_score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    product_name = models.CharField(_("tên sản phẩm"), max_length=300)
    product_code = models.CharField(_("mã số sản phẩm"), max_length=60, blank=True)
    producer_name = models.CharField(_("tên chủ thể"), max_length=300)
    producer_address = models.CharField(_("địa chỉ"), max_length=400, blank=True)
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("có hiệu lực đến"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
        db_index=True,
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.D26)
    is_historic = models.BooleanField(_("giấy chứng nhận cũ"), default=False)
    verify_token = models.CharField(
        max_length=64, unique=True, default=new_verify_token, editable=False, verbose_name=_("mã xác minh")
    )
    pdf = models.FileField(upload_to="certificates/%Y/", blank=True, verbose_name=_("tệp PDF"))
    pdf_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("mã băm SHA-256 của PDF"))
    # The site address the stored PDF's QR code and verification link carry (ocop.site.site_url when it was rendered;
    # empty for a file rendered before it was recorded): certificate_copy_for_site, certificate_render_for_site.
    pdf_site_url = models.CharField(max_length=200, blank=True, verbose_name=_("địa chỉ trang xác minh in trong PDF"))
    scan = models.FileField(
        upload_to="certificates/scans/%Y/", blank=True, verbose_name=_("bản quét có chữ ký, con dấu")
    )
    # Of the scan as uploaded (certificate_record_historic): a copy handed out later can be shown to be the one recorded.
    scan_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("mã băm SHA-256 của bản quét"))
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("được thay bằng")
    )
    renewal_notice_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã báo đánh giá lại lúc"))
    expiring_notice_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã báo sắp hết hạn lúc"))
    expired_notice_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã báo hết hạn lúc"))
    status_changed_on = models.DateField(null=True, blank=True, verbose_name=_("đổi trạng thái ngày"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    # Any change that matters to the national sync (status, printed fields, successor); bulk updates set it by
    # hand (update() skips auto_now). The API's changes feed reads it (api/selectors.py).
    updated_at = models.DateTimeField(auto_now=True, db_index=True, verbose_name=_("cập nhật lúc"))

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        constraints = [
            models.CheckConstraint(condition=Q(star__gte=3, star__lte=5), name="certificate_star_3_to_5"),
            models.CheckConstraint(condition=Q(valid_until__gt=F("issued_on")), name="certificate_valid_after_issue"),
            models.UniqueConstraint(fields=["decision", "product"], name="certificate_one_per_product_per_decision"),
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(is_historic=False),
                name="certificate_number_unique",
                violation_error_message=_("Số giấy chứng nhận này đã được cấp."),
            ),
            models.UniqueConstraint(
                fields=["decision", "number"],
                name="certificate_number_unique_per_decision",
                violation_error_message=_("Quyết định này đã có giấy chứng nhận mang số này."),
            ),
            # The typed number of an old certificate names one certificate of its issuer in its year; the public
            # verification page looks certificates up by number. certificate_record_historic refuses it first, next
            # to the number, with the issuer's name however written (historic_number_holder).
            models.UniqueConstraint(
                "issuer_name",
                "number",
                ExtractYear("issued_on"),
                condition=Q(is_historic=True) & ~Q(issuer_name=""),
                name="certificate_historic_number_unique_per_issuer_year",
                violation_error_message=HISTORIC_NUMBER_TAKEN,
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["province", "id"], name="certificate_province_id"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        keep_province(self, "product", kwargs)
        if self._state.adding and self.decision_id is not None and not self.issuer_name:
            self.issuer_name = self.decision.issuer_name
        super().save(*args, **kwargs)

    def is_live_on(self, today: datetime.date) -> bool:
        """Whether the certificate certifies its product on `today`: by its status of the day (effective_status), not
        by the one the night's sweep last stored (what the certificate page offers to do with it)."""
        return self.effective_status(today) in LIVE_STATUSES

    def effective_status(self, today) -> str:
        pending = past_expiry(self.status, self.valid_until, today) and reevaluation_pending(
            self.product_id, self.valid_until
        )
        return effective_status(self.status, self.valid_until, today, reevaluation_pending=pending)

    @property
    def has_document(self) -> bool:
        return bool(self.pdf_sha256 or self.scan)


class CertificatePdf(models.Model):
    """Every rendering of a certificate, kept: a correction renders a new version and the old file stays."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="pdf_versions", verbose_name=_("giấy chứng nhận")
    )
    version = models.PositiveSmallIntegerField(verbose_name=_("lần in"))
    file = models.FileField(max_length=200, verbose_name=_("tệp"))
    sha256 = models.CharField(max_length=64, verbose_name=_("mã băm SHA-256"))
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        verbose_name = _("bản PDF giấy chứng nhận")
        verbose_name_plural = _("bản PDF giấy chứng nhận")
        ordering = ["certificate", "-version"]
        constraints = [models.UniqueConstraint(fields=["certificate", "version"], name="certificatepdf_version_unique")]

    def __str__(self) -> str:
        return f"{self.certificate_id} v{self.version}"


class VerificationDay(models.Model):
    """Looks at the public verification page, counted per certificate and day (one row per pair, not per visit:
    an anonymous flood grows a number, not the table). Nothing about the visitor."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="visit_days", verbose_name=_("giấy chứng nhận")
    )
    day = models.DateField(_("ngày"))
    count = models.PositiveIntegerField(_("lượt xác minh"), default=0)

    class Meta:
        verbose_name = _("lượt xác minh theo ngày")
        verbose_name_plural = _("lượt xác minh theo ngày")
        constraints = [models.UniqueConstraint(fields=["certificate", "day"], name="verificationday_unique")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.day:%d/%m/%Y}: {self.count}"
