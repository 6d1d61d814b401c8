"""The access chokepoints of decisions and certificates: 404 outside the scope, 403 for who may see but not act."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ocop.choices import JobKind
from ocop.models import BackgroundJob, User

from .models import Certificate, RecognitionDecision
from .services.certificates import can_manage_certificate
from .services.decisions import can_manage_decisions


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
