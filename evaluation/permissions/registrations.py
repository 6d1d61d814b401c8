"""The access chokepoints for rounds, registrations and their documents.

Reads: `Registration.objects.for_user(user)` (lists) and `get_registration_for_user(user, pk)` (detail):
404 for anyone outside the scope. Writes name an action: the role must be one that does that step of
D26 Điều 7, otherwise 403 (a viewer never writes).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ocop.choices import Role

from ..choices import Level
from ..models import CentralReferral, DossierDocument, EvaluationRound, Registration
from ..selectors.dossier import central_reevaluation, latest_result, send_back_allowed
from ..workflow import STEPS, WITHDRAWN_FOR_THE_PRODUCER, sources

ROUND_WRITERS = frozenset({Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN})

# The roles of each act on a registration come from the workflow table (rows the caller guards itself are left out).
ACTIONS = {step.name: step.roles for step in STEPS if step.roles is not None}


def role_of(user) -> str:
    return Role.ADMIN if user.is_superuser else user.role


def can_do(user, action: str) -> bool:
    """Whether `user`'s role performs `action` (scope is checked separately by for_user)."""
    if not user.is_authenticated or user.is_read_only:
        return False
    return role_of(user) in ACTIONS[action]


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


# Who reads the province's approval of a potential 5★ and its letter to the ministry (Điều 7.3e): the officers of
# the province (its OCOP office and its read-only viewers) and of the ministry; the dossier's scope is its own.
REFERRAL_READERS = frozenset({Role.PROVINCE_OFFICER, Role.VIEWER, Role.CENTRAL_OFFICER, Role.ADMIN})


def can_read_referrals(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in REFERRAL_READERS)


def get_referral_for_user(user, pk: int) -> CentralReferral:
    """The province's approval and letter to the ministry (Điều 7.3e), for the officers who read them
    (can_read_referrals) of a dossier they may see; 404 for everyone else."""
    if not can_read_referrals(user):
        raise Http404
    return get_object_or_404(
        CentralReferral.objects.filter(registration__in=Registration.objects.for_user(user)), pk=pk
    )


def get_round_for_user(user, pk: int, *, write: bool = False) -> EvaluationRound:
    evaluation_round = get_object_or_404(
        EvaluationRound.objects.for_user(user).select_related("unit", "criteria_version"), pk=pk
    )
    if write and not can_manage_round(user, evaluation_round):
        raise PermissionDenied
    return evaluation_round


def can_create_round(user) -> bool:
    return user.is_authenticated and not user.is_read_only and role_of(user) in ROUND_WRITERS


def can_manage_round(user, evaluation_round: EvaluationRound) -> bool:
    """A round is moved (and changed) by its organiser: the ministry's national roles any round, a province's
    officers their own province's. A province reads the central rounds, it does not run them."""
    if not can_create_round(user):
        return False
    if user.is_national:
        return True
    return evaluation_round.level == Level.PROVINCE and evaluation_round.unit_id == user.province_id


def may_withdraw(user, registration: Registration) -> bool:
    """Withdrawing is the producer's decision (its members, or the administrator). An officer records it only for a
    producer that has no active account of its own, and only while the dossier is with the officer's side
    (workflow.WITHDRAWN_FOR_THE_PRODUCER): a commune no longer once it has forwarded the dossier. Otherwise officers
    return or reject, with their own reasons. Whoever typed the dossier in does not matter: a producer invited since
    acts itself."""
    role = role_of(user)
    if role in {Role.PRODUCER, Role.ADMIN}:
        return True
    if registration.status not in WITHDRAWN_FOR_THE_PRODUCER.get(role, ()):
        return False
    return not registration.product.producer.members.filter(is_active=True).exists()


def can_notify_result(user, registration: Registration, result=None) -> bool:
    """Province officers tell the results of their province's council, central officers those of the central one."""
    if not can_do(user, "notify_result") or registration.status not in sources("notify_result"):
        return False
    if registration.result_announced:
        return False
    result = result if result is not None else latest_result(registration)
    if result is None:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role == (Role.CENTRAL_OFFICER if result.level == Level.CENTRAL else Role.PROVINCE_OFFICER)


# Acts that need more than a role and a status; each answers for the dossier at hand.
_GUARDS = {
    "withdraw": may_withdraw,
    "send_back": lambda user, registration: send_back_allowed(registration),
    # A 5★ product's re-evaluation goes to the ministry, every other dossier to the provincial council (Điều 7.6e).
    "mark_ready": lambda user, registration: not central_reevaluation(registration),
    "forward_central": lambda user, registration: central_reevaluation(registration),
    "notify_result": can_notify_result,
}


def registration_actions_for(user, registration: Registration) -> dict[str, bool]:
    """What `user` may do to `registration` now, for every row of the workflow table that has roles: the role
    does it, the dossier is in one of its statuses, and its own guard (if any) agrees. Templates ask this."""
    allowed = {}
    for row in STEPS:
        if row.roles is None or row.name == "create":
            continue
        ok = registration.status in row.sources and can_do(user, row.name)
        guard = _GUARDS.get(row.name)
        allowed[row.name] = bool(ok and (guard is None or guard(user, registration)))
    allowed["create"] = can_do(user, "create")
    return allowed


def can_print_form(user, form: str) -> bool:
    """Mẫu 01 and 02 are the producer's papers: everyone who sees the dossier may print them. Mẫu 03 is the
    commune's report to the province (Điều 7.2): officers print it, the producer does not."""
    if form == "03":
        return user.role != Role.PRODUCER
    return True
