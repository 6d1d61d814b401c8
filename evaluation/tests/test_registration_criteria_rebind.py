"""D26 Điều 12.2 keeps the 2021–2025 rules only for a dossier filed (nộp) before 22/05/2026. A draft typed in under
148/2023 in April 2026 and first submitted afterwards is not submitted under them: the submission is refused, its
page warns before, and "Chuyển sang bộ tiêu chí hiện hành" moves it to the version in force (its scorecard, legal
basis, case), keeping its documents and clearing the answers given on the old criteria. The producer's signed
self-assessment report (Mẫu 02) of those answers was kept too, a signed form for answers that no longer exist: it is
now set aside (the dossier asks for it again; its stored file is kept and named by an audit row). A dossier filed
before that day keeps its rules, returned and submitted again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import DocumentKind
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import DossierDocument, Registration
from evaluation.selectors.dossier import missing_documents
from evaluation.services.dossier import registration_create, registration_update
from evaluation.services.rebind import registration_rebind
from evaluation.services.transitions import registration_return, registration_submit
from evaluation.tests.factories import (
    complete_dossier,
    criterion_by_number,
    province_round,
    round_taking_proposals,
    scorecard_for,
    small_scorecard,
)
from ocop.models import AuditEvent
from products.selectors import readable_changes
from products.tests.factories import ProducerFactory, make_product

pytestmark = pytest.mark.django_db

APRIL = dt.date(2026, 4, 10)  # 148/2023 in force
TODAY = dt.date(2026, 12, 2)  # D26 in force (the tests' day)


def at(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone()))


@pytest.fixture
def cards(cast):
    """The product's set with a 148/2023 scorecard and a D26 one."""
    product = make_product(cast.producer, "Miến dong Tân An", number=1)
    old = small_scorecard(legal_basis="148/2023", product_set=product.product_set)
    new = scorecard_for(product)
    return product, old, new


def _draft_in_april(cast, cards, time_machine, **kwargs):
    product, old, _new = cards
    at(time_machine, APRIL)
    evaluation_round = province_round(cast.province, year=2026, number=2)
    registration = registration_create(
        product=product, kind=K.FIRST, by=kwargs.get("by", cast.producer_owner), evaluation_round=evaluation_round
    )
    assert registration.scorecard_id == old.pk and registration.legal_basis == "148/2023"
    complete_dossier(registration, cast.producer_owner)
    return registration


def test_a_draft_typed_before_d26_is_not_submitted_under_the_old_criteria(cast, cards, time_machine, private_media):
    registration = _draft_in_april(cast, cards, time_machine)
    at(time_machine, TODAY)
    with pytest.raises(ValidationError) as refused:
        registration_submit(registration=registration, by=cast.producer_owner)
    message = " ".join(refused.value.messages)
    assert "Bộ tiêu chí đã thay đổi" in message and "22/05/2026" in message
    assert "QĐ 26/2026/QĐ-TTg" in message and "Chuyển sang bộ tiêu chí hiện hành" in message
    assert Registration.objects.get(pk=registration.pk).status == S.DRAFT


def test_moving_it_binds_the_version_in_force_keeps_documents_and_clears_answers(
    cast, cards, time_machine, private_media
):
    _product, old, new = cards
    registration = _draft_in_april(cast, cards, time_machine)
    documents = set(registration.documents.exclude(kind=DocumentKind.SELF_ASSESSMENT).values_list("pk", flat=True))
    evidence = DossierDocument.objects.filter(pk__in=documents).first()
    DossierDocument.objects.filter(pk=evidence.pk).update(criterion=criterion_by_number(old, "1.1"))
    at(time_machine, TODAY)

    done = registration_rebind(registration=registration, by=cast.producer_owner)

    registration.refresh_from_db()
    assert registration.scorecard_id == new.pk
    assert registration.criteria_version_id == new.version_id and registration.legal_basis == "26/2026"
    assert not registration.answers.exists()
    assert sorted(done.answers_cleared) == ["1.1", "1.2", "4.1", "6"]
    # Every document kept but the signed Mẫu 02 of the answers cleared.
    assert set(registration.documents.values_list("pk", flat=True)) == documents
    assert DossierDocument.objects.get(pk=evidence.pk).criterion_id is None  # no longer tied to an old criterion
    row = AuditEvent.objects.filter(action="registration.rebind").get()
    assert row.changes["legal_basis"] == ["148/2023", "26/2026"]
    # Answered again on the new scorecard, it is submitted under D26, into a round still taking proposals (its own,
    # round 2/2026, took them until 30/10/2026).
    complete_dossier(registration, cast.producer_owner)
    registration_update(
        registration=registration, by=cast.producer_owner, evaluation_round=round_taking_proposals(cast)
    )
    registration_submit(registration=registration, by=cast.producer_owner)
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED
    # Sent again: nothing left to move.
    with pytest.raises(ValidationError):
        registration_rebind(registration=registration, by=cast.producer_owner)


