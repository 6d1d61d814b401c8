"""The written result notice (D26 Điều 7.3g) as PDF: "Thông báo kết quả đánh giá, phân hạng sản phẩm OCOP", laid out as
an administrative paper (Nghị định 30/2020/NĐ-CP) with the head and end every official paper of the app shares
(ocop.paper). Printed from what the notice recorded when it was issued (evaluation.models.ResultNotice), never from
today's records, so every download reads the same."""

from django.utils import timezone

from ocop.paper import LEGAL_CITATION, issuer_place, signer_lines
from ocop.pdf import render_pdf
from ocop.phrases import phrase_lines
from ocop.text import unit_name_in_text

from .choices import Level
from .choices import RegistrationStatus as S
from .models import ResultNotice

NOTICE_CSS = "evaluation/pdf/result_notice.css"
TEMPLATE = "evaluation/pdf/result_notice.html"


def outcome(notice: ResultNotice) -> str:
    """The result in words, as the notice states it."""
    result = notice.result
    if notice.status == S.ELIMINATED or result.eliminated:
        return "Hồ sơ bị loại, không được công nhận sản phẩm OCOP"
    if notice.status == S.FORWARDED_TO_CENTRAL:
        return "Tiềm năng 5 sao; hồ sơ được chuyển Bộ Nông nghiệp và Môi trường đánh giá, phân hạng"
    if result.upgrade_failed:
        return (
            f"Không đạt nâng hạng (tương ứng {result.final_star} sao, không cao hơn hạng {result.held_star} sao "
            "đang được công nhận); sản phẩm giữ giấy chứng nhận OCOP hiện có"
        )
    return f"Không đủ điều kiện công nhận sản phẩm OCOP (tương ứng {result.final_star} sao; công nhận từ 3 sao)"


def recipients(notice: ResultNotice) -> list[str]:
    """Nơi nhận: the producer and the commune it is told to (Điều 7.3g), the province that gave the office the task
    (for its report), and the office's file; the ministry's notice goes to the province too (Điều 7.4g)."""
    lines = [f"{notice.producer_name};"]
    if notice.commune_name:
        lines.append(f"UBND {unit_name_in_text(notice.commune_name)};")
    province = notice.registration.commune.parent if notice.registration.commune.parent_id else None
    if province is not None:
        lines.append(f"UBND {province.name_in_text}" + (" (để báo cáo);" if notice.issuer_unit_id else ";"))
    lines.append("Lưu: VT.")
    return lines


def render_result_notice_pdf(notice: ResultNotice) -> bytes:
    """The notice's PDF (A4 portrait), in Vietnamese whatever the reader's language."""
    registration, result = notice.registration, notice.result
    return render_pdf(
        TEMPLATE,
        {
            "notice": notice,
            "result": result,
            "round": registration.round,
            "council": "cấp trung ương" if result.level == Level.CENTRAL else "cấp tỉnh",
            "evaluated_on": timezone.localdate(result.decided_at),
            "outcome": outcome(notice),
            "lines": phrase_lines(notice.text),
            "legal_citation": LEGAL_CITATION.get(registration.legal_basis, ""),
            "commune": unit_name_in_text(notice.commune_name),
            "place": issuer_place(
                level="ministry" if notice.issuer_unit_id is None else "province", unit=notice.issuer_unit
            ),
            "recipients": recipients(notice),
            "signer_lines": signer_lines(notice.signer_title),
        },
        stylesheets=(NOTICE_CSS,),
    )
