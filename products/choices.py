from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
    # A dossier being prepared (a draft, or returned to the producer to complete) and no outcome yet: not "Chưa đăng
    # ký" beside the dossier the product page links (certificates.services.product_status decides).
    PREPARING = "preparing", _("Đang lập hồ sơ")
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


class AuditAction(models.TextChoices):
    """The acts this app records in the audit trail (see ocop.choices.AuditAction)."""

    PRODUCER_CREATE = "producer.create", pgettext_lazy("audit", "Tạo chủ thể")
    PRODUCER_UPDATE = "producer.update", pgettext_lazy("audit", "Cập nhật chủ thể")
    PRODUCER_INVITE = "producer.invite", pgettext_lazy("audit", "Mời người dùng vào chủ thể")
    PRODUCER_UNLINK = "producer.unlink", pgettext_lazy("audit", "Gỡ người dùng khỏi chủ thể")
    PRODUCERS_IMPORT = "producers.import", pgettext_lazy("audit", "Nhập chủ thể từ Excel")
    PRODUCT_CREATE = "product.create", pgettext_lazy("audit", "Tạo sản phẩm")
    PRODUCT_UPDATE = "product.update", pgettext_lazy("audit", "Cập nhật sản phẩm")
    PRODUCT_PHOTO_ADD = "product.photo_add", pgettext_lazy("audit", "Thêm ảnh sản phẩm")
    PRODUCT_PHOTO_DELETE = "product.photo_delete", pgettext_lazy("audit", "Xoá ảnh sản phẩm")
    PRODUCTS_IMPORT = "products.import", pgettext_lazy("audit", "Nhập sản phẩm từ Excel")


def audit_vocabulary():
    from ocop.hooks import AuditVocabulary

    # An invitation names the account by its address ("members", shown) and by its id, kept for the trail's readers
    # that must find the account after its address changed (products.selectors.producer_links_out_of_scope).
    return AuditVocabulary(
        actions=dict(AuditAction.choices), action_keys={AuditAction.PRODUCER_INVITE: {"member_id": None}}
    )
