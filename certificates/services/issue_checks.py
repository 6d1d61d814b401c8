"""The number and date a decision is issued with, checked before anything is written: the issue page runs
decision_issue_check before its confirmation step, decision_issue (certificates.services.decisions) before it writes.
Its pieces are shared: the decision form's number field (decision_number_refusal), and the number and date of a
revocation decision (revocations.py) and of a certificate recorded from before this system (historic_checks.py)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.paper import submission_errors
from ocop.selectors import decision_number_holder
from ocop.text import DECISION_NUMBER_TAKEN as NUMBER_TAKEN
from ocop.text import DOCUMENT_NUMBER_RE, nfc

from ..models import RecognitionDecision
from .corrections import CORRECTION_BEFORE_CORRECTED, correction_earliest_date

# A decision is recorded once signed: a day to come is a typing error. The day it may be at the latest is said.
FUTURE_DECISION = gettext_lazy("Ngày quyết định không thể sau hôm nay (%(today)s).")
# The decision answers its submission (tờ trình): a submission dated after it is a typing error, at issue and for a
# decision recorded from before this system alike (certificates.py, historic_rules_check). `%(d)s`: the decision's day.
SUBMISSION_AFTER_DECISION = gettext_lazy("Ngày tờ trình không thể sau ngày quyết định (%(d)s).")


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


def decision_issue_check(
    *,
    decision: RecognitionDecision,
    number: str | None,
    date: date | None,
    submission_number: str | None = "",
    submission_date: date | None = None,
) -> str:
    """The number and date `decision` is to be issued with, refused beside each field (all at once): a number
    missing, malformed (decision_number_refusal) or already taken by another decision of the issuer that year; a date
    in the future, before the council's result, or, for a correction, before the decision it corrects
    (correction_earliest_date). The OCOP office's submission it answers (`submission_number`, `submission_date`,
    optional: ocop.paper.submission_errors) is a tờ trình dated from the council's result (for a correction, the
    decision it corrects) to the decision. Returns the number as stored. The issue page runs it before its
    confirmation step (which said the decision "không sửa được nữa" for a number the service then refused),
    decision_issue before it writes: one rule."""
    errors = {}
    number = (number or "").strip()
    today = timezone.localdate()
    if refusal := decision_number_refusal(number):
        errors["number"] = refusal
    elif date is not None and decision_number_holder(
        issuer=decision.issuer_name, number=number, year=date.year, decision=("recognition", decision.pk)
    ):
        errors["number"] = NUMBER_TAKEN
    # The certificate runs 36 months from this date: a date before the council's result would issue a certificate
    # that is already part or wholly spent (or expired on arrival), and count it in a past period's figures.
    evaluated = decision.entries.aggregate(last=Max("result__decided_at"))["last"]
    evaluated_on = timezone.localdate(evaluated) if evaluated is not None else None
    corrected, corrected_on = (
        correction_earliest_date(corrects_id=decision.corrects_id) if decision.corrects_id else (None, None)
    )
    errors |= submission_errors(
        number=nfc(submission_number or "").strip(),
        date=submission_date,
        # The office submits what the council found (Điều 7.3đ, 7.4đ), or the correction of a decision issued.
        earliest=evaluated_on or corrected_on,
        earliest_refusal=(
            _("Ngày tờ trình không thể trước ngày Hội đồng có kết quả đánh giá (%(d)s).")
            if evaluated_on
            else _("Ngày tờ trình không thể trước ngày của quyết định được đính chính (%(d)s).")
        ),
        latest=date,
        latest_refusal=SUBMISSION_AFTER_DECISION,
    )
    if date is None:  # not read (the page refuses it beside its field): the number is judged alone
        errors["date"] = _("Nhập ngày quyết định.")
        raise ValidationError(errors)
    if date > today:
        errors["date"] = FUTURE_DECISION % {"today": f"{today:%d/%m/%Y}"}
    elif evaluated_on is not None and date < evaluated_on:
        errors["date"] = _("Ngày quyết định không thể trước ngày Hội đồng có kết quả đánh giá (%(d)s).") % {
            "d": f"{evaluated_on:%d/%m/%Y}"
        }
    elif corrected is not None and date < corrected_on:
        errors["date"] = CORRECTION_BEFORE_CORRECTED % {"number": corrected.number, "d": f"{corrected_on:%d/%m/%Y}"}
    if errors:
        raise ValidationError(errors)
    return number
