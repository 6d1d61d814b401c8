"""The expiry list as an Excel workbook, through the shared writer (ocop.xlsx): rows streamed from the queryset."""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop import xlsx

from .services.expiry.states import phase, renewal_window

COLUMNS = [
    (gettext_lazy("Số giấy chứng nhận"), 18, False),
    (gettext_lazy("Sản phẩm"), 40, True),
    (gettext_lazy("Mã sản phẩm"), 20, False),
    (gettext_lazy("Chủ thể"), 36, True),
    (gettext_lazy("Xã, phường"), 24, False),
    (gettext_lazy("Ngành"), 24, False),
    (gettext_lazy("Hạng sao"), 9, False),
    (gettext_lazy("Ngày cấp"), 12, False),
    (gettext_lazy("Có hiệu lực đến"), 14, False),
    (gettext_lazy("Còn (ngày)"), 10, False),
    (gettext_lazy("Tình trạng"), 40, True),
    (gettext_lazy("Nộp hồ sơ đánh giá lại từ"), 14, False),
    (gettext_lazy("đến"), 14, False),
    (gettext_lazy("Đã nộp hồ sơ"), 16, True),
    (gettext_lazy("Lỗi gửi thông báo"), 30, True),
]


def _dossier_cell(certificate) -> str:
    """Whether the producer has filed a dossier (evaluation.choices.FILED_STATUSES), has it back to complete after
    filing it, or only holds one not filed yet."""
    if certificate.dossier_filed:
        return _("Có")
    if certificate.dossier_to_complete:
        return _("Đã nộp, bị trả lại để hoàn thiện")
    return _("Chưa nộp (hồ sơ nháp)") if certificate.open_dossier_id else _("Chưa")


def expiry_workbook(certificates: QuerySet, *, today: datetime.date, progress=None) -> bytes:
    export = xlsx.Export(
        title=_("Giấy chứng nhận OCOP sắp hết hạn, ngày %(d)s") % {"d": today.strftime("%d/%m/%Y")},
        subject=_("Danh sách giấy chứng nhận theo hạn hiệu lực"),
    )
    sheet = export.sheet(
        _("Giấy chứng nhận"), [xlsx.Column(str(header), width, wrap) for header, width, wrap in COLUMNS]
    )
    rows = certificates.select_related("product__product_set__group__sector")  # the list page does not join these
    for certificate in xlsx.counted(rows.iterator(chunk_size=1000), progress):
        product = certificate.product
        start, end = renewal_window(certificate.valid_until) or (None, None)  # none: no D26 window
        info = phase(certificate, today)
        sector = product.product_set.group.sector if product.product_set_id else None
        sheet.append(
            [
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
                _dossier_cell(certificate),
                getattr(certificate, "notice_error", "") or "",
            ]
        )
    return export.to_bytes()
