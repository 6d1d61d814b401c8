"""What every official paper of the app shares (Nghị định 30/2020/NĐ-CP, Phụ lục I): the place of the place-and-date
line, the signer's title as a signed paper prints it (ocop.templatetags.documents.signer_lines), how a paper cites
the rule set it rests on and the proposing office's submission (tờ trình) it answers. The head (quốc hiệu, tiêu ngữ, issuer, number, place and date) and the end (Nơi nhận,
signature) are the templates `ocop/pdf/_paper_head.html` and `ocop/pdf/_paper_end.html`, styled by
`ocop/pdf/paper.css`: the recognition decision (certificates) and the written result notice (evaluation) print them
alike."""

import datetime as dt
import re
from typing import NamedTuple

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .templatetags.documents import document_place, signer_lines  # noqa: F401 — every paper signs through it
from .text import DOCUMENT_NUMBER_RE


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


class PaperWords(NamedTuple):
    """What is said of a signed paper's number and date when they are wrong, in the words of the page that records it
    (what the paper is called there): `number_missing`, `number_malformed`, `date_missing`; `date_future` when the
    date is after today, `date_early` when it is before the paper's earliest day, `date_late` after its latest. The
    date messages may name today as %(today)s and the bound as %(d)s (dd/mm/yyyy): the earliest day for
    `date_future` and `date_early` (a page may say "from %(d)s to %(today)s" for both), the latest for `date_late`."""

    number_missing: str | Promise
    number_malformed: str | Promise
    date_missing: str | Promise
    date_future: str | Promise
    date_early: str | Promise = ""
    date_late: str | Promise = ""


def signed_paper_errors(
    *,
    number: str,
    date: dt.date | None,
    words: PaperWords,
    number_field: str,
    date_field: str,
    not_before: dt.date | None = None,
    not_after: dt.date | None = None,
    optional: bool = False,
    pattern: re.Pattern = DOCUMENT_NUMBER_RE,
    today: dt.date | None = None,
) -> dict:
    """Why a signed paper (a letter, report, decision, conclusion: "Số 12/QĐ-UBND ngày …") cannot be `number` of
    `date`, by field (`number_field`, `date_field`), both at once; empty when it can. The number in the form
    "số/ký hiệu" (`pattern`), the day not after `today` (the day in Việt Nam unless given), nor before `not_before`,
    nor after `not_after`. `optional`: the paper may wait (neither given), but one of the two asks for the other.
    Every refusal in the caller's `words`; the number is checked as given (the caller normalises it)."""
    errors = {}
    if optional and not number and date is None:
        return errors
    if not number:
        errors[number_field] = str(words.number_missing)
    elif not pattern.fullmatch(number):
        errors[number_field] = str(words.number_malformed)
    today = today or timezone.localdate()

    def said(message, bound: dt.date | None) -> str:
        return message % {"today": f"{today:%d/%m/%Y}", "d": f"{bound:%d/%m/%Y}" if bound else ""}

    if date is None:
        errors[date_field] = str(words.date_missing)
    elif date > today:
        errors[date_field] = said(words.date_future, not_before)
    elif not_before is not None and date < not_before:
        errors[date_field] = said(words.date_early, not_before)
    elif not_after is not None and date > not_after:
        errors[date_field] = said(words.date_late, not_after)
    return errors


def submission_errors(
    *, number: str, date, earliest=None, earliest_refusal: str = "", latest=None, latest_refusal: str = ""
) -> dict:
    """Why the submission (tờ trình) a decision cites cannot be `number` of `date`, by field ("submission_number",
    "submission_date"), all at once; empty when it can, or when neither is given (it is optional). The number in
    number/TTr-sign form; the day not after today, not before `earliest` (what the submission proposes on: the finding)
    nor after `latest` (the decision that answers it), each refused in the caller's words (`%(d)s` the bound)."""
    words = PaperWords(
        number_missing=_("Ghi số tờ trình (đã ghi ngày tờ trình)."),
        number_malformed=_("Số tờ trình phải có dạng số/TTr-ký hiệu, ví dụ 12/TTr-SNNMT."),
        date_missing=_("Ghi ngày tờ trình (đã ghi số tờ trình)."),
        date_future=_("Ngày tờ trình không thể sau hôm nay (%(today)s)."),
        date_early=earliest_refusal,
        date_late=latest_refusal,
    )
    return signed_paper_errors(
        number=number,
        date=date,
        words=words,
        number_field="submission_number",
        date_field="submission_date",
        not_before=earliest,
        not_after=latest,
        optional=True,
        pattern=SUBMISSION_NUMBER_RE,
    )
