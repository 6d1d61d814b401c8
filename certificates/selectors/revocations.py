"""Reads for revocations (thu hồi): the pending proposal, the row, and who issues the revoking decision."""

from ocop.selectors import decision_issuer_name

from ..choices import RevocationStatus
from ..models import Certificate, Revocation


def revocation_proposal_of(certificate: Certificate) -> Revocation | None:
    """The certificate's pending proposal of thu hồi, if any, read fresh (not from a cached relation)."""
    return (
        Revocation.objects.select_related("proposed_by")
        .filter(certificate=certificate, status=RevocationStatus.PROPOSED)
        .first()
    )


def revocation_of(certificate: Certificate) -> Revocation | None:
    """The certificate's revocation row (proposed or issued) with its proposer and issuer, in one query."""
    return Revocation.objects.select_related("proposed_by", "revoked_by").filter(certificate=certificate).first()


def revocation_issuer(certificate: Certificate) -> str:
    """Who issues the decision revoking `certificate` (Điều 8.2): the Minister a 5★ one, the Chủ tịch UBND of the
    product's province today a 3★ or 4★ one (a former district's certificate included: districts are no more)."""
    if certificate.star == 5:
        return decision_issuer_name(None)
    return decision_issuer_name(certificate.province) if certificate.province_id else ""
