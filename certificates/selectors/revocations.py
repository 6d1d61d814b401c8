"""Reads for revocations (thu hồi): the pending proposal, the row, and who issues the revoking decision."""

from types import SimpleNamespace

from ocop.selectors import decision_issuer_name

from ..choices import IssuerLevel, RevocationStatus
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


def revocation_authority(certificate: Certificate) -> SimpleNamespace:
    """Who issues the decision revoking `certificate` (Điều 8.2): the Minister a 5★ one, the Chủ tịch UBND of the
    product's province today a 3★ or 4★ one (a former district's certificate included: districts are no more). As a
    decision names its issuer (`issuer_level`, `issuer_unit`, `issuer_name`), for the paper's heading, place and
    sentences (certificates.pdf) and for the number's sequence (revocation_issuer)."""
    if certificate.star == 5:
        return SimpleNamespace(
            issuer_level=IssuerLevel.MINISTRY,
            issuer_unit=None,
            issuer_unit_id=None,
            issuer_name=decision_issuer_name(None),
        )
    unit = certificate.province if certificate.province_id else None
    return SimpleNamespace(
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=unit,
        issuer_unit_id=certificate.province_id,
        issuer_name=decision_issuer_name(unit) if unit is not None else "",
    )


def revocation_issuer(certificate: Certificate) -> str:
    """The name of who issues the decision revoking `certificate` (revocation_authority)."""
    return revocation_authority(certificate).issuer_name
