from django.db import models
from django.utils.translation import gettext_lazy as _


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
