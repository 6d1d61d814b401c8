"""Council documents: the session minutes (biên bản) as PDF and the Excel export of every member's choices.

Both are built from `evaluation.selectors.councils` so they show exactly what the requesting user may see.
Rendering (fonts, no network) is ocop.pdf's."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from ocop.pdf import render_pdf

from .selectors.councils import export_rows, session_overview


def minutes_pdf(*, user, session) -> bytes:
    overview = session_overview(user=user, session=session)
    return render_pdf("evaluation/pdf/minutes.html", {**overview, "printed_at": timezone.localtime()})


HEADERS = [
    "Hồ sơ",
    "Sản phẩm",
    "Thành viên",
    "Vai trò",
    "Cơ quan",
    "Vòng chấm",
    "Phần",
    "Tiêu chí",
    "Phương án đã chọn",
    "Điểm",
    "Ý kiến",
    "Tổng điểm của phiếu",
]


def _choice_text(row) -> str:
    if row["option"] is not None:
        return row["option"].text
    if row["points"] is None:
        return "—"  # not answered (a knocked-out sheet)
    if row["criterion"].is_yes_no:
        return "Có" if row["points"] else "Không"
    return "Không đạt phương án nào"


def session_xlsx(*, user, session) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phiếu chấm"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in export_rows(user=user, session=session):
        member = row["member"]
        ws.append(
            [
                row["registration"].pk,
                str(row["registration"].product),
                str(member.user),
                member.get_role_display(),
                member.agency,
                row["sheet"].scoring_round,
                row["part"],
                f"{row['criterion'].number} {row['criterion'].title}"[:300],
                _choice_text(row),
                row["points"],
                row["comment"],
                float(row["sheet"].total),
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
