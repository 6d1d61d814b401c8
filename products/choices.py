from django.db import models
from django.utils.translation import gettext_lazy as _


class ProducerKind(models.TextChoices):
    """Chủ thể OCOP, D26 Điều 2.3."""

    COOP = "coop", _("Hợp tác xã")
    COOP_GROUP = "coop_group", _("Tổ hợp tác")
    SME = "sme", _("Doanh nghiệp nhỏ và vừa")
    FARM = "farm", _("Trang trại")
    HOUSEHOLD = "household", _("Hộ sản xuất, hộ gia đình có đăng ký kinh doanh")
    ASSOCIATION = "association", _("Hội, hiệp hội, trung tâm (du lịch)")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class ProductStatus(models.TextChoices):
    """Derived from registrations and certificates, never typed by hand."""

    NEW = "new", _("Chưa đăng ký")
    IN_EVALUATION = "in_evaluation", _("Đang đánh giá")
    RECOGNISED = "recognised", _("Đã công nhận")
    EXPIRED = "expired", _("Hết hạn")
    REVOKED = "revoked", _("Bị thu hồi")
    NOT_RECOGNISED = "not_recognised", _("Chưa đạt")


class ImportKind(models.TextChoices):
    PRODUCERS = "producers", _("Chủ thể")
    PRODUCTS = "products", _("Sản phẩm")


# Producer fields an officer can mark as verified; verified fields are read-only to producers.
VERIFIABLE_FIELDS = (
    "kind",
    "name",
    "tax_code",
    "business_registration_no",
    "business_registration_date",
    "legal_rep_name",
    "legal_rep_gender",
    "legal_rep_ethnicity",
    "legal_rep_disability",
    "commune",
)
