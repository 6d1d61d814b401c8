"""The revoking decision's number and date, checked before anything is written (thu hồi, Điều 8): the revocation page
runs revocation_decision_check before its confirmation step, certificate_revoke (revocations.py) before it writes. The
decision comes after all it decides (the certificate, the finding, the proposal, the office's submission) and cites
them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.paper import submission_errors
from ocop.selectors import decision_number_holder
from ocop.text import DECISION_NUMBER_TAKEN, nfc

from ..choices import AGENCY_CONCLUSION_GROUNDS, COMMUNE_GROUNDS, INSPECTION_GROUNDS
from ..models import Certificate, Revocation
from ..selectors.revocations import revocation_issuer, revocation_proposal_of
from .issue_checks import DECISION_NUMBER_RE, FUTURE_DECISION


def _before_the_finding(ground: str) -> str:
    """What a decision dated before the finding its proposal rests on is told, naming that finding as the ground has
    it (certificates.choices): the commune's confirmation (đ), the OCOP office's inspection (b, d), the competent
    authority's conclusion (c, e), either conclusion (a)."""
    if ground in COMMUNE_GROUNDS:
        return _(
            "Ngày thu hồi không thể trước ngày UBND xã xác nhận chủ thể không còn sản xuất (%(d)s), căn cứ của đề xuất "
            "thu hồi."
        )
    if ground in INSPECTION_GROUNDS:
        return _("Ngày thu hồi không thể trước ngày kết luận kiểm tra (%(d)s) mà đề xuất thu hồi dựa vào.")
    if ground in AGENCY_CONCLUSION_GROUNDS:
        return _(
            "Ngày thu hồi không thể trước ngày kết luận của cơ quan có thẩm quyền (%(d)s) mà đề xuất thu hồi dựa vào."
        )
    return _("Ngày thu hồi không thể trước ngày kết luận (%(d)s) mà đề xuất thu hồi dựa vào.")


def revocation_decision_date_error(
    *,
    certificate: Certificate,
    decision_date: date,
    proposal: Revocation | None = None,
    grounded_on: date | None = None,
) -> str:
    """Why the revoking decision cannot bear `decision_date`, empty when it can. The decision comes after all it
    decides: not after today, not before the certificate's issue, nor before the finding its proposal rests on
    (Revocation.grounded_on: the conclusion or the commune's confirmation, from which the 15 days of Điều 8.4 run; for
    a proposal on record without it, the day the officer who issues it types, `grounded_on`), nor before the proposal
    it issues (the proposal's day, Asia/Ho_Chi_Minh). `proposal`: the pending proposal when the caller has read it
    already."""
    today = timezone.localdate()
    if decision_date > today:
        return FUTURE_DECISION % {"today": f"{today:%d/%m/%Y}"}
    if decision_date < certificate.issued_on:
        return _("Ngày thu hồi không thể trước ngày cấp giấy chứng nhận (%(d)s).") % {
            "d": f"{certificate.issued_on:%d/%m/%Y}"
        }
    proposal = proposal or revocation_proposal_of(certificate)
    if proposal is None:
        return ""
    finding = proposal.grounded_on or grounded_on
    if finding is not None and decision_date < finding:
        return _before_the_finding(proposal.ground) % {"d": f"{finding:%d/%m/%Y}"}
    proposed_on = timezone.localdate(proposal.proposed_at) if proposal.proposed_at else None
    if proposed_on is not None and decision_date < proposed_on:
        return _("Ngày thu hồi không thể trước ngày đề xuất thu hồi (%(d)s).") % {"d": f"{proposed_on:%d/%m/%Y}"}
    return ""


# What a proposal on record without the day of its finding is told when the officer who issues it leaves that day out
# (revocation_grounded_on_error; the revocation form's field says the same).
GROUNDED_ON_MISSING = gettext_lazy(
    "Ghi ngày của văn bản, kết luận làm căn cứ thu hồi (kết luận của cơ quan có thẩm quyền, kết luận kiểm tra hoặc xác "
    "nhận của UBND xã): đề xuất này chưa ghi ngày đó, quyết định thu hồi phải trích dẫn."
)


