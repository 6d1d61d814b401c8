"""The access chokepoints for rounds, registrations and their documents.

Reads: `Registration.objects.for_user(user)` (lists) and `get_registration_for_user(user, pk)` (detail):
404 for anyone outside the scope. Writes name an action: the role must be one that does that step of
D26 Điều 7, otherwise 403 (a viewer never writes).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ocop.choices import Role

from ..models import DossierDocument, EvaluationRound, Registration

# Producers file; officers may type a paper dossier in on the producer's behalf.
PRODUCER_SIDE = frozenset(
    {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}
)
COMMUNE_SIDE = frozenset({Role.COMMUNE_OFFICER, Role.ADMIN})
PROVINCE_SIDE = frozenset({Role.PROVINCE_OFFICER, Role.ADVISORY_MEMBER, Role.CENTRAL_OFFICER, Role.ADMIN})
ROUND_WRITERS = frozenset({Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN})

ACTIONS = {
    "create": PRODUCER_SIDE,
    "edit": PRODUCER_SIDE,  # self-assessment, uploads, round
    "submit": PRODUCER_SIDE,
    "withdraw": PRODUCER_SIDE,
    "supply": PRODUCER_SIDE,
    "commune_report": COMMUNE_SIDE,
    "forward": COMMUNE_SIDE,
    "commune_return": COMMUNE_SIDE,
    "commune_reject": COMMUNE_SIDE,
    "start_review": PROVINCE_SIDE,
    "request_supplement": PROVINCE_SIDE,
    "site_visit": PROVINCE_SIDE,
    "test_request": PROVINCE_SIDE,
    "mark_ready": PROVINCE_SIDE,
    "province_return": PROVINCE_SIDE,
    "reject": PROVINCE_SIDE,
    "eliminate": PROVINCE_SIDE,
    # The written notice of a result no decision announces (D26 Điều 7.3g): the OCOP office, not the advisory team.
    "notify_result": frozenset({Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}),
    # D26 Điều 7.4g, second option: a central result below 90 goes back for a new provincial evaluation.
    "send_back": frozenset({Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}),
}


def _role(user) -> str:
    return Role.ADMIN if user.is_superuser else user.role


def can_do(user, action: str) -> bool:
    """Whether `user`'s role performs `action` (scope is checked separately by for_user)."""
    if not user.is_authenticated or user.is_read_only:
        return False
    return _role(user) in ACTIONS[action]


def ensure_can(user, action: str) -> None:
    if not can_do(user, action):
        raise PermissionDenied


def get_registration_for_user(user, pk: int, *, write: bool = False, action: str | None = None) -> Registration:
    """The registration if `user` may see it (404 otherwise); 403 when it may see but not do `action`."""
    registration = get_object_or_404(
        Registration.objects.for_user(user).select_related(
            "product__producer", "product__product_set", "round", "commune__parent", "criteria_version", "scorecard"
        ),
        pk=pk,
    )
    if action is not None:
        ensure_can(user, action)
    elif write and (not user.is_authenticated or user.is_read_only):
        raise PermissionDenied
    return registration


def get_document_for_user(user, pk: int) -> DossierDocument:
    """A dossier file, only for users who may see its registration (404 otherwise)."""
    return get_object_or_404(
        DossierDocument.objects.select_related("registration").filter(
            registration__in=Registration.objects.for_user(user)
        ),
        pk=pk,
    )


def get_round_for_user(user, pk: int, *, write: bool = False) -> EvaluationRound:
    evaluation_round = get_object_or_404(
        EvaluationRound.objects.for_user(user).select_related("unit", "criteria_version"), pk=pk
    )
    if write and (user.is_read_only or _role(user) not in ROUND_WRITERS):
        raise PermissionDenied
    return evaluation_round


def can_create_round(user) -> bool:
    return user.is_authenticated and not user.is_read_only and _role(user) in ROUND_WRITERS
