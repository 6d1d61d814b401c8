"""The expiry watch's own rows: one notice per certificate and step, one digest per officer and day, and the link
from a certificate to the re-evaluation dossier started from it (certificates/services/expiry/)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import NoticeKind


class CertificateNotice(models.Model):
    """One step of the watch for one certificate (the day it happened) and the producer's notice about it.

    Unique per (certificate, kind): a rerun, a retry or a second worker can never notify twice. The e-mail is
    claimed by compare-and-swap on `claimed_at` before sending; a failed send releases the claim and leaves
    its error in `last_error`, where the expiry list shows it."""

    certificate = models.ForeignKey(
        "certificates.Certificate",
        on_delete=models.CASCADE,
        related_name="expiry_notices",
        verbose_name=_("giấy chứng nhận"),
    )
    kind = models.CharField(_("loại thông báo"), max_length=20, choices=NoticeKind.choices)
    day = models.DateField(_("ngày chuyển trạng thái"), db_index=True)
    in_app_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã báo trong ứng dụng lúc"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("nhận xử lý lúc"))
    sent_at = models.DateTimeField(_("đã gửi e-mail lúc"), null=True, blank=True)
    recipients = models.CharField(_("người nhận"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("lần gửi gần nhất lúc"))
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("thông báo hết hạn")
        verbose_name_plural = _("thông báo hết hạn")
        ordering = ["-day", "-id"]  # noqa: RUF012
        constraints = (models.UniqueConstraint(fields=["certificate", "kind"], name="certificatenotice_once_per_kind"),)
        indexes = (models.Index(fields=["sent_at"], condition=Q(sent_at__isnull=True), name="certnotice_unsent"),)

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kind} {self.day:%d/%m/%Y}"


class OfficerDigest(models.Model):
    """The daily e-mail to one responsible officer listing the certificates of their scope that changed that
    day. Unique per (user, day): never one e-mail per certificate, never two digests for one day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expiry_digests", verbose_name=_("cán bộ nhận")
    )
    day = models.DateField(_("ngày"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("nhận xử lý lúc"))
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    certificate_count = models.PositiveIntegerField(_("số giấy chứng nhận"), default=0)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("lần gửi gần nhất lúc"))
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("thư tổng hợp hằng ngày")
        verbose_name_plural = _("thư tổng hợp hằng ngày")
        ordering = ["-day", "user_id"]  # noqa: RUF012
        constraints = (models.UniqueConstraint(fields=["user", "day"], name="officerdigest_one_per_day"),)

    def __str__(self) -> str:
        return f"{self.user_id} {self.day:%d/%m/%Y}"


class CertificateReevaluation(models.Model):
    """A re-evaluation dossier started from a certificate (one click on the expiry list). When the new result
    is recognised, the certificate it came from is the one to supersede."""

    certificate = models.ForeignKey(
        "certificates.Certificate",
        on_delete=models.PROTECT,
        related_name="reevaluations",
        verbose_name=_("giấy chứng nhận"),
    )
    registration = models.OneToOneField(
        "evaluation.Registration",
        on_delete=models.PROTECT,
        related_name="reevaluation_of",
        verbose_name=_("hồ sơ đăng ký"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người bắt đầu"),
    )
    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("bắt đầu lúc"))

    class Meta:
        verbose_name = _("đánh giá lại từ giấy chứng nhận")
        verbose_name_plural = _("đánh giá lại từ giấy chứng nhận")
        ordering = ["-started_at", "-id"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.certificate_id} → {self.registration_id}"