def test_the_signed_self_assessment_of_the_old_answers_is_set_aside_and_asked_again(
    cast, cards, time_machine, private_media, django_capture_on_commit_callbacks
):
    registration = _draft_in_april(cast, cards, time_machine)
    signed = registration.documents.get(kind=DocumentKind.SELF_ASSESSMENT)
    assert DocumentKind.SELF_ASSESSMENT not in missing_documents(registration)
    at(time_machine, TODAY)

    with django_capture_on_commit_callbacks(execute=True):
        done = registration_rebind(registration=registration, by=cast.producer_owner)

    assert done.documents_set_aside == [signed.original_name]
    assert not registration.documents.filter(kind=DocumentKind.SELF_ASSESSMENT).exists()
    assert DocumentKind.SELF_ASSESSMENT in missing_documents(registration)  # the checklist asks for it again
    registration.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        registration_submit(registration=registration, by=cast.producer_owner)
    assert str(DocumentKind.SELF_ASSESSMENT.label) in " ".join(refused.value.messages)
    # Written with the move, the audit row names the stored file, which is kept: the office can still retrieve it.
    row = AuditEvent.objects.get(action="registration.document_set_aside")
    assert row.target_id == str(registration.pk) and row.actor == cast.producer_owner
    assert row.changes["document"] == signed.pk and row.changes["sha256"] == signed.sha256
    assert row.changes["file"] == signed.file.name and default_storage.exists(signed.file.name)
    shown = readable_changes(Registration, row.changes, action=row.action)  # the history page: no storage path
    assert signed.original_name in str(shown) and signed.file.name not in str(shown)


def test_a_dossier_filed_before_d26_keeps_its_rules_when_submitted_again(cast, cards, time_machine, private_media):
    _product, old, _new = cards
    registration = _draft_in_april(cast, cards, time_machine)
    registration_submit(registration=registration, by=cast.producer_owner)
    at(time_machine, dt.date(2026, 4, 20))
    registration.refresh_from_db()
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu nhãn.")
    at(time_machine, dt.date(2026, 10, 1))  # D26 in force; its round still takes proposals (until 30/10/2026)
    registration.refresh_from_db()
    with pytest.raises(ValidationError):
        registration_rebind(registration=registration, by=cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.status == S.SUBMITTED and registration.scorecard_id == old.pk
    assert registration.legal_basis == "148/2023"


def test_the_page_warns_and_the_producer_moves_it(cast, cards, login, time_machine, private_media):
    registration = _draft_in_april(cast, cards, time_machine)
    at(time_machine, TODAY)
    client = login(cast.producer_owner)
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert 'data-testid="criteria-outdated"' in page and 'data-testid="rebind"' in page
    url = reverse("evaluation:registration_rebind", args=[registration.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and "Xác nhận chuyển bộ tiêu chí" in asked.content.decode()
    assert Registration.objects.get(pk=registration.pk).legal_basis == "148/2023"  # not before confirming
    done = client.post(url, {"confirmed": "1"}, follow=True)
    text = done.content.decode()
    assert "Đã xoá phần tự đánh giá theo bộ tiêu chí cũ" in text
    assert "Báo cáo tự đánh giá (Mẫu 02) đã ký theo bộ tiêu chí cũ được để riêng" in text
    assert Registration.objects.get(pk=registration.pk).legal_basis == "26/2026"
    assert 'data-testid="criteria-outdated"' not in text


@pytest.mark.parametrize(
    ("who", "code"),
    [("commune_officer", 403), ("province_officer", 403), ("other_producer", 404), ("outsider", 404)],
)
def test_who_else_may_move_it(cast, cards, login, time_machine, private_media, who, code):
    registration = _draft_in_april(cast, cards, time_machine)
    at(time_machine, TODAY)
    response = login(getattr(cast, who)).post(
        reverse("evaluation:registration_rebind", args=[registration.pk]), {"confirmed": "1"}
    )
    assert response.status_code == code
    assert Registration.objects.get(pk=registration.pk).legal_basis == "148/2023"


def test_the_officer_who_typed_a_paper_dossier_in_moves_it(cast, login, time_machine, private_media):
    producer = ProducerFactory(name="HTX Hương Rừng", commune=cast.commune)
    product = make_product(producer, "Mật ong rừng Hương Rừng", number=1)
    small_scorecard(legal_basis="148/2023", product_set=product.product_set)
    new = scorecard_for(product)
    at(time_machine, APRIL)
    registration = registration_create(
        product=product,
        kind=K.FIRST,
        by=cast.commune_officer,
        evaluation_round=province_round(cast.province, year=2026, number=2),
    )
    at(time_machine, TODAY)
    url = reverse("evaluation:registration_rebind", args=[registration.pk])
    assert login(cast.producer_owner).post(url, {"confirmed": "1"}).status_code == 404  # not its producer
    response = login(cast.commune_officer).post(url, {"confirmed": "1"})
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).scorecard_id == new.pk


def test_a_case_the_new_scorecard_asks_is_chosen_before_submitting(cast, cards, time_machine, private_media):
    _product, _old, new = cards
    registration = _draft_in_april(cast, cards, time_machine)
    new.has_case_variants = True
    new.save(update_fields=["has_case_variants"])
    at(time_machine, TODAY)
    done = registration_rebind(registration=registration, by=cast.producer_owner)
    registration = done.registration
    assert done.case_needed and registration.case_variant == 0
    complete_dossier(registration, cast.producer_owner)
    with pytest.raises(ValidationError) as refused:
        registration_submit(registration=registration, by=cast.producer_owner)
    assert "Trường hợp 1 hoặc Trường hợp 2" in " ".join(refused.value.messages)
