"""The access chokepoints of decisions and certificates: 404 outside the scope, 403 for who may see but not act."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ocop.choices import JobKind, Role
from ocop.models import AdministrativeUnit, AuditEvent, BackgroundJob, User

from .choices import PENDING_DECISION_STATUSES, AuditAction, IssuerLevel, RevocationStatus
from .models import Certificate, DecisionEntry, RecognitionDecision, Revocation
from .services.eligibility import DECIDABLE, eligible_results


def can_manage_decisions(user: User, *, issuer_level: str, issuer_unit_id: int | None) -> bool:
    """Province officers draft and issue their province's decisions (3–4★); the ministry's (5★) belong to
    central officers. Admins may do both. Viewers never write."""
    if not user.is_authenticated or user.is_read_only:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    if issuer_level == IssuerLevel.MINISTRY:
        return user.role == Role.CENTRAL_OFFICER
    if issuer_level == IssuerLevel.PROVINCE:
        return user.role == Role.PROVINCE_OFFICER and issuer_unit_id is not None and user.unit_id == issuer_unit_id
    return False


def decision_issuer_for(user: User) -> tuple[str, AdministrativeUnit | None] | None:
    """Whose decisions `user` drafts (the decision-draft page's rule): the province officer's province, or the
    ministry for central officers and administrators; None for everyone else, and for read-only users."""
    if not user.is_authenticated or user.is_read_only:
        return None
    if user.role == Role.PROVINCE_OFFICER and user.unit_id:
        return IssuerLevel.PROVINCE, user.unit
    if user.role in {Role.CENTRAL_OFFICER, Role.ADMIN} or user.is_superuser:
        return IssuerLevel.MINISTRY, None
    return None


def registration_actions(user: User, registration) -> list[dict]:
    """The dossier page's buttons into the recognition decision (evaluation.hooks.registration_actions), only while
    the dossier awaits its decision and only for the officer whose draft page takes its result (decision_issuer_for,
    eligible_results: the right issuer, a result no decision holds and no kept certificate bars): the draft with the
    result ticked. Once a draft or checked decision holds it, its issuer's officers are led to that decision."""
    if registration.status not in DECIDABLE or (issuer := decision_issuer_for(user)) is None:
        return []
    level, unit = issuer
    result = eligible_results(issuer_level=level, issuer_unit=unit).filter(registration=registration).first()
    if result is not None:
        url = f"{reverse('certificates:decision_create')}?{urlencode({'result': result.pk})}"
        return [{"label": _("Lập dự thảo quyết định công nhận"), "url": url, "testid": "decision-draft"}]
    entry = (
        DecisionEntry.objects.filter(registration=registration, decision__status__in=PENDING_DECISION_STATUSES)
        .select_related("decision")
        .first()
    )
    if entry is None or not can_manage_decisions(
        user, issuer_level=entry.decision.issuer_level, issuer_unit_id=entry.decision.issuer_unit_id
    ):
        return []
    url = reverse("certificates:decision_detail", args=[entry.decision_id])
    return [{"label": _("Mở dự thảo quyết định công nhận"), "url": url, "testid": "decision-pending"}]


def decision_written_by(user: User, decision: RecognitionDecision) -> str:
    """How `user` wrote what the decision says, which keeps them from checking and issuing it (four eyes): "drafted"
    it, "edited" its annex since (took a line out: the annex then says what they alone chose), or "" when neither.
    The second officer who took a line out and then checked and issued the draft decided that line alone."""
    if decision.created_by_id is not None and decision.created_by_id == user.pk:
        return "drafted"
    edited = AuditEvent.objects.filter(
        action=AuditAction.DECISION_ENTRY_REMOVE,
        target_type=ContentType.objects.get_for_model(RecognitionDecision),
        target_id=str(decision.pk),
        actor_id=user.pk,
    )
    return "edited" if user.pk is not None and edited.exists() else ""


def can_check_or_issue(user: User, decision: RecognitionDecision) -> bool:
    """The buttons' rule: a writer for this issuer who neither drafted it nor edited its annex."""
    return can_manage_decisions(
        user, issuer_level=decision.issuer_level, issuer_unit_id=decision.issuer_unit_id
    ) and not decision_written_by(user, decision)


def can_manage_certificate(user: User, certificate: Certificate) -> bool:
    """Revocation and corrections: the province's OCOP officers for 3–4★, the ministry for 5★ (Điều 8.2: the
    Chủ tịch UBND tỉnh revokes 3★ and 4★ certificates, the Minister 5★ ones; the ministry only asks the province to
    revoke a 3★ or 4★ one, Điều 10.1b)."""
    if not user.is_authenticated or user.is_read_only:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    if user.role == Role.CENTRAL_OFFICER:
        return certificate.star == 5
    if user.role != Role.PROVINCE_OFFICER or certificate.star == 5:
        return False
    return certificate.product.producer.commune.parent_id == user.province_id


def can_issue_revocation(user: User, proposal: Revocation | None) -> bool:
    """The issue form's rule: a pending proposal, made by someone else (four eyes)."""
    return proposal is not None and proposal.proposed_by_id != user.pk


def can_see_revocation(user: User, revocation: Revocation) -> bool:
    """Of a certificate `user` reads: the issued revocation (its decision, Điều 8.3c: sent to the producer and the
    agencies concerned) is for every reader; a pending proposal for the officials only, never the producer's."""
    return revocation.status == RevocationStatus.ISSUED or user.role != Role.PRODUCER


def can_record_historic(user: User) -> bool:
    return (
        user.is_authenticated
        and not user.is_read_only
        and (user.is_superuser or user.role in {Role.ADMIN, Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER})
    )


def can_complete_decision_papers(user: User, decision: RecognitionDecision) -> bool:
    """Who may fill in what a decision recorded from before this system lacks (its submission, its signer): whoever
    may record such decisions (can_record_historic), on one they can see (the chokepoint's scope)."""
    return decision.is_historic and can_record_historic(user)


def get_decision_for_user(user: User, pk: int, *, write: bool = False) -> RecognitionDecision:
    decision = get_object_or_404(RecognitionDecision.objects.for_user(user).select_related("issuer_unit"), pk=pk)
    if write and not can_manage_decisions(
        user, issuer_level=decision.issuer_level, issuer_unit_id=decision.issuer_unit_id
    ):
        raise PermissionDenied
    return decision


def get_certificate_for_user(user: User, pk: int, *, write: bool = False) -> Certificate:
    certificate = get_object_or_404(
        Certificate.objects.for_user(user).select_related("decision", "product__producer__commune"), pk=pk
    )
    if write and not can_manage_certificate(user, certificate):
        raise PermissionDenied
    return certificate


def get_zip_job_for_user(user: User, decision: RecognitionDecision, pk: int) -> BackgroundJob:
    """A ZIP job of this decision that `user` asked for (someone else's job is a 404)."""
    jobs = BackgroundJob.objects.filter(kind=JobKind.CERTIFICATES_ZIP, created_by=user, params__decision_id=decision.pk)
    return get_object_or_404(jobs, pk=pk)


def detail_pages() -> dict:
    """The decision and certificate pages (ocop.hooks.detail_pages): what each gives a user is
    what its `get_*_for_user` opens."""
    return {
        "certificates:decision_detail": RecognitionDecision.objects.for_user,
        "certificates:certificate_detail": Certificate.objects.for_user,
    }
