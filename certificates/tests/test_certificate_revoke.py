"""Thu hồi in two acts by two officers (four eyes, issue 12.10): propose, then issue; or withdraw."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from certificates.choices import (
    CONCLUSION_GROUNDS,
    CertificateStatus,
    RevocationGround,
    RevocationStatus,
    conclusion_required,
)
from certificates.models import Revocation
from certificates.services.revocations import (
    certificate_revoke,
    certificate_revoke_propose,
    certificate_revoke_withdraw,
)
from certificates.tests.factories import CertificateFactory, DecisionFactory, agency_conclusion, checker_for
from ocop.models import AuditEvent, Notification
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cast):
    return CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )


def propose(certificate, by, **kw):
    """A proposal on đ made as the case of the commune's confirmation makes it, unless `kw` names another ground."""
    data = {"ground": RevocationGround.STOPPED_PRODUCTION, "detail": "Xã xác nhận đã ngừng sản xuất", **kw}
    if data["ground"] == RevocationGround.STOPPED_PRODUCTION:
        data.setdefault("commune_confirmed_on", certificate.issued_on)
    return certificate_revoke_propose(certificate=certificate, by=by, **data)


def issue(certificate, by, **kw):
    data = {"decision_number": "88/QĐ-UBND", "decision_date": timezone.localdate(), **kw}
    return certificate_revoke(certificate=certificate, by=by, **data)


def test_it_proposes_and_the_certificate_stays_live(cast, certificate):
    revocation = propose(certificate, cast.province_officer, detail="Xã xác nhận đã ngừng sản xuất")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert revocation.status == RevocationStatus.PROPOSED
    assert revocation.proposed_by == cast.province_officer and revocation.proposed_at is not None
    assert revocation.revoked_by is None and revocation.decision_number == "" and revocation.decision_date is None
    assert AuditEvent.objects.filter(action="certificate.revoke_propose", target_id=str(certificate.pk)).exists()
    assert not mail.outbox


