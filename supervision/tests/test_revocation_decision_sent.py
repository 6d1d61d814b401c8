"""The revoking decision goes to "các cơ quan liên quan" (D26 Điều 8.3c), and the office that asked for it is one of
them: the ministry that asked the Chủ tịch UBND tỉnh to revoke a 3★/4★ recognition (Điều 10.1b), or whose own
inspection concluded the ground (Điều 9.4b), learns that the province revoked it. The office that revokes is not told
of its own decision."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import RevocationGround
from certificates.models import Revocation
from certificates.services.revocations import certificate_revoke
from certificates.tests.factories import checker_for
from ocop.models import Notification
from supervision import services
from supervision.choices import Outcome, SelectionReason, Severity
from supervision.models import RevocationCase

from .factories import certificate_for, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db


def _revoked_by_the_province(cast, case):
    if not Revocation.objects.filter(certificate=case.certificate).exists():  # the province's own finding proposes
        services.revocation_case_propose(case=case, by=cast.province_officer)
    certificate_revoke(
        certificate=case.certificate,
        decision_number="33/QĐ-UBND",
        decision_date=timezone.localdate(),
        by=checker_for(Revocation.objects.get(certificate=case.certificate).proposed_by),
    )
    url = reverse("certificates:certificate_detail", args=[case.certificate.pk])
    return set(Notification.objects.filter(url=url).values_list("user", flat=True))


def test_the_ministry_that_requested_the_revocation_is_sent_the_provinces_decision(cast):
    case = services.agency_conclusion_propose(
        certificate=certificate_for(cast, star=4),
        by=cast.central_officer,
        ground=RevocationGround.OTHER,
        agency="Bộ Nông nghiệp và Môi trường",
        document_number="45/BNNMT-KTHT",
        concluded_on=timezone.localdate() - dt.timedelta(days=3),
    )
    told = _revoked_by_the_province(cast, case)
    assert cast.central_officer.pk in told
    url = reverse("certificates:certificate_detail", args=[case.certificate.pk])
    note = Notification.objects.get(user=cast.central_officer, url=url)
    assert "33/QĐ-UBND" in note.text and case.certificate.number in note.text


def test_the_ministry_whose_inspection_found_the_ground_is_sent_the_provinces_decision(cast):
    certificate = certificate_for(cast, star=3)
    inspection = services.inspection_open_ad_hoc(
        certificate=certificate,
        reason=SelectionReason.AGENCY,
        detail="Bộ kiểm tra theo phản ánh.",
        inspectors=[cast.central_officer],
        scheduled_on=timezone.localdate(),
        by=cast.central_officer,
    )
    inspection = recorded(cast, inspection, items=with_finding(Severity.CRITICAL), by=cast.central_officer)
    services.inspection_conclude(
        inspection=inspection, by=cast.central_officer, outcome=Outcome.REVOKE, ground=RevocationGround.CRITERIA_NOT_MET
    )
    told = _revoked_by_the_province(cast, RevocationCase.objects.get(certificate=certificate))
    assert cast.central_officer.pk in told


def test_the_provinces_own_case_is_not_sent_to_the_ministry(cast):
    inspection = recorded(cast, scheduled(cast, certificate_for(cast, star=4)), items=with_finding(Severity.CRITICAL))
    services.inspection_conclude(
        inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.REVOKE, ground="b"
    )
    told = _revoked_by_the_province(cast, RevocationCase.objects.get(certificate=inspection.certificate))
    assert cast.commune_officer.pk in told
    assert cast.central_officer.pk not in told and cast.province_officer.pk not in told
