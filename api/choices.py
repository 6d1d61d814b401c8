from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ClientAccess(models.TextChoices):
    READ = "read", _("Chỉ đọc")
    READ_WRITE = "read_write", _("Đọc và ghi")


# Page sizes of the cursor-paged lists (a client may ask for fewer or more, up to the maximum).
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
# Rows fetched per database round trip while streaming an export (bounded memory whatever the province's size).
EXPORT_CHUNK = 2000
# The format version of the national-sync document; bumped when a field changes meaning.
SYNC_FORMAT = "ocop-sync/1"


class AuditAction(models.TextChoices):
    """The acts this app records in the audit trail (see ocop.choices.AuditAction)."""

    CLIENT_CREATE = "apiclient.create", pgettext_lazy("audit", "Tạo ứng dụng kết nối")
    CLIENT_ROTATE = "apiclient.rotate", pgettext_lazy("audit", "Đổi khoá của ứng dụng kết nối")
    CLIENT_REVOKE = "apiclient.revoke", pgettext_lazy("audit", "Thu hồi ứng dụng kết nối")
    CLIENT_EXPIRY_WARNED = "apiclient.expiry_warned", pgettext_lazy("audit", "Báo mã truy cập sắp hết hạn")
    CALL = "api.call", pgettext_lazy("audit", "Gọi API")


def audit_vocabulary():
    from ocop.hooks import AuditVocabulary

    return AuditVocabulary(actions=dict(AuditAction.choices))


class ApiTag(models.TextChoices):
    """The sections of the API documentation, in their order: the views tag their operations with the value, the
    schema names each section in the reader's language and describes it (api.schema.name_tags)."""

    PUBLIC = "public", _("Dữ liệu công khai")
    REGISTRY = "registry", _("Chủ thể và sản phẩm")
    REGISTRATIONS = "registrations", _("Hồ sơ đánh giá, phân hạng")
    CERTIFICATES = "certificates", _("Quyết định và giấy chứng nhận")
    HISTORY = "history", _("Kết quả đánh giá trước đây")
    STATISTICS = "statistics", _("Thống kê")
    NATIONAL_SYNC = "national sync", _("Đồng bộ cơ sở dữ liệu OCOP quốc gia")


API_TAG_DESCRIPTIONS = {
    ApiTag.PUBLIC: _(
        "Mục lục của API, sản phẩm OCOP đang được công nhận, chủ thể của chúng và xác minh giấy chứng nhận, như trên "
        "cổng thông tin công khai: không cần mã truy cập."
    ),
    ApiTag.REGISTRY: _("Chủ thể và sản phẩm trong phạm vi của ứng dụng tích hợp."),
    ApiTag.REGISTRATIONS: _(
        "Hồ sơ đăng ký đánh giá, phân hạng (Mẫu 01), trạng thái và kết quả của Hội đồng; ứng dụng có quyền ghi "
        "nhập được phiếu đăng ký thay chủ thể."
    ),
    ApiTag.CERTIFICATES: _(
        "Quyết định công nhận và giấy chứng nhận trong phạm vi của ứng dụng; ứng dụng có quyền ghi nhập được "
        "giấy chứng nhận cấp trước khi có hệ thống."
    ),
    ApiTag.HISTORY: _(
        "Kết quả đánh giá của các đợt trước không dẫn đến công nhận; ứng dụng có quyền ghi nhập được kết quả cũ."
    ),
    ApiTag.STATISTICS: _("Số liệu của các báo cáo Chương trình OCOP, cho phạm vi của ứng dụng hoặc một tỉnh."),
    ApiTag.NATIONAL_SYNC: _(
        "Dữ liệu sản phẩm và giấy chứng nhận của một tỉnh (JSON, toàn bộ hoặc phần thay đổi; hoặc Excel) để đồng bộ "
        "với cơ sở dữ liệu OCOP quốc gia."
    ),
}