def test_another_officer_issues_it_with_the_ground_and_notifies_the_producer(
    cast, certificate, django_capture_on_commit_callbacks
):
    propose(certificate, cast.province_officer, detail="Xã xác nhận đã ngừng sản xuất")
    issuer = checker_for(cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        revocation = issue(certificate, issuer)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.status_changed_on == timezone.localdate()
    certificate.product.refresh_from_db()
    assert certificate.product.status == "revoked"
    assert revocation.status == RevocationStatus.ISSUED and revocation.issued_at is not None
    assert revocation.ground == "dd" and revocation.decision_number == "88/QĐ-UBND"
    assert revocation.proposed_by == cast.province_officer and revocation.revoked_by == issuer
    event = AuditEvent.objects.get(action="certificate.revoke", target_id=str(certificate.pk))
    assert event.actor == issuer
    assert Notification.objects.filter(user=cast.producer_owner, message__contains="thu hồi").exists()
    assert len(mail.outbox) == 1 and "Thu hồi" in mail.outbox[0].subject
    assert "không còn sản xuất" in mail.outbox[0].body


def test_the_proposer_cannot_issue_it(cast, certificate):
    propose(certificate, cast.province_officer)
    with pytest.raises(ValidationError) as exc:
        issue(certificate, cast.province_officer)
    assert "nguyên tắc bốn mắt" in exc.value.messages[0]
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert Revocation.objects.get().status == RevocationStatus.PROPOSED


def test_it_cannot_issue_without_a_proposal(cast, certificate):
    with pytest.raises(ValidationError) as exc:
        issue(certificate, cast.province_officer)
    assert "Chưa có đề xuất thu hồi" in exc.value.messages[0]
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID and not Revocation.objects.exists()


def test_it_keeps_the_date_checks(cast, certificate):
    propose(certificate, cast.province_officer)
    issuer = checker_for(cast.province_officer)
    with pytest.raises(ValidationError) as exc:
        issue(certificate, issuer, decision_date=timezone.localdate() + timedelta(days=1))
    # Each refusal names the day allowed (today at the latest, the certificate's issue at the earliest).
    assert exc.value.message_dict["decision_date"] == [
        f"Ngày quyết định không thể sau hôm nay ({timezone.localdate():%d/%m/%Y})."
    ]
    with pytest.raises(ValidationError) as exc:
        issue(certificate, issuer, decision_date=certificate.issued_on - timedelta(days=1))
    assert exc.value.message_dict["decision_date"] == [
        f"Ngày thu hồi không thể trước ngày cấp giấy chứng nhận ({certificate.issued_on:%d/%m/%Y})."
    ]
    for typo in ("abc", "88 QĐ-UBND", "/QĐ-UBND"):  # quoted as typed by the public verification page
        with pytest.raises(ValidationError) as exc:
            issue(certificate, issuer, decision_number=typo)
        assert "decision_number" in exc.value.message_dict
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_a_second_proposal_ends_in_one_row_and_a_clear_message(cast, certificate):
    propose(certificate, cast.province_officer)
    with pytest.raises(ValidationError) as exc:
        propose(
            certificate,
            checker_for(cast.province_officer),
            ground=RevocationGround.UNTRUTHFUL,
            **agency_conclusion(certificate),
        )
    assert "đã có đề xuất thu hồi" in exc.value.messages[0]
    assert Revocation.objects.count() == 1 and Revocation.objects.get().ground == "dd"


def test_a_racing_second_proposal_is_refused_by_the_constraint(cast, certificate, monkeypatch):
    """Two tabs both pass the exists() check; the one-to-one column stops the second with the same message."""
    propose(certificate, cast.province_officer)
    from certificates.models import Revocation as Model

    real_filter = Model.objects.filter

    def blind(*args, **kwargs):  # the check sees nothing, as in the other request's transaction
        qs = real_filter(*args, **kwargs)
        return qs.none() if kwargs.keys() == {"certificate"} else qs

    monkeypatch.setattr(Model.objects, "filter", blind)
    with transaction.atomic(), pytest.raises(ValidationError) as exc:
        propose(certificate, checker_for(cast.province_officer))
    assert "đã có đề xuất thu hồi" in exc.value.messages[0]
    monkeypatch.undo()
    assert Revocation.objects.count() == 1


def test_it_cannot_revoke_twice(cast, certificate):
    propose(certificate, cast.province_officer)
    issuer = checker_for(cast.province_officer)
    issue(certificate, issuer)
    with pytest.raises(ValidationError) as exc:  # a double click's second copy says what happened
        issue(certificate, issuer, decision_number="89/QĐ-UBND")
    assert "đã bị thu hồi theo Quyết định số 88/QĐ-UBND" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        propose(certificate, cast.province_officer)
    assert Revocation.objects.count() == 1 and Revocation.objects.get().decision_number == "88/QĐ-UBND"


@pytest.mark.parametrize("who", ["proposer", "other"])
def test_the_proposer_or_another_officer_withdraws_it(cast, certificate, who):
    propose(certificate, cast.province_officer)
    by = cast.province_officer if who == "proposer" else checker_for(cast.province_officer)
    certificate_revoke_withdraw(certificate=certificate, by=by)
    assert not Revocation.objects.exists()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    event = AuditEvent.objects.get(action="certificate.revoke_withdraw", target_id=str(certificate.pk))
    assert event.actor == by
    # A new proposal may follow, and the withdrawn one can no longer be issued.
    with pytest.raises(ValidationError):
        issue(certificate, checker_for(cast.province_officer))
    propose(certificate, by, ground=RevocationGround.UNTRUTHFUL, **agency_conclusion(certificate))
    assert Revocation.objects.get().ground == "a"


def test_an_issued_revocation_cannot_be_withdrawn(cast, certificate):
    propose(certificate, cast.province_officer)
    issue(certificate, checker_for(cast.province_officer))
    with pytest.raises(ValidationError):
        certificate_revoke_withdraw(certificate=certificate, by=cast.province_officer)
    assert Revocation.objects.get().status == RevocationStatus.ISSUED


def test_five_stars_are_revoked_by_the_ministry_only(cast):
    c = CertificateFactory(product=ProductFactory(producer=cast.producer), star=5)
    with pytest.raises(PermissionDenied):
        propose(c, cast.province_officer)
    propose(c, cast.central_officer)
    with pytest.raises(PermissionDenied):
        issue(c, cast.province_officer)
    issue(c, checker_for(cast.central_officer))
    c.refresh_from_db()
    assert c.status == CertificateStatus.REVOKED


@pytest.mark.parametrize("star", [3, 4])
def test_three_and_four_stars_are_revoked_by_the_province_only(cast, certificate, star):
    """Điều 8.2a: the Chủ tịch UBND tỉnh revokes a 3★ or 4★ certificate; the ministry may only ask it to (10.1b)."""
    certificate.star = star
    certificate.save(update_fields=["star"])
    with pytest.raises(PermissionDenied):
        propose(certificate, cast.central_officer)
    propose(certificate, cast.province_officer)
    with pytest.raises(PermissionDenied):
        issue(certificate, checker_for(cast.central_officer))
    with pytest.raises(PermissionDenied):
        certificate_revoke_withdraw(certificate=certificate, by=cast.central_officer)
    issue(certificate, checker_for(cast.province_officer))
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED


@pytest.mark.parametrize("role", ["outsider", "viewer", "producer_owner", "commune_officer"])
def test_others_can_neither_propose_issue_nor_withdraw(cast, certificate, role):
    user = getattr(cast, role)
    with pytest.raises(PermissionDenied):
        propose(certificate, user)
    propose(certificate, cast.province_officer)
    with pytest.raises(PermissionDenied):
        issue(certificate, user)
    with pytest.raises(PermissionDenied):
        certificate_revoke_withdraw(certificate=certificate, by=user)
    assert Revocation.objects.get().status == RevocationStatus.PROPOSED


@pytest.mark.parametrize("ground", sorted(CONCLUSION_GROUNDS))
def test_a_ground_resting_on_an_agencys_conclusion_is_refused_without_it(cast, certificate, ground):
    """Điều 8.1a, c, e: the service itself (not only the certificate page's form) refuses them without the
    competent authority's conclusion, from which the 15 days of Điều 8.4 run."""
    with pytest.raises(ValidationError) as exc:
        propose(certificate, cast.province_officer, ground=ground, detail="Kết luận của Chi cục ATTP")
    assert "ground" in exc.value.message_dict
    assert not Revocation.objects.exists()


def test_a_ground_resting_on_a_conclusion_is_proposed_with_it_and_checked_by_the_one_check(cast, certificate):
    conclusion = {"agency": "Chi cục ATTP", "document_number": "12/KL-ATTP", "concluded_on": timezone.localdate()}
    with pytest.raises(ValidationError) as exc:
        propose(
            certificate,
            cast.province_officer,
            ground=RevocationGround.LAW_BREACH,
            **{**conclusion, "document_number": "KL 12", "concluded_on": timezone.localdate() + timedelta(days=1)},
        )
    assert {"document_number", "concluded_on"} <= set(exc.value.message_dict)
    assert exc.value.message_dict["concluded_on"] == [
        f"Ngày kết luận của cơ quan phải từ ngày cấp giấy chứng nhận ({certificate.issued_on:%d/%m/%Y}) "
        f"đến hôm nay ({timezone.localdate():%d/%m/%Y})."
    ]
    revocation = propose(certificate, cast.province_officer, ground=RevocationGround.LAW_BREACH, **conclusion)
    assert revocation.ground == "c" and "12/KL-ATTP" in revocation.detail and "Chi cục ATTP" in revocation.detail


@pytest.mark.parametrize(
    "ground,on_inspection,required",
    [
        ("a", False, True),
        ("a", True, False),  # Điều 8.1a "bị phát hiện": the OCOP office's own verification may find it
        ("b", False, False),
        ("c", False, True),
        ("c", True, True),  # "theo kết luận của cơ quan có thẩm quyền": another agency's, always
        ("d", False, False),
        ("dd", False, False),
        ("e", True, True),
    ],
)
def test_the_one_rule_of_what_a_ground_rests_on(ground, on_inspection, required):
    assert conclusion_required(ground, inspection_concluded=on_inspection) is required


def test_ground_a_is_proposed_on_the_offices_own_inspection_but_c_and_e_are_not(cast, certificate):
    day = timezone.localdate() - timedelta(days=2)
    for ground in (RevocationGround.LAW_BREACH, RevocationGround.OTHER):
        with pytest.raises(ValidationError) as exc:
            propose(certificate, cast.province_officer, ground=ground, inspection_concluded_on=day)
        assert "ground" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # neither an agency's conclusion nor an inspection's
        propose(certificate, cast.province_officer, ground=RevocationGround.UNTRUTHFUL)
    assert "ground" in exc.value.message_dict
    assert not Revocation.objects.exists()
    revocation = propose(
        certificate, cast.province_officer, ground=RevocationGround.UNTRUTHFUL, inspection_concluded_on=day
    )
    assert revocation.ground == "a"
