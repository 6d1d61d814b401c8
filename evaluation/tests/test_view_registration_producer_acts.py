"""The pages of the producer's own acts (D26 Điều 7.1): an officer is offered editing, submitting and supplying only
for a producer without an account (its paper dossier); for a producer with an account it sees the dossier, no button
and why, and a direct request is refused (403). The producer's own pages are unchanged."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import DossierDocument, Registration
from evaluation.services.advisory import registration_request_supplement
from evaluation.services.documents import document_upload
from evaluation.tests.factories import (
    complete_dossier,
    paper_registration_in,
    pdf_upload,
    registration_in,
    round_taking_proposals,
)

pytestmark = pytest.mark.django_db

OFFICERS = ("commune_officer", "province_officer", "central_officer")
ITSELF = "Chủ thể đã có tài khoản nên tự hoàn thiện, nộp, bổ sung hoặc rút hồ sơ"


def _url(name, registration):
    return reverse(f"evaluation:{name}", args=[registration.pk])


def _status(registration):
    return Registration.objects.get(pk=registration.pk).status


def _with_an_account(cast, status=S.DRAFT):
    """Typed in by the commune's officer from the paper dossier; the producer has had an account since."""
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
    document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan-moi.pdf"), by=cast.producer_owner
    )
    return registration


@pytest.mark.parametrize("officer", OFFICERS)
def test_an_officer_is_offered_nothing_of_a_draft_of_a_producer_with_an_account(cast, login, officer, private_media):
    registration = _with_an_account(cast)
    complete_dossier(registration, cast.producer_owner)
    client = login(getattr(cast, officer))
    page = client.get(_url("registration_detail", registration)).content.decode()
    for name in ("registration_submit", "registration_edit", "registration_withdraw"):
        assert _url(name, registration) not in page, name
    assert ITSELF in page
    documents = client.get(_url("registration_documents", registration)).content.decode()
    assert 'data-testid="documents-locked"' in documents and ITSELF in documents
    assert 'name="file"' not in documents
    sheet = client.get(_url("registration_selfassessment", registration)).content.decode()
    assert "Lưu tự đánh giá" not in sheet


@pytest.mark.parametrize("officer", OFFICERS)
def test_an_officers_direct_requests_are_refused(cast, login, officer, private_media):
    registration = _with_an_account(cast)
    complete_dossier(registration, cast.producer_owner)
    document = registration.documents.first()
    client = login(getattr(cast, officer))
    assert client.post(_url("registration_submit", registration)).status_code == 403
    assert client.post(_url("registration_submit", registration), {"confirmed": "1"}).status_code == 403
    assert client.get(_url("registration_edit", registration)).status_code == 403
    assert client.post(_url("registration_edit", registration), {"round": ""}).status_code == 403
    assert client.post(_url("registration_selfassessment", registration), {}).status_code == 403
    upload = {"kind": "label", "file": pdf_upload("nhan.pdf"), "note": ""}
    assert client.post(_url("registration_documents", registration), upload).status_code == 403
    assert client.post(reverse("evaluation:document_delete", args=[document.pk])).status_code == 403
    assert _status(registration) == S.DRAFT
    assert DossierDocument.objects.filter(pk=document.pk).exists()
    assert not registration.documents.filter(original_name="nhan.pdf").exists()


def test_a_forbidden_act_is_403_whatever_the_dossiers_status(cast, login):
    """The account rule does not wait for the status: a submitted dossier's stale "Nộp" is refused the same way."""
    registration = _with_an_account(cast, S.SUBMITTED)
    response = login(cast.commune_officer).post(_url("registration_submit", registration), {"confirmed": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize("officer", ["province_officer", "central_officer", "commune_officer"])
def test_an_officer_does_not_supply_a_supplement_for_a_producer_with_an_account(cast, login, officer, private_media):
    registration = _supplement_asked(cast, registration_in(cast, status=S.ADVISORY_REVIEW))
    client = login(getattr(cast, officer))
    page = client.get(_url("registration_detail", registration)).content.decode()
    assert _url("registration_supply", registration) not in page
    assert client.get(_url("registration_supply", registration)).status_code == 403
    assert client.post(_url("registration_supply", registration), {"note": "Thay chủ thể"}).status_code == 403
    assert _status(registration) == S.SUPPLEMENT_REQUESTED


def test_the_producer_with_an_account_still_does_it_all(cast, login, private_media):
    registration = _with_an_account(cast)
    complete_dossier(registration, cast.producer_owner)
    client = login(cast.producer_owner)
    page = client.get(_url("registration_detail", registration)).content.decode()
    assert _url("registration_submit", registration) in page and ITSELF not in page
    assert 'name="file"' in client.get(_url("registration_documents", registration)).content.decode()
    assert client.post(_url("registration_submit", registration), {"confirmed": "1"}).status_code == 302
    assert _status(registration) == S.SUBMITTED
    supplied = _supplement_asked(cast, registration_in(cast, status=S.ADVISORY_REVIEW))
    assert _url("registration_supply", supplied) in client.get(_url("registration_detail", supplied)).content.decode()
    assert client.post(_url("registration_supply", supplied), {"note": "Đã sửa nhãn"}).status_code == 302
    assert _status(supplied) == S.ADVISORY_REVIEW


def test_the_commune_types_in_and_submits_for_a_producer_without_an_account(cast, login, private_media):
    registration = paper_registration_in(cast, round=round_taking_proposals(cast))
    complete_dossier(registration, cast.commune_officer)
    client = login(cast.commune_officer)
    page = client.get(_url("registration_detail", registration)).content.decode()
    assert _url("registration_submit", registration) in page and ITSELF not in page
    assert 'name="file"' in client.get(_url("registration_documents", registration)).content.decode()
    assert client.post(_url("registration_submit", registration), {"confirmed": "1"}).status_code == 302
    assert _status(registration) == S.SUBMITTED


def test_the_province_supplies_for_a_producer_without_an_account(cast, login, private_media):
    registration = paper_registration_in(cast, status=S.ADVISORY_REVIEW)
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Nhãn chưa đúng", document_kinds=["label"]
    )
    client = login(cast.province_officer)
    upload = {"kind": "label", "file": pdf_upload("nhan-moi.pdf"), "note": ""}
    assert client.post(_url("registration_documents", registration), upload).status_code == 302
    assert (
        _url("registration_supply", registration)
        in client.get(_url("registration_detail", registration)).content.decode()
    )
    assert client.post(_url("registration_supply", registration), {"note": "Bản giấy của chủ thể"}).status_code == 302
    assert _status(registration) == S.ADVISORY_REVIEW
