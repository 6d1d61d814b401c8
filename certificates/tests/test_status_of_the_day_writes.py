"""The morning after a certificate's last valid day, before the night's sweep (00:30) has stored it expired, the
certificate's page no longer offers to revoke or correct it (test_status_of_the_day_pages.py); the services refuse it
too, by its status of the day (Certificate.is_live_on, live_today_q), so a POST from a page opened yesterday or a
second tab does not go through. A certificate extended while its re-evaluation is pending (Điều 12.3) stays live.

The suite's pinned day (02/12/2026, 10:00) is the day after the certificates' last day (01/12/2026)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.choices import RevocationGround, RevocationStatus
from certificates.models import Certificate, Revocation
from certificates.services.certificates import certificate_correct
from certificates.services.revocations import certificate_revoke, certificate_revoke_propose

from .factories import checker_for, make_certificate, make_registration

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def lapsed(cast):
    """Its last day was yesterday, nothing filed: expired today, still stored "expiring" until the sweep."""
    assert timezone.localdate() == LAST_DAY + datetime.timedelta(days=1)
    return make_certificate(cast.producer, status=S.EXPIRING, valid_until=LAST_DAY)


@pytest.fixture
def extended(cast):
    """Its last day was yesterday, its re-evaluation filed in time and pending: extended today (Điều 12.3)."""
    certificate = make_certificate(cast.producer, status=S.EXPIRING, valid_until=LAST_DAY)
    make_registration(certificate.product, kind="reevaluation", status="returned")
    return certificate


def propose(certificate, by):
    return certificate_revoke_propose(
        certificate=certificate,
        by=by,
        ground=RevocationGround.STOPPED_PRODUCTION,
        detail="Xã xác nhận ngừng sản xuất",
        commune_confirmed_on=certificate.issued_on,
    )


def proposed(certificate, by) -> Revocation:
    """A proposal made while the certificate was still live (yesterday, on its last day)."""
    return Revocation.objects.create(
        certificate=certificate,
        status=RevocationStatus.PROPOSED,
        ground=RevocationGround.STOPPED_PRODUCTION,
        proposed_by=by,
        proposed_at=timezone.now() - datetime.timedelta(days=1),
        grounded_on=certificate.issued_on,  # the commune's confirmation, as a proposal records it (propose above)
    )


def issue(certificate, by):
    return certificate_revoke(
        certificate=certificate, by=by, decision_number="88/QĐ-UBND", decision_date=timezone.localdate()
    )


def test_a_certificate_expired_overnight_cannot_be_proposed_for_revocation(cast, lapsed):
    with pytest.raises(ValidationError, match="không còn hiệu lực"):
        propose(lapsed, cast.province_officer)
    assert not Revocation.objects.filter(certificate=lapsed).exists()


def test_an_extended_certificate_can_still_be_proposed_for_revocation(cast, extended):
    assert propose(extended, cast.province_officer).status == RevocationStatus.PROPOSED


def test_a_proposal_made_on_its_last_day_cannot_be_issued_once_it_expired(cast, lapsed):
    proposal = proposed(lapsed, checker_for(cast.province_officer))
    with pytest.raises(ValidationError, match="không còn hiệu lực"):
        issue(lapsed, cast.province_officer)
    lapsed.refresh_from_db()
    proposal.refresh_from_db()
    assert lapsed.status == S.EXPIRING  # left for the sweep to store expired, not revoked
    assert proposal.status == RevocationStatus.PROPOSED and proposal.decision_number == ""


def test_an_extended_certificate_is_revoked(cast, extended):
    proposed(extended, checker_for(cast.province_officer))
    issue(extended, cast.province_officer)
    assert Certificate.objects.get(pk=extended.pk).status == S.REVOKED


def correct(certificate, by):
    return certificate_correct(certificate=certificate, reason="Sai chính tả", by=by, producer_name="HTX Chè Tân Cương")


def test_a_certificate_expired_overnight_cannot_be_corrected(cast, lapsed):
    name = lapsed.producer_name
    with pytest.raises(ValidationError, match="không còn hiệu lực"):
        correct(lapsed, cast.province_officer)
    assert Certificate.objects.get(pk=lapsed.pk).producer_name == name


def test_an_extended_certificate_is_corrected(cast, extended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        correct(extended, cast.province_officer)
    assert Certificate.objects.get(pk=extended.pk).producer_name == "HTX Chè Tân Cương"
