"""The number and date a decision is issued with, checked before anything is written: the issue page runs
decision_issue_check before its confirmation step, decision_issue (certificates.services.decisions) before it writes.
Its pieces are shared: the decision form's number field (decision_number_refusal), and the number and date of a
revocation decision (revocations.py) and of a certificate recorded from before this system (certificates.py)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.selectors import decision_number_holder
from ocop.text import DECISION_NUMBER_TAKEN as NUMBER_TAKEN
from ocop.text import DOCUMENT_NUMBER_RE

from ..models import RecognitionDecision
from .corrections import CORRECTION_BEFORE_CORRECTED, correction_earliest_date

# A decision is recorded once signed: a day to come is a typing error. The day it may be at the latest is said.
FUTURE_DECISION = gettext_lazy("Ngày quyết định không thể sau hôm nay (%(today)s).")


# "1427/QĐ-UBND", "26/2026/QĐ-TTg": a running number, then the sign after a slash, no spaces (ocop.text).
DECISION_NUMBER_RE = DOCUMENT_NUMBER_RE


def decision_number_refusal(number: str) -> str | None:
    """Why `number` (stripped) cannot be a decision's number, or None. It is printed on every certificate and quoted
    by the public verification page: a typo such as "abc" or "1427 QĐ-UBND" cannot be corrected after issue."""
    if not number:
        return _("Nhập số quyết định.")
    if not DECISION_NUMBER_RE.fullmatch(number):
        return _("Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND.")
    return None


def decision_issue_check(*, decision: RecognitionDecision, number: str | None, date: date | None) -> str:
    """The number and date `decision` is to be issued with, refused beside each field (both at once): a number
    missing, malformed (decision_number_refusal) or already taken by another decision of the issuer that year; a date
    in the future, before the council's result, or, for a correction, before the decision it corrects
    (correction_earliest_date). Returns the number as stored. The issue page runs it before its confirmation step
    (which said the decision "không sửa được nữa" for a number the service then refused), decision_issue before it
    writes: one rule."""
    errors = {}
    number = (number or "").strip()
    today = timezone.localdate()
    if refusal := decision_number_refusal(number):
        errors["number"] = refusal
    elif date is not None and decision_number_holder(
        issuer=decision.issuer_name, number=number, year=date.year, decision=("recognition", decision.pk)
    ):
        errors["number"] = NUMBER_TAKEN
    if date is None:  # not read (the page refuses it beside its field): the number is judged alone
        errors["date"] = _("Nhập ngày quyết định.")
        raise ValidationError(errors)
    # The certificate runs 36 months from this date: a date before the council's result would issue a certificate
    # that is already part or wholly spent (or expired on arrival), and count it in a past period's figures.
    evaluated = decision.entries.aggregate(last=Max("result__decided_at"))["last"]
    if date > today:
        errors["date"] = FUTURE_DECISION % {"today": f"{today:%d/%m/%Y}"}
    elif evaluated is not None and date < timezone.localdate(evaluated):
        errors["date"] = _("Ngày quyết định không thể trước ngày Hội đồng có kết quả đánh giá (%(d)s).") % {
            "d": f"{timezone.localdate(evaluated):%d/%m/%Y}"
        }
    elif decision.corrects_id:
        corrected, earliest = correction_earliest_date(corrects_id=decision.corrects_id)
        if date < earliest:
            errors["date"] = CORRECTION_BEFORE_CORRECTED % {"number": corrected.number, "d": f"{earliest:%d/%m/%Y}"}
    if errors:
        raise ValidationError(errors)
    return number
