"""decision_papers_complete: a decision recorded from before this system without its submission (tờ trình) or its
signer is given them afterwards, only what it lacks, once (compare-and-swap), with an audit row; what was recorded
stays. A decision issued on this system is as it was signed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certificates.choices import IssuerLevel
from certificates.models import CertificatePdf, RecognitionDecision
from certificates.services.decision_papers import decision_papers_complete, decision_papers_missing
from certificates.tests.factories import DecisionFactory, historic_certificate
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db

SUBMISSION = {"submission_number": "12/TTr-SNN", "submission_date": date(2024, 4, 20)}
SIGNER = {"signer_title": "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "signer_name": "Hoàng Văn Minh"}


def recorded(cast, **kw) -> RecognitionDecision:
    return historic_certificate(cast, **kw).decision


def test_it_fills_in_a_missing_submission_and_signer(cast):
    decision = recorded(cast)
    assert decision_papers_missing(decision) == {
        "submission_number",
        "submission_date",
        "signer_title",
        "signer_name",
    }
    decision = decision_papers_complete(decision=decision, by=cast.province_officer, **SUBMISSION, **SIGNER)
    decision.refresh_from_db()
    assert (decision.submission_number, decision.submission_date) == ("12/TTr-SNN", date(2024, 4, 20))
    assert (decision.signer_title, decision.signer_name) == ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Hoàng Văn Minh")
    assert decision_papers_missing(decision) == set()
    audit = AuditEvent.objects.get(action="decision.complete_papers")
    assert audit.actor == cast.province_officer and audit.changes == {
        "submission_number": "12/TTr-SNN",
        "submission_date": "2024-04-20",
        **SIGNER,
    }


def test_it_leaves_what_was_recorded_and_fills_the_rest(cast):
    decision = recorded(cast, **SUBMISSION)
    assert decision_papers_missing(decision) == {"signer_title", "signer_name"}
    decision_papers_complete(decision=decision, by=cast.province_officer, **SIGNER)
    decision.refresh_from_db()
    assert decision.submission_number == "12/TTr-SNN" and decision.signer_name == "Hoàng Văn Minh"


def test_it_refuses_to_change_what_was_recorded(cast):
    decision = recorded(cast, **SUBMISSION)
    with pytest.raises(ValidationError) as refused:
        decision_papers_complete(
            decision=decision,
            by=cast.province_officer,
            submission_number="99/TTr-SNN",
            submission_date=date(2024, 4, 20),
            **SIGNER,
        )
    assert set(refused.value.message_dict) == {"submission_number"}
    decision.refresh_from_db()
    assert decision.submission_number == "12/TTr-SNN" and decision.signer_title == ""


def test_it_refuses_a_submission_as_at_issue_every_field_at_once(cast):
    decision = recorded(cast)
    with pytest.raises(ValidationError) as refused:
        decision_papers_complete(
            decision=decision,
            by=cast.province_officer,
            submission_number="12/QĐ-UBND",
            submission_date=date(2024, 5, 1),  # after the decision
            signer_name="Hoàng Văn Minh",  # with no capacity above it
        )
    errors = refused.value.message_dict
    assert set(errors) == {"submission_number", "submission_date", "signer_title"}
    assert "24/04/2024" in errors["submission_date"][0]
    decision.refresh_from_db()
    assert decision_papers_missing(decision) == {
        "submission_number",
        "submission_date",
        "signer_title",
        "signer_name",
    }


def test_it_refuses_nothing_given(cast):
    decision = recorded(cast)
    with pytest.raises(ValidationError, match="còn thiếu"):
        decision_papers_complete(decision=decision, by=cast.province_officer)


def test_a_second_officer_completing_it_meanwhile_is_refused(cast):
    decision = recorded(cast)
    stale = RecognitionDecision.objects.get(pk=decision.pk)
    decision_papers_complete(decision=decision, by=cast.province_officer, **SIGNER)
    with pytest.raises(ValidationError, match="người khác"):
        decision_papers_complete(
            decision=stale, by=cast.central_officer, signer_title="CHỦ TỊCH", signer_name="Lê Văn Ba"
        )
    decision.refresh_from_db()
    assert decision.signer_name == "Hoàng Văn Minh"
    assert AuditEvent.objects.filter(action="decision.complete_papers").count() == 1


def test_a_decision_issued_on_the_system_is_not_completed(cast):
    decision = DecisionFactory(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)
    with pytest.raises(PermissionDenied):
        decision_papers_complete(decision=decision, by=cast.province_officer, **SIGNER)


@pytest.mark.parametrize("role", ["viewer", "producer_owner", "commune_officer"])
def test_only_those_who_record_old_decisions(cast, role):
    decision = recorded(cast)
    with pytest.raises(PermissionDenied):
        decision_papers_complete(decision=decision, by=getattr(cast, role), **SIGNER)


def test_the_certificates_it_rendered_print_the_signer_in_a_new_version(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = recorded(cast)
    certificate = decision.certificates.get()
    assert certificate.pdf_versions.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        decision_papers_complete(decision=decision, by=cast.province_officer, **SIGNER)
    versions = CertificatePdf.objects.filter(certificate=certificate).order_by("version")
    assert [v.version for v in versions] == [1, 2] and versions[1].reason == "Bổ sung người ký của quyết định"
