"""The revoking decision comes after what it decides (Điều 8.3, 8.4): not before the proposal it issues, nor before the
finding the proposal rests on (another agency's conclusion, the OCOP office's inspection conclusion, the commune's
confirmation that production stopped), which the proposal keeps (Revocation.grounded_on). The decision was taken when
dated any day from the certificate's issue to today; each refusal stands beside the decision's date and writes
nothing, in revocation_decision_check, the one rule the page and certificate_revoke both ask."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.choices import CertificateStatus, RevocationGround, RevocationStatus
from certificates.models import Revocation
from certificates.services.revocations import certificate_revoke, certificate_revoke_propose, revocation_decision_check
from certificates.tests.factories import CertificateFactory, DecisionFactory, checker_for
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cast):
    return CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def basis(ground: str, on) -> dict:
    """What a proposal on `ground` rests on, dated `on`, as supervision passes it."""
    if ground == RevocationGround.STOPPED_PRODUCTION:
        return {"commune_confirmed_on": on}
    if ground in {RevocationGround.CRITERIA_NOT_MET, RevocationGround.MARK_MISUSE}:
        return {"inspection_concluded_on": on}
    return {"agency": "Chi cục Quản lý thị trường", "document_number": "12/KL-QLTT", "concluded_on": on}


def refused(certificate, by, day) -> dict:
    with pytest.raises(ValidationError) as info:
        certificate_revoke(certificate=certificate, decision_number="88/QĐ-UBND", decision_date=day, by=by)
    revocation = Revocation.objects.get(certificate=certificate)
    certificate.refresh_from_db()
    assert revocation.status == RevocationStatus.PROPOSED and revocation.decision_date is None  # nothing written
    assert certificate.status == CertificateStatus.VALID
    return info.value.message_dict


@pytest.mark.parametrize(
    "ground,words",
    [
        ("dd", "Ngày thu hồi không thể trước ngày UBND xã xác nhận chủ thể không còn sản xuất (27/11/2026)"),
        ("b", "Ngày thu hồi không thể trước ngày kết luận kiểm tra (27/11/2026)"),
        ("d", "Ngày thu hồi không thể trước ngày kết luận kiểm tra (27/11/2026)"),
        ("c", "Ngày thu hồi không thể trước ngày kết luận của cơ quan có thẩm quyền (27/11/2026)"),
        ("e", "Ngày thu hồi không thể trước ngày kết luận của cơ quan có thẩm quyền (27/11/2026)"),
        ("a", "Ngày thu hồi không thể trước ngày kết luận (27/11/2026)"),
    ],
)
def test_it_refuses_a_decision_dated_before_the_finding_the_proposal_rests_on(cast, certificate, ground, words):
    certificate_revoke_propose(
        certificate=certificate,
        ground=ground,
        detail="Phát hiện.",
        by=cast.province_officer,
        **basis(ground, days_ago(5)),
    )
    assert Revocation.objects.get().grounded_on == days_ago(5)
    errors = refused(certificate, checker_for(cast.province_officer), days_ago(6))
    assert set(errors) == {"decision_date"} and errors["decision_date"][0].startswith(words)


def test_it_refuses_a_decision_dated_before_the_proposal(cast, certificate):
    with time_machine.travel(timezone.now() - timedelta(days=3), tick=True):  # proposed on 29/11/2026
        certificate_revoke_propose(
            certificate=certificate,
            ground="dd",
            detail="Ngừng sản xuất.",
            by=cast.province_officer,
            **basis("dd", days_ago(10)),
        )
    checker = checker_for(cast.province_officer)
    errors = refused(certificate, checker, days_ago(4))
    assert errors == {"decision_date": ["Ngày thu hồi không thể trước ngày đề xuất thu hồi (29/11/2026)."]}
    assert revocation_decision_check(certificate=certificate, decision_number="88/QĐ-UBND", decision_date=days_ago(3))
    revocation = certificate_revoke(
        certificate=certificate, decision_number="88/QĐ-UBND", decision_date=days_ago(3), by=checker
    )
    assert revocation.decision_date == days_ago(3) and revocation.status == RevocationStatus.ISSUED


def test_a_decision_the_same_day_as_the_proposal_and_its_finding_passes(cast, certificate):
    certificate_revoke_propose(
        certificate=certificate, ground="b", detail="Phát hiện.", by=cast.province_officer, **basis("b", days_ago(0))
    )
    revocation = certificate_revoke(
        certificate=certificate,
        decision_number="88/QĐ-UBND",
        decision_date=timezone.localdate(),
        by=checker_for(cast.province_officer),
    )
    assert revocation.status == RevocationStatus.ISSUED


def test_a_proposal_on_record_without_its_findings_day_is_still_held_to_its_own(cast, certificate):
    """A proposal from before the finding's day was kept (grounded_on empty, nothing to fill it from): the officer who
    issues it types that day (test_revocation_grounded_on_asked.py); the proposal's own day still bounds the
    decision."""
    certificate_revoke_propose(
        certificate=certificate,
        ground="dd",
        detail="Ngừng sản xuất.",
        by=cast.province_officer,
        **basis("dd", days_ago(9)),
    )
    Revocation.objects.update(grounded_on=None)
    with pytest.raises(ValidationError) as info:
        certificate_revoke(
            certificate=certificate,
            decision_number="88/QĐ-UBND",
            decision_date=days_ago(1),
            by=checker_for(cast.province_officer),
            grounded_on=days_ago(20),
        )
    assert info.value.message_dict == {
        "decision_date": ["Ngày thu hồi không thể trước ngày đề xuất thu hồi (02/12/2026)."]
    }