def revocation_grounded_on_error(*, certificate: Certificate, grounded_on: date | None) -> str:
    """Why a proposal on record without the day of the finding it rests on (recorded before that day was kept, with no
    case to take it from: Revocation.grounded_on) cannot be issued as grounded on `grounded_on`, empty when it can: the
    decision cites that finding and its day, and the 15 days of Điều 8.4 run from it. Required; not after today, not
    before the certificate's issue."""
    today = timezone.localdate()
    if grounded_on is None:
        return str(GROUNDED_ON_MISSING)
    if grounded_on > today:
        return _("Ngày làm căn cứ thu hồi không thể sau hôm nay (%(today)s).") % {"today": f"{today:%d/%m/%Y}"}
    if grounded_on < certificate.issued_on:
        return _("Ngày làm căn cứ thu hồi không thể trước ngày cấp giấy chứng nhận (%(d)s).") % {
            "d": f"{certificate.issued_on:%d/%m/%Y}"
        }
    return ""


def revocation_submission_errors(
    *,
    certificate: Certificate,
    number: str | None,
    submission_date: date | None,
    finding: date | None,
    decision_date: date | None,
) -> dict:
    """Why the OCOP office's submission (tờ trình) a revoking decision answers cannot be `number` of `submission_date`,
    by field (ocop.paper.submission_errors: optional, both or neither, number/TTr-sign, not after today): it proposes
    on the finding, so is not dated before it (or, without one, before the certificate's issue), and the decision
    answers it, so is not dated before it."""
    earliest, earliest_refusal = (
        (finding, _("Ngày tờ trình không thể trước ngày kết luận hoặc xác nhận làm căn cứ thu hồi (%(d)s)."))
        if finding is not None
        else (certificate.issued_on, _("Ngày tờ trình không thể trước ngày cấp giấy chứng nhận (%(d)s)."))
    )
    return submission_errors(
        number=nfc(number or "").strip(),
        date=submission_date,
        earliest=earliest,
        earliest_refusal=earliest_refusal,
        latest=decision_date,
        latest_refusal=_("Ngày tờ trình không thể sau ngày quyết định thu hồi (%(d)s)."),
    )


def revocation_decision_check(
    *,
    certificate: Certificate,
    decision_number: str | None,
    decision_date: date | None,
    proposal: Revocation | None = None,
    grounded_on: date | None = None,
    submission_number: str | None = "",
    submission_date: date | None = None,
) -> str:
    """The revoking decision's number and date, refused beside each field (all at once): a number missing or
    malformed (it is quoted by the public verification page, "Thu hồi theo Quyết định số …", and not correctable after
    issue); a date out of order with what the decision rests on (revocation_decision_date_error: after today, before
    the certificate's issue, the finding or the proposal). A proposal on record without the day of its finding needs
    it (`grounded_on`, revocation_grounded_on_error); the submission the decision answers (`submission_number`,
    `submission_date`, optional) is a tờ trình dated from the finding to the decision (revocation_submission_errors).
    Returns the number as stored. The revocation page runs it before its confirmation step, certificate_revoke before
    it writes: one rule."""
    errors = {}
    decision_number = nfc(decision_number or "").strip()
    if not decision_number:
        errors["decision_number"] = _("Nhập số quyết định thu hồi.")
    elif not DECISION_NUMBER_RE.fullmatch(decision_number):
        errors["decision_number"] = _("Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND.")
    proposal = proposal or revocation_proposal_of(certificate)
    finding = proposal.grounded_on if proposal is not None else None
    if proposal is not None and finding is None:
        if grounded_error := revocation_grounded_on_error(certificate=certificate, grounded_on=grounded_on):
            errors["grounded_on"] = grounded_error
        else:
            finding = grounded_on
    errors |= revocation_submission_errors(
        certificate=certificate,
        number=submission_number,
        submission_date=submission_date,
        finding=finding,
        decision_date=decision_date,
    )
    if decision_date is None:  # not read (the page refuses it beside its field): the number is judged alone
        errors["decision_date"] = _("Nhập ngày quyết định.")
        raise ValidationError(errors)
    date_error = revocation_decision_date_error(
        certificate=certificate, decision_date=decision_date, proposal=proposal, grounded_on=finding
    )
    if date_error:
        errors["decision_date"] = date_error
    if "decision_number" not in errors and decision_number_holder(
        issuer=revocation_issuer(certificate),
        number=decision_number,
        year=decision_date.year,
        decision=("revocation", decision_date),
    ):
        errors["decision_number"] = DECISION_NUMBER_TAKEN
    if errors:
        raise ValidationError(errors)
    return decision_number
