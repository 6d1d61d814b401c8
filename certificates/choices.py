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


class RevocationStatus(models.TextChoices):
    """Four eyes on thu hồi: one officer proposes, another issues the decision."""

    PROPOSED = "proposed", _("Đề xuất, chờ ban hành")
    ISSUED = "issued", _("Đã ban hành")


class RevocationGround(models.TextChoices):
    """Căn cứ thu hồi, D26 Điều 8.1."""

    UNTRUTHFUL = "a", _("a) Thông tin không trung thực, giả mạo hồ sơ")
    CRITERIA_NOT_MET = "b", _("b) Không còn đáp ứng tiêu chí theo kết luận kiểm tra")
    LAW_BREACH = (
        "c",
        _("c) Vi phạm pháp luật về chất lượng, an toàn thực phẩm, môi trường, sở hữu trí tuệ, nhãn hàng hoá…"),
    )
    MARK_MISUSE = "d", _("d) Sử dụng nhãn hiệu OCOP sai mục đích, gây nhầm lẫn")
    STOPPED_PRODUCTION = "dd", _("đ) Chủ thể không còn sản xuất sản phẩm")
    OTHER = "e", _("e) Trường hợp khác theo kết luận của cơ quan có thẩm quyền")


class NoticeKind(models.TextChoices):
    """The steps of the expiry watch that the producer is told about (see certificates/services/expiry/)."""

    PREPARE = "prepare", _("Nhắc chuẩn bị hồ sơ đánh giá lại")
    RENEWAL_WINDOW = "renewal_window", _("Mở thời hạn nộp hồ sơ đánh giá lại")
    WINDOW_CLOSING = "window_closing", _("Sắp hết thời hạn nộp hồ sơ đánh giá lại")
    WINDOW_CLOSED = "window_closed", _("Đã hết thời hạn nộp hồ sơ đánh giá lại")
    EXPIRING = "expiring", _("Sắp hết hạn")
    EXTENDED = "extended", _("Gia hạn chờ kết quả đánh giá lại")
    EXPIRED = "expired", _("Hết hạn")
