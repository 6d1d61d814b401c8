"""What every official paper of the app shares (Nghị định 30/2020/NĐ-CP, Phụ lục I): the place of the place-and-date
line, the signer's title as a signed paper prints it (ocop.templatetags.documents.signer_lines), how a paper cites
the rule set it rests on and the proposing office's submission (tờ trình) it answers. The head (quốc hiệu, tiêu ngữ, issuer, number, place and date) and the end (Nơi nhận,
signature) are the templates `ocop/pdf/_paper_head.html` and `ocop/pdf/_paper_end.html`, styled by
`ocop/pdf/paper.css`: the recognition decision (certificates) and the written result notice (evaluation) print them
alike."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from .templatetags.documents import document_place, signer_lines  # noqa: F401 — every paper signs through it


def issuer_place(*, level: str, unit) -> str:
    """The place before the date ("Thái Nguyên, ngày …"), as on Vietnamese administrative documents: the issuing
    province without its "Tỉnh"/"Thành phố", Hà Nội for the ministry; none when unknown (a historic decision)."""
    if level == "ministry":
        return "Hà Nội"
    if unit is None:
        return ""
    return document_place(unit.name)


# How a paper cites the rule set it was made under (ocop-domain.md §1), by evaluation.choices.LegalBasis.
LEGAL_CITATION = {
    "26/2026": "Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ ban hành Bộ tiêu chí "
    "và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
    "1489/2025": "Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí, "
    "quy trình đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm, được sửa đổi bởi Quyết định số "
    "1489/QĐ-TTg ngày 06 tháng 7 năm 2025",
    "148/2023": "Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí, "
    "quy trình đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm",
    "1048/2019": "Quyết định số 1048/QĐ-TTg ngày 21 tháng 8 năm 2019 của Thủ tướng Chính phủ ban hành Bộ tiêu chí "
    "đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm",
}


# The proposing office's submission a decision answers (Nghị định 30/2020/NĐ-CP, Phụ lục III: "Tờ trình" is TTr):
# "12/TTr-SNNMT", a running number, then TTr, a dash and the office's abbreviation; no spaces. Cited at the end of the
# decision's preamble ("Theo đề nghị của … tại Tờ trình số … ngày …", submission_clause).
SUBMISSION_NUMBER_RE = re.compile(r"\d+/TTr[-–]\S+", re.IGNORECASE)


def submission_clause(*, number: str, date) -> str:
    """What follows the proposing office in a decision's preamble: " tại Tờ trình số 12/TTr-SNNMT ngày 01/12/2026";
    empty for a decision recorded without its submission, whose preamble then names the office alone."""
    if not number or date is None:
        return ""
    return f" tại Tờ trình số {number} ngày {date:%d/%m/%Y}"


def proposal_sentence(*, number: str, date) -> str:
    """The last line of a decision's preamble: who proposed it (the OCOP office that submits to the deciding
    authority: D26 Điều 7.3đ, 7.4đ for a recognition, Điều 8 for a revocation; the province's or the ministry's, each
    for its own authority) and, when recorded, the submission it answers (submission_clause)."""
    return f"Theo đề nghị của cơ quan tham mưu quản lý OCOP{submission_clause(number=number, date=date)}."


def submission_errors(
    *, number: str, date, earliest=None, earliest_refusal: str = "", latest=None, latest_refusal: str = ""
) -> dict:
    """Why the submission (tờ trình) a decision cites cannot be `number` of `date`, by field ("submission_number",
    "submission_date"), all at once; empty when it can, or when neither is given (it is optional). The number in
    number/TTr-sign form; the day not after today, not before `earliest` (what the submission proposes on: the finding)
    nor after `latest` (the decision that answers it), each refused in the caller's words (`%(d)s` the bound)."""
    errors = {}
    if not number and date is None:
        return errors
    today = timezone.localdate()
    if not number:
        errors["submission_number"] = _("Ghi số tờ trình (đã ghi ngày tờ trình).")
    elif not SUBMISSION_NUMBER_RE.fullmatch(number):
        errors["submission_number"] = _("Số tờ trình phải có dạng số/TTr-ký hiệu, ví dụ 12/TTr-SNNMT.")
    if date is None:
        errors["submission_date"] = _("Ghi ngày tờ trình (đã ghi số tờ trình).")
    elif date > today:
        errors["submission_date"] = _("Ngày tờ trình không thể sau hôm nay (%(today)s).") % {
            "today": f"{today:%d/%m/%Y}"
        }
    elif earliest is not None and date < earliest:
        errors["submission_date"] = earliest_refusal % {"d": f"{earliest:%d/%m/%Y}"}
    elif latest is not None and date > latest:
        errors["submission_date"] = latest_refusal % {"d": f"{latest:%d/%m/%Y}"}
    return errors
