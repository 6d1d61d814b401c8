"""The producer's own acts on its dossier (the workflow rows with `own`: editing, submitting, supplying, withdrawing;
D26 Điều 7.1: the producer prepares its dossier, puts it in the system and answers for it). An officer does them
only for a producer that has no account of its own, whose paper dossier it types in; a producer with an account acts
itself, even on a dossier an officer typed in for it before it had one. One rule
(permissions.registrations.acts_for_the_producer) for the services, the transition service and the buttons."""

import pytest
from django.core.exceptions import PermissionDenied

from evaluation.choices import RegistrationStatus as S
from evaluation.models import DossierDocument, Registration
from evaluation.permissions.registrations import registration_actions_for
from evaluation.services.advisory import registration_request_supplement, registration_supply_supplement
from evaluation.services.documents import document_delete, document_upload
from evaluation.services.dossier import registration_update, selfassessment_save
from evaluation.services.transitions import registration_submit
from evaluation.services.workflow import registration_transition
from evaluation.tests.factories import (
    complete_dossier,
    criterion_by_number,
    paper_registration_in,
    pdf_upload,
    registration_in,
    round_taking_proposals,
)
from evaluation.workflow import STEPS
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db

# Filing a dossier, new or copied, is one too (test_registration_filing_for_the_producer.py).
OWN = {"create", "copy", "edit", "edit_round", "submit", "supply", "withdraw"}
OFFICERS = ("commune_officer", "province_officer", "central_officer")


def _status(registration):
    return Registration.objects.get(pk=registration.pk).status


def _typed_in_for_a_producer_with_an_account(cast, status):
    """Typed in by the commune's officer from the paper dossier, but the producer has an account to act with."""
    return registration_in(
        cast,
        status=status,
        entered_by_officer=True,
        created_by=cast.commune_officer,
        round=round_taking_proposals(cast),
    )


def _supplement_asked(cast, registration):
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Nhãn chưa đúng", document_kinds=["label"]
    )
    registration.refresh_from_db()
    return registration


def test_the_table_marks_the_producers_own_acts():
    assert {step.name for step in STEPS if getattr(step, "own", False)} == OWN


@pytest.mark.parametrize("officer", OFFICERS)
def test_no_officer_edits_or_submits_a_draft_for_a_producer_with_an_account(cast, officer, private_media):
    registration = _typed_in_for_a_producer_with_an_account(cast, S.DRAFT)
    by = getattr(cast, officer)
    c11 = criterion_by_number(registration.scorecard, "1.1")
    with pytest.raises(PermissionDenied):
        selfassessment_save(registration=registration, answers={c11.pk: None}, by=by)
    with pytest.raises(PermissionDenied):
        document_upload(registration=registration, kind="label", uploaded_file=pdf_upload("nhan.pdf"), by=by)
    with pytest.raises(PermissionDenied):
        registration_update(registration=registration, by=by, evaluation_round=registration.round)
    with pytest.raises(PermissionDenied):
        registration_submit(registration=registration, by=by)
    # Nor through the transition service itself, whatever calls it.
    with pytest.raises(PermissionDenied):
        registration_transition(registration=registration, verb="submit", by=by)
    assert _status(registration) == S.DRAFT
    assert not registration.answers.exists() and not registration.documents.exists()
    assert not AuditEvent.objects.filter(target_id=str(registration.pk)).exists()


def test_no_officer_deletes_the_producers_file(cast, private_media):
    registration = _typed_in_for_a_producer_with_an_account(cast, S.DRAFT)
    document = document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan.pdf"), by=cast.producer_owner
    )
    for officer in OFFICERS:
        with pytest.raises(PermissionDenied):
            document_delete(document=document, by=getattr(cast, officer))
    assert DossierDocument.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("officer", OFFICERS)
def test_no_officer_supplies_a_supplement_for_a_producer_with_an_account(cast, officer, private_media):
    registration = _supplement_asked(cast, registration_in(cast, status=S.ADVISORY_REVIEW))
    document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan-moi.pdf"), by=cast.producer_owner
    )
    with pytest.raises(PermissionDenied):
        registration_supply_supplement(registration=registration, by=getattr(cast, officer))
    assert _status(registration) == S.SUPPLEMENT_REQUESTED
    registration_supply_supplement(registration=registration, by=cast.producer_owner, note="Đã sửa nhãn")
    assert _status(registration) == S.ADVISORY_REVIEW


def test_the_producer_with_an_account_edits_and_submits_what_an_officer_typed_in(cast, private_media):
    registration = _typed_in_for_a_producer_with_an_account(cast, S.DRAFT)
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    assert _status(registration) == S.SUBMITTED


def test_the_commune_edits_and_submits_the_paper_dossier_of_a_producer_without_an_account(cast, private_media):
    registration = paper_registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.commune_officer)
    registration_submit(registration=registration, by=cast.commune_officer)
    assert _status(registration) == S.SUBMITTED


def test_the_province_supplies_the_supplement_of_a_producer_without_an_account(cast, private_media):
    registration = _supplement_asked(cast, paper_registration_in(cast, status=S.ADVISORY_REVIEW))
    document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan-moi.pdf"), by=cast.province_officer
    )
    registration_supply_supplement(registration=registration, by=cast.province_officer, note="Chủ thể gửi bản giấy")
    assert _status(registration) == S.ADVISORY_REVIEW


def test_a_producer_invited_since_acts_itself(cast):
    from evaluation.permissions.registrations import acts_for_the_producer

    registration = paper_registration_in(cast)
    assert acts_for_the_producer(cast.commune_officer, registration)
    registration.product.producer.members.add(cast.producer_owner)
    assert not acts_for_the_producer(cast.commune_officer, registration)
    # An account closed since: the officer types in for it again.
    cast.producer_owner.is_active = False
    cast.producer_owner.save(update_fields=["is_active"])
    assert acts_for_the_producer(cast.commune_officer, registration)


@pytest.mark.parametrize(
    "status,expected",
    [(S.DRAFT, {"edit", "edit_round", "submit", "withdraw"}), (S.SUPPLEMENT_REQUESTED, {"edit", "supply", "withdraw"})],
)
def test_the_buttons_follow_the_same_rule(cast, status, expected):
    with_account = _typed_in_for_a_producer_with_an_account(cast, status)
    paper = paper_registration_in(cast, status=status)
    for officer in OFFICERS:
        allowed = registration_actions_for(getattr(cast, officer), with_account)
        assert not any(allowed[name] for name in OWN - {"create"}), officer
    province = registration_actions_for(cast.province_officer, paper)
    assert {name for name in OWN - {"create"} if province[name]} == expected
    producer = registration_actions_for(cast.producer_owner, with_account)
    assert {name for name in OWN - {"create"} if producer[name]} == expected
