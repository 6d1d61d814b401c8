from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.models import AdministrativeUnit
from ocop.text import vi_order

from .choices import ClientAccess


class ApiClient(models.Model):
    """An integration client (the national OCOP database, a province's system, a trader): a name, a scope (one
    province, or national when `province` is empty), read or read-write, and the SHA-256 of its bearer token.
    The token itself is shown once, when it is issued or rotated, and never stored.

    Every client acts through its own service account (`user`, no password): the role and unit of that account
    make the app's `for_user` scopes and the services' permission checks apply to the API exactly as to the web
    (api.services.apiclient_create)."""

    name = models.CharField(_("tên"), max_length=200)
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("tỉnh, thành phố (để trống: toàn quốc)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province", "era": "current"},
    )
    access = models.CharField(_("quyền"), max_length=12, choices=ClientAccess.choices, default=ClientAccess.READ)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        editable=False,
        verbose_name=_("tài khoản"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False, verbose_name=_("mã băm của mã truy cập"))
    # The first characters of the token, to tell clients apart in the admin and in logs (not a secret).
    token_prefix = models.CharField(_("đầu mã"), max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("đổi mã lần cuối"), null=True, blank=True, editable=False)
    # The token stops working then (settings.API_TOKEN_DAYS after it was issued); a new one renews it.
    token_expires_at = models.DateTimeField(_("mã hết hạn lúc"), editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    # When the system administrators were warned that this token expires soon (settings.API_TOKEN_WARN_DAYS): once
    # per token, claimed by the daily warning (api.services.apiclients_warn_expiring); a new token clears it.
    token_expiry_warned_at = models.DateTimeField(_("đã báo sắp hết hạn lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ứng dụng tích hợp")
        verbose_name_plural = _("ứng dụng tích hợp")
        ordering = [vi_order("name"), "pk"]
        indexes = [models.Index(fields=["token_hash"], condition=Q(revoked_at__isnull=True), name="apiclient_live")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.province_id is None

    def token_expired(self, now=None) -> bool:
        return self.token_expires_at <= (now or timezone.now())

    def token_days_left(self, now=None) -> int:
        """Calendar days (Asia/Ho_Chi_Minh) from today to the day the token expires: 0 on that day."""
        return (timezone.localdate(self.token_expires_at) - timezone.localdate(now or timezone.now())).days

    @property
    def can_write(self) -> bool:
        return self.access == ClientAccess.READ_WRITE and self.revoked_at is None
