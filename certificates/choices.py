from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    CHECKED = "checked", _("Đã kiểm tra")
    ISSUED = "issued", _("Đã ban hành")


class IssuerLevel(models.TextChoices):
    DISTRICT = "district", _("UBND huyện (cũ)")
    PROVINCE = "province", _("UBND tỉnh")
    MINISTRY = "ministry", _("Bộ Nông nghiệp và Môi trường")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    RENEWAL_WINDOW = "renewal_window", _("Trong thời hạn nộp đánh giá lại")
    EXPIRING = "expiring", _("Sắp hết hạn")
    EXPIRED = "expired", _("Hết hạn")
    EXTENDED = "extended", _("Gia hạn chờ đánh giá lại")
    REVOKED = "revoked", _("Bị thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")


# Statuses in which a certificate still certifies the product.
LIVE_STATUSES = {
    CertificateStatus.VALID,
    CertificateStatus.RENEWAL_WINDOW,
    CertificateStatus.EXPIRING,
    CertificateStatus.EXTENDED,
}
