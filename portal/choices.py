from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueSort(models.TextChoices):
    NAME = "name", _("Tên A–Z")
    STAR = "star", _("Hạng sao cao trước")
    NEWEST = "date", _("Mới công nhận trước")
    OLDEST = "-date", _("Công nhận lâu nhất trước")


PAGE_SIZE = 24
SEARCH_MAX_LENGTH = 100
CACHE_SECONDS = 3600  # a change bumps the version at once; this only bounds memory use

OPEN_DATA_LICENCE = "CC BY 4.0"
OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.vi"

# The open-data columns, in order, with their meaning (shown on the documentation page).
OPEN_DATA_COLUMNS = [
    ("product_id", _("Mã định danh sản phẩm trên cổng (ổn định, dùng trong đường dẫn)")),
    ("product_code", _("Mã số sản phẩm OCOP (T-X-STT-năm, hoặc mã cũ)")),
    ("product_name", _("Tên sản phẩm")),
    ("star", _("Hạng sao (3, 4 hoặc 5)")),
    ("product_set", _("Bộ sản phẩm (Phụ lục II Quyết định 26/2026/QĐ-TTg)")),
    ("sector", _("Ngành")),
    ("producer_id", _("Mã định danh chủ thể trên cổng")),
    ("producer_name", _("Tên chủ thể")),
    ("commune", _("Xã, phường, đặc khu (hiện nay)")),
    ("province", _("Tỉnh, thành phố (hiện nay)")),
    ("certificate_number", _("Số giấy chứng nhận")),
    ("issued_on", _("Ngày cấp (YYYY-MM-DD)")),
    ("valid_until", _("Có hiệu lực đến (YYYY-MM-DD)")),
    ("status", _("Tình trạng: valid (còn hiệu lực) hoặc extended (gia hạn chờ đánh giá lại)")),
    ("extended_until", _("Gia hạn chậm nhất đến hết ngày (YYYY-MM-DD), khi tình trạng là extended (Điều 12 khoản 3)")),
    ("url", _("Trang sản phẩm")),
    ("verify_url", _("Trang xác minh giấy chứng nhận")),
]
