"""Drafts of recognition decisions that are no longer wanted or were asked for twice: a draft (or a checked decision
not yet issued), recognition or correction, is discarded (hủy dự thảo) and its annex lines released so their results
and products can go into another decision; the second copy of the "Tạo dự thảo" form (a double click, the back
button, a retried POST) finds the draft the first copy created. Drafting, checking and issuing are in decisions.py."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.edits import change_author
from ocop.models import AuditEvent, User
from ocop.services import audit_record

from ..choices import PENDING_DECISION_STATUSES, AuditAction, DecisionStatus
from ..models import DecisionEntry, RecognitionDecision
from ..permissions import can_manage_decisions

DISCARD_ACTION = AuditAction.DECISION_DISCARD.value


class DraftAlreadyDiscarded(ValidationError):
    """A second copy of the discard (a double click, two tabs, two officers): the first one discarded the draft and
    this one wrote nothing. Its message says who discarded it and when."""


def _discard_event(decision_id: int) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(RecognitionDecision),
            target_id=str(decision_id),
            action=DISCARD_ACTION,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def _discarded(event: AuditEvent | None) -> DraftAlreadyDiscarded:
    author = change_author(event)
    if author is None:
        return DraftAlreadyDiscarded(_("Dự thảo quyết định đã được hủy."), code="already_discarded")
    return DraftAlreadyDiscarded(
        _("Dự thảo quyết định đã được %(who)s hủy lúc %(when)s.") % author, code="already_discarded"
    )


def discarded_notice(*, user: User, decision_id: int) -> DraftAlreadyDiscarded | None:
    """What a copy of the discard arriving after the first one committed is told (the draft is gone): who discarded
    it and when, to an officer who may write that issuer's decisions (as the audit row records it); None otherwise
    (the page answers 404, as for any decision the user cannot see)."""
    event = _discard_event(decision_id)
    if event is None:
        return None
    changes = event.changes or {}
    level, unit_id = changes.get("issuer_level"), changes.get("issuer_unit")
    if not level or not can_manage_decisions(user, issuer_level=level, issuer_unit_id=unit_id):
        return None
    return _discarded(event)


def _discard_refusal(decision_id: int) -> ValidationError:
    """Why a discard that found no draft to discard wrote nothing, read fresh: discarded already (by whom, when), or
    issued meanwhile (an issued decision is never discarded: it is corrected by a new decision)."""
    now = RecognitionDecision.objects.filter(pk=decision_id).first()
    if now is not None and now.status == DecisionStatus.ISSUED:
        return ValidationError(
            _(
                "Quyết định số %(number)s đã được ban hành nên không thể hủy; sai sót được sửa bằng quyết định đính chính."
            )
            % {"number": now.number},
            code="issued",
        )
    return _discarded(_discard_event(decision_id))


@transaction.atomic
def decision_discard(*, decision: RecognitionDecision, by: User) -> None:
    """Discard a decision not yet issued (a draft or a checked one, recognition or correction), by an officer who may
    write it (can_manage_decisions, as for editing its annex; no four eyes: nothing is decided). The row is locked
    only while it is still pending (compare-and-swap: of two copies or two officers, one discards it, the other is
    told who did, DraftAlreadyDiscarded; one issued meanwhile is refused). The decision and its annex lines are
    deleted, as a withdrawn revocation proposal is (revocations.certificate_revoke_withdraw): nothing was issued,
    the council results and products are free for another decision, and the audit trail keeps what it held and who
    discarded it."""
    if not can_manage_decisions(by, issuer_level=decision.issuer_level, issuer_unit_id=decision.issuer_unit_id):
        raise PermissionDenied
    # Re-read under the lock: an issue or another discard committed while this one waited no longer matches.
    pending = (
        RecognitionDecision.objects.select_for_update(of=("self",))
        .filter(pk=decision.pk, status__in=PENDING_DECISION_STATUSES, is_historic=False)
        .select_related("corrects")
        .first()
    )
    if pending is None:
        raise _discard_refusal(decision.pk)
    entries = list(pending.entries.select_related("product").order_by("order", "pk"))
    audit_record(
        actor=by,
        action=DISCARD_ACTION,
        target=pending,
        changes={
            "status": [pending.status, None],
            "products": [e.product.name for e in entries],
            "results": [e.result_id for e in entries if e.result_id],
            "created_by": pending.created_by_id,
            "issuer_level": pending.issuer_level,
            "issuer_unit": pending.issuer_unit_id,
        }
        | ({"corrects": pending.corrects.number} if pending.corrects_id else {}),
    )
    DecisionEntry.objects.filter(decision=pending).delete()
    pending.delete()


def draft_created_before(
    *, by: User, issuer_level: str, issuer_unit_id: int | None, result_ids
) -> RecognitionDecision | None:
    """The draft a creation over `result_ids` would repeat: a decision of this issuer, not yet issued, whose annex
    holds every one of the chosen council results (the second copy of the form, sent by a double click, the back
    button or a retried POST, after the first copy created it). None when the results are not all in one such draft
    (a new choice, or results another decision holds: the form says so beside the field)."""
    ids = {int(i) for i in result_ids if str(i).isdigit()}
    if not ids or not can_manage_decisions(by, issuer_level=issuer_level, issuer_unit_id=issuer_unit_id):
        return None
    holders = set(
        DecisionEntry.objects.filter(
            result_id__in=ids,
            decision__status__in=PENDING_DECISION_STATUSES,
            decision__issuer_level=issuer_level,
            decision__issuer_unit_id=issuer_unit_id,
        ).values_list("decision_id", "result_id")
    )
    decision_ids = {d for d, _r in holders}
    if len(decision_ids) != 1 or {r for _d, r in holders} != ids:
        return None
    return RecognitionDecision.objects.select_related("created_by").get(pk=decision_ids.pop())
