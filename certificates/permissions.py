"""The access chokepoints of decisions and certificates: 404 outside the scope, 403 for who may see but not act."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ocop.choices import JobKind, Role
from ocop.models import BackgroundJob, User

from .choices import IssuerLevel
from .models import Certificate, RecognitionDecision, Revocation


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


def can_check_or_issue(user: User, decision: RecognitionDecision) -> bool:
    """The buttons' rule: a writer for this issuer who did not draft it."""
    return (
        can_manage_decisions(user, issuer_level=decision.issuer_level, issuer_unit_id=decision.issuer_unit_id)
        and decision.created_by_id != user.pk
    )


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


def can_record_historic(user: User) -> bool:
    return (
        user.is_authenticated
        and not user.is_read_only
        and (user.is_superuser or user.role in {Role.ADMIN, Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER})
    )


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
