"""The supervision lists as Excel workbooks (ocop.xlsx), in the language of the person who asked."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ocop import xlsx

from .choices import RemedyStatus
from .models import remedy_state

COLUMNS = [  # header, width, wrapped
    (gettext_lazy("Số giấy chứng nhận"), 24, False),
    (gettext_lazy("Sản phẩm"), 34, True),
    (gettext_lazy("Chủ thể"), 34, True),
    (gettext_lazy("Xã, phường"), 22, True),
    (gettext_lazy("Hạng sao"), 9, False),
    (pgettext_lazy("document", "Kế hoạch"), 18, False),
    (gettext_lazy("Hình thức"), 20, True),
    (gettext_lazy("Lý do chọn"), 32, True),
    (gettext_lazy("Ngày kiểm tra dự kiến"), 14, False),
    (gettext_lazy("Ngày kiểm tra"), 14, False),
    (pgettext_lazy("inspection", "Người kiểm tra"), 30, True),
    (gettext_lazy("Trạng thái"), 18, False),
    (gettext_lazy("Kết luận"), 34, True),
    (gettext_lazy("Ngày kết luận"), 14, False),
    (gettext_lazy("Khắc phục"), 30, True),
    (gettext_lazy("Hạn khắc phục"), 14, False),
]


def inspection_workbook(inspections: QuerySet, *, progress=None) -> bytes:
    """One row per inspection of `inspections` (supervision.selectors.inspection_search), in its order."""
    today = timezone.localdate()
    export = xlsx.Export(
        title=_("Các cuộc kiểm tra, giám sát sản phẩm OCOP, ngày %(d)s") % {"d": today.strftime("%d/%m/%Y")},
        subject=_("Danh sách cuộc kiểm tra, giám sát sau công nhận"),
    )
    sheet = export.sheet(_("Cuộc kiểm tra"), [xlsx.Column(str(header), width, wrap) for header, width, wrap in COLUMNS])
    for inspection in xlsx.counted(inspections.iterator(chunk_size=1000), progress):
        certificate = inspection.certificate
        remedy = getattr(inspection, "remedy", None)  # selected with it, `remedy_overdue` and `remedy_kept` annotated
        sheet.append(
            [
                certificate.number,
                inspection.product.name,
                inspection.product.producer.name,
                str(inspection.product.producer.commune),
                certificate.star,
                inspection.plan.number if inspection.plan_id else "",
                inspection.get_kind_display(),
                "; ".join(inspection.reason_labels),
                inspection.scheduled_on,
                inspection.inspected_on,
                ", ".join(str(user) for user in inspection.inspectors.all()),
                inspection.get_status_display(),
                inspection.get_outcome_display() if inspection.outcome else "",
                inspection.concluded_on,
                remedy_state(remedy, overdue=inspection.remedy_overdue, kept=inspection.remedy_kept) if remedy else "",
                remedy.due_on if remedy and remedy.status == RemedyStatus.OPEN else None,
            ]
        )
    return export.to_bytes()
