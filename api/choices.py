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
    CALL = "api.call", pgettext_lazy("audit", "Gọi API")


def audit_vocabulary():
    from ocop.hooks import AuditVocabulary

    return AuditVocabulary(actions=dict(AuditAction.choices))
