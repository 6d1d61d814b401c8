"""Completing a recorded decision's papers: a decision recorded from before this system (certificate_record_historic)
may have been typed without the OCOP office's submission (tờ trình) it answers or without who signed it, the officer
not having the paper at hand. What was left empty may be filled in afterwards, once; what is recorded stays."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.models import User
from ocop.paper import submission_errors
from ocop.services import audit_record, outbox_enqueue_many
from ocop.templatetags.documents import signer_title_refusal
from ocop.text import nfc

from ..choices import DecisionStatus
from ..models import RecognitionDecision
from ..permissions import can_complete_decision_papers
from .historic_checks import historic_signer
from .issue_checks import SUBMISSION_AFTER_DECISION

# The fields a completion may fill, each only while it is empty.
PAPER_FIELDS = ("submission_number", "submission_date", "signer_title", "signer_name")


def decision_papers_missing(decision: RecognitionDecision) -> set[str]:
    """Which of PAPER_FIELDS a recorded decision still lacks (none for a decision issued on this system: its papers
    are as it was signed and printed)."""
    if not decision.is_historic or decision.status != DecisionStatus.ISSUED:
        return set()
    return {field for field in PAPER_FIELDS if getattr(decision, field) in ("", None)}


def decision_papers_errors(decision: RecognitionDecision, given: dict) -> dict:
    """{field: message} for filling `decision`'s missing papers with `given` ({field of PAPER_FIELDS: value},
    normalised): the submission as at issue (both or neither, number/TTr-sign, not after today nor after the
    decision), the signer's capacity as the issue form reads it, and a name only under a capacity. A value given for a
    field already recorded is refused beside it: what is recorded is not changed here."""
    missing = decision_papers_missing(decision)
    submission_number, submission_date = given.get("submission_number", ""), given.get("submission_date")
    signer_title, signer_name = given.get("signer_title", ""), given.get("signer_name", "")
    errors = {}
    for field, value in given.items():
        if value not in ("", None) and field not in missing and value != getattr(decision, field):
            errors[field] = _("Quyết định đã ghi thông tin này; không sửa ở đây.")
    if "submission_number" in missing:
        errors |= {
            field: message
            for field, message in submission_errors(
                number=submission_number,
                date=submission_date,
                latest=decision.date,
                latest_refusal=SUBMISSION_AFTER_DECISION,
            ).items()
            if field not in errors
        }
    if "signer_title" in missing and "signer_title" not in errors:
        if refusal := signer_title_refusal(signer_title):
            errors["signer_title"] = refusal
        elif signer_name and not signer_title:
            errors["signer_title"] = _("Ghi quyền hạn, chức vụ của người ký trên họ và tên.")
    return errors


@transaction.atomic
def decision_papers_complete(
    *,
    decision: RecognitionDecision,
    by: User,
    submission_number: str = "",
    submission_date: date | None = None,
    signer_title: str = "",
    signer_name: str = "",
) -> RecognitionDecision:
    """Fill what a recorded decision lacks of its submission and signer (decision_papers_missing), leaving what is
    recorded as it is; by compare-and-swap on the fields still empty, so that two officers completing it at once do
    not write over each other. The certificates the system rendered for it print its signer: a new version of each
    is rendered when the signer is filled (the old one stays on record)."""
    if not can_complete_decision_papers(by, decision):
        raise PermissionDenied
    if not decision_papers_missing(decision):
        raise ValidationError(_("Quyết định này không có thông tin nào để bổ sung."))
    submission_number = nfc(submission_number or "").strip()
    signer_title, signer_name = historic_signer(signer_title, signer_name)
    values = {
        "submission_number": submission_number,
        "submission_date": submission_date,
        "signer_title": signer_title,
        "signer_name": signer_name,
    }
    if errors := decision_papers_errors(decision, values):
        raise ValidationError(errors)
    fill = {
        field: value
        for field, value in values.items()
        if value not in ("", None) and field in decision_papers_missing(decision)
    }
    if not fill:
        raise ValidationError(_("Ghi tờ trình hoặc người ký còn thiếu của quyết định."))
    still_empty = {"submission_date__isnull" if field == "submission_date" else field: "" for field in fill}
    if "submission_date__isnull" in still_empty:
        still_empty["submission_date__isnull"] = True
    moved = RecognitionDecision.objects.filter(
        pk=decision.pk, is_historic=True, status=DecisionStatus.ISSUED, **still_empty
    ).update(**fill)
    if moved != 1:  # another officer completed it meanwhile
        raise ValidationError(_("Quyết định vừa được người khác bổ sung; tải lại trang để xem."))
    decision.refresh_from_db()
    audit_record(
        actor=by,
        action="decision.complete_papers",
        target=decision,
        changes={field: value.isoformat() if isinstance(value, date) else value for field, value in fill.items()},
    )
    if {"signer_title", "signer_name"} & fill.keys():
        from ..tasks.decisions import certificate_render_pdf_task

        reason = _("Bổ sung người ký của quyết định")
        rendered = decision.certificates.filter(scan="").values_list("pk", flat=True)
        outbox_enqueue_many(
            task=certificate_render_pdf_task,
            calls=[((pk,), {"reason": reason, "by_id": by.pk, "new_version": True}) for pk in rendered],
        )
    return decision
