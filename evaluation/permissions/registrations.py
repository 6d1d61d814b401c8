"""The access chokepoints for rounds, registrations and their documents.

Reads: `Registration.objects.for_user(user)` (lists) and `get_registration_for_user(user, pk)` (detail):
404 for anyone outside the scope. Writes name an action: the role must be one that does that step of
D26 Điều 7, and for the producer's own acts act for the dossier's producer (acts_for_the_producer), otherwise 403 (a
viewer never writes).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ocop.choices import Role
from products.permissions import acts_for_producer

from ..choices import Level, RegistrationStatus
from ..models import CentralReferral, DossierDocument, EvaluationRound, Registration, ResultNotice
from ..selectors.dossier import (
    central_reevaluation,
    central_reevaluation_scored,
    latest_result,
    product_holds_live_certificate,
    send_back_allowed,
    upgrade_kept,
)
from ..workflow import REMEDIES, STEPS, WITHDRAWN_FOR_THE_PRODUCER, sources, step

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


def acts_for_the_producer(user, registration: Registration) -> bool:
    """Whether `user` may do the producer's own acts on `registration` (the workflow's rows with `own`: filing it or a
    copy of it, editing, submitting, supplying, withdrawing). The producer prepares its dossier, puts it in the system and answers for it
    (D26 Điều 7.1): its members do them, and the administrator. An officer does them only for a producer that has no
    active account of its own, whose paper dossier it types in; one with an account acts itself. Whoever typed the
    dossier in does not matter: a producer invited since acts itself. Filing a dossier (create, copy) asks the same
    rule of the product's producer (products.permissions.acts_for_producer)."""
    return acts_for_producer(user, registration.product.producer)


def can_act(user, action: str, registration: Registration) -> bool:
    """can_do, and for the producer's own acts (`own` rows) acts_for_the_producer. The status is not asked: a form
    opened from an older page is told where the dossier is, not refused."""
    if not can_do(user, action):
        return False
    return not step(action).own or acts_for_the_producer(user, registration)


def producer_acts_itself(user, registration: Registration) -> bool:
    """The dossier waits for its producer (to complete, submit, supply), `user`'s role would act for it, but the
    producer has its own account (acts_for_the_producer): the pages say why they offer no button."""
    return registration.waits_for_producer and can_do(user, "edit") and not acts_for_the_producer(user, registration)


def producer_files_itself(user, registration: Registration) -> bool:
    """The dossier could be copied into a new one (an upgrade, a re-evaluation: the workflow's `copy`), `user`'s role
    would file it, but the producer has its own account and files it itself (acts_for_the_producer): the page says why
    it offers no copy."""
    return (
        registration.status in sources("copy")
        and can_do(user, "copy")
        and product_holds_live_certificate(registration.product)
        and not acts_for_the_producer(user, registration)
    )


def ensure_can_act(user, action: str, registration: Registration) -> None:
    if not can_act(user, action, registration):
        raise PermissionDenied


def get_registration_for_user(user, pk: int, *, write: bool = False, action: str | None = None) -> Registration:
    """The registration if `user` may see it (404 otherwise); 403 when it may see but not do `action` (can_act: the
    role, and for the producer's own acts whether the user acts for this producer)."""
    registration = get_object_or_404(
        Registration.objects.for_user(user).select_related(
            "product__producer", "product__product_set", "round", "commune__parent", "criteria_version", "scorecard"
        ),
        pk=pk,
    )
    if action is not None:
        ensure_can_act(user, action, registration)
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


def _withdrawal_in_hand(user, registration: Registration) -> bool:
    """An officer's side holds the dossier (workflow.WITHDRAWN_FOR_THE_PRODUCER): a commune no longer once it has
    forwarded it. The producer's members and the administrator withdraw it wherever it is."""
    role = role_of(user)
    return role in {Role.PRODUCER, Role.ADMIN} or registration.status in WITHDRAWN_FOR_THE_PRODUCER.get(role, ())


def may_withdraw(user, registration: Registration) -> bool:
    """Withdrawing is the producer's decision: an officer records it only for a producer without an account of its
    own (acts_for_the_producer, as every act of the producer's) and only while its side holds the dossier
    (_withdrawal_in_hand). Otherwise officers return or reject, with their own reasons."""
    return _withdrawal_in_hand(user, registration) and acts_for_the_producer(user, registration)


def can_notify_result(user, registration: Registration, result=None) -> bool:
    """Province officers tell the results of their province's council, central officers those of the central one."""
    if not can_do(user, "notify_result") or registration.status not in sources("notify_result"):
        return False
    if registration.result_announced:
        return False
    result = result if result is not None else latest_result(registration)
    if result is None:
        return False
    return result_office(user, result)


