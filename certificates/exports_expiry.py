"""The expiry list as an Excel workbook (write-only: rows streamed from the queryset, bounded memory)."""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .services.expiry import phase, renewal_window


def expiry_workbook(certificates: QuerySet, *, today: datetime.date) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Giấy chứng nhận"))
    headers = [
        _("Số giấy chứng nhận"),
        _("Sản phẩm"),
        _("Mã sản phẩm"),
        _("Chủ thể"),
        _("Xã, phường"),
        _("Ngành"),
        _("Hạng sao"),
        _("Ngày cấp"),
        _("Có hiệu lực đến"),
        _("Còn (ngày)"),
        _("Tình trạng"),
        _("Nộp hồ sơ đánh giá lại từ"),
        _("đến"),
        _("Lỗi gửi thông báo"),
    ]
    widths = [18, 40, 20, 36, 24, 24, 9, 12, 14, 10, 40, 14, 14, 30]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    row = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        row.append(cell)
    sheet.append(row)
    for certificate in certificates.iterator(chunk_size=1000):
        product = certificate.product
        start, end = renewal_window(certificate.valid_until)
        info = phase(certificate, today)
        sector = product.product_set.group.sector if product.product_set_id else None
        row = [
            certificate.number,
            certificate.product_name,
            certificate.product_code,
            certificate.producer_name,
            str(product.producer.commune),
            str(sector or ""),
            certificate.star,
            certificate.issued_on,
            certificate.valid_until,
            info["days_left"],
            str(info["label"]),
            start,
            end,
            getattr(certificate, "notice_error", "") or "",
        ]
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    return workbook