def result_office(user, result) -> bool:
    """Whether `user` is of the OCOP office whose council took `result`: the province's for its council's, the
    ministry's for the central council's (and the administrator)."""
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role == (Role.CENTRAL_OFFICER if result.level == Level.CENTRAL else Role.PROVINCE_OFFICER)


def can_conclude_upgrade_kept(user, registration: Registration) -> bool:
    """A scored upgrade not above the star held (selectors.dossier.upgrade_kept) is concluded "không đạt" by the
    office that tells its result (can_notify_result's rule)."""
    if not can_do(user, "upgrade_kept"):
        return False
    result = latest_result(registration)
    return result is not None and upgrade_kept(registration, result) and result_office(user, result)


# Acts that need more than a role, a status and (`own` rows) acts_for_the_producer; each answers for the dossier.
_GUARDS = {
    "withdraw": _withdrawal_in_hand,
    "send_back": lambda user, registration: send_back_allowed(registration),
    # A 5★ product's re-evaluation goes to the ministry, every other dossier to the provincial council (Điều 7.6e).
    "mark_ready": lambda user, registration: not central_reevaluation(registration),
    "forward_central": lambda user, registration: (
        central_reevaluation_scored(registration)
        if registration.status == RegistrationStatus.SCORED
        else central_reevaluation(registration)
    ),
    "notify_result": can_notify_result,
    "upgrade_kept": can_conclude_upgrade_kept,
    # An upgrade or a re-evaluation copied from this dossier needs a certificate live today (Điều 6.1b, c).
    "copy": lambda user, registration: product_holds_live_certificate(registration.product),
}


def registration_actions_for(user, registration: Registration) -> dict[str, bool]:
    """What `user` may do to `registration` now, for every row of the workflow table that has roles: the role
    does it, the dossier is in one of its statuses, the producer's own acts are the user's to do for it
    (acts_for_the_producer, asked once) and the row's own guard (if any) agrees. Templates ask this."""
    allowed = {}
    for_the_producer = None
    for row in STEPS:
        if row.roles is None or row.name == "create":
            continue
        ok = registration.status in row.sources and can_do(user, row.name)
        if ok and row.own:
            if for_the_producer is None:
                for_the_producer = acts_for_the_producer(user, registration)
            ok = for_the_producer
        guard = _GUARDS.get(row.name)
        allowed[row.name] = bool(ok and (guard is None or guard(user, registration)))
    # Whether the role files dossiers at all (the list's "Đăng ký sản phẩm"); for whom is the form's product choice
    # (products.permissions.products_acted_for), and a copy of this dossier is the row "copy".
    allowed["create"] = can_do(user, "create")
    return allowed


def remedies_for(actions: dict[str, bool], blockers) -> list[str]:
    """The remedies (workflow.REMEDIES) of `blockers` (services.checks.Blocker) that the user whose `actions`
    (registration_actions_for) they are may do, each once, in the order they are done: the first is the dossier
    page's main button while the act they unblock is refused."""
    wanted = {blocker.remedy for blocker in blockers if blocker.remedy}
    return [remedy for remedy, row in REMEDIES.items() if remedy in wanted and actions.get(row)]


def can_print_form(user, form: str) -> bool:
    """Mẫu 01 and 02 are the producer's papers: everyone who sees the dossier may print them. Mẫu 03 is the
    commune's report to the province (Điều 7.2): officers print it, the producer does not."""
    if form == "03":
        return user.role != Role.PRODUCER
    return True


# Who reads the written result notice (D26 Điều 7.3g): those it is addressed to, the producer and the commune, and the
# offices that issue and oversee it (the province's OCOP office and viewers, the ministry's); the dossier's scope is
# its own. The advisory team and the council see the result where they work, not the office's letter.
NOTICE_READERS = frozenset(
    {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.VIEWER, Role.CENTRAL_OFFICER, Role.ADMIN}
)


def result_notices_for(user):
    """The notices of the dossiers `user` sees (Registration.objects.for_user), whoever may read them."""
    return ResultNotice.objects.filter(registration__in=Registration.objects.for_user(user))


def can_read_result_notices(user) -> bool:
    return user.is_authenticated and role_of(user) in NOTICE_READERS


def get_result_notice_for_user(user, pk: int) -> ResultNotice:
    """A written result notice: 404 outside the dossier's scope, 403 for a role that sees the dossier but is not among
    the notice's readers (NOTICE_READERS)."""
    notice = get_object_or_404(
        result_notices_for(user).select_related(
            "registration__round", "registration__commune__parent", "result", "issuer_unit"
        ),
        pk=pk,
    )
    if not can_read_result_notices(user):
        raise PermissionDenied
    return notice
