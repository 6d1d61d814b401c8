"""A producer uploads the required documents in one go (issue 12 item 17): several files at once, one input per
kind, each file checked as a single upload is, each refused file named with its kind and reason."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import DossierDocument
from evaluation.models.registrations import CHECKLIST
from evaluation.selectors.dossier import missing_documents
from evaluation.tests.factories import exe_renamed, pdf_upload, registration_in, stored_files

pytestmark = pytest.mark.django_db


def _url(registration):
    return reverse("evaluation:registration_documents", args=[registration.pk])


def test_the_eight_required_documents_go_up_in_one_post(cast, login, private_media):
    registration = registration_in(cast)
    required = CHECKLIST[registration.kind]
    assert len(required) == 8
    data = {"batch": "1", **{f"batch-file_{kind}": pdf_upload(f"{kind}.pdf") for kind in required}}
    data["batch-file_label"] = [pdf_upload("nhan-truoc.pdf"), pdf_upload("nhan-sau.pdf")]  # several of one kind
    response = login(cast.producer_owner).post(_url(registration), data)
    assert response.status_code == 302
    assert DossierDocument.objects.filter(registration=registration).count() == 9
    assert set(DossierDocument.objects.filter(kind="label").values_list("original_name", flat=True)) == {
        "nhan-truoc.pdf",
        "nhan-sau.pdf",
    }
    assert missing_documents(registration) == []
    page = login(cast.producer_owner).get(response["Location"]).content.decode()
    assert "Đã tải lên 9 tệp." in page


def test_each_refused_file_is_named_and_the_others_are_kept(cast, login, private_media):
    registration = registration_in(cast)
    data = {
        "batch": "1",
        "batch-file_label": pdf_upload("nhan.pdf"),
        "batch-file_business_plan": exe_renamed("phuong-an.pdf"),
    }
    client = login(cast.producer_owner)
    page = client.get(client.post(_url(registration), data)["Location"]).content.decode()
    assert list(DossierDocument.objects.values_list("original_name", flat=True)) == ["nhan.pdf"]
    assert "Không nhận tệp “phuong-an.pdf” (" in page and "nội dung tệp này không hợp lệ" in page
    assert len(stored_files(private_media)) == 1  # the refused file left nothing behind


def test_an_empty_batch_says_so(cast, login, private_media):
    registration = registration_in(cast)
    response = login(cast.producer_owner).post(_url(registration), {"batch": "1"})
    assert response.status_code == 200 and "Chọn ít nhất một tệp để tải lên." in response.content.decode()
    assert not DossierDocument.objects.exists()


def test_the_page_offers_one_input_per_kind_accepting_several_files(cast, login):
    registration = registration_in(cast)
    page = login(cast.producer_owner).get(_url(registration)).content.decode()
    assert 'data-testid="batch-upload"' in page
    for kind in CHECKLIST[registration.kind]:
        assert f'name="batch-file_{kind}"' in page
    assert page.count("multiple") >= len(CHECKLIST[registration.kind])


@pytest.mark.parametrize("who,code", [("viewer", 403), ("advisory_member", 404), ("outsider", 404)])
def test_only_the_producer_side_uploads_in_a_batch(cast, login, private_media, who, code):
    registration = registration_in(cast)
    response = login(getattr(cast, who)).post(_url(registration), {"batch": "1", "batch-file_label": pdf_upload()})
    assert response.status_code == code
    assert not DossierDocument.objects.exists()


def test_anonymous_is_sent_to_login(cast, client, private_media):
    registration = registration_in(cast)
    response = client.post(_url(registration), {"batch": "1", "batch-file_label": pdf_upload()})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_batch_once_the_dossier_is_submitted(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED)
    page = login(cast.producer_owner).get(_url(registration)).content.decode()
    assert 'data-testid="batch-upload"' not in page


def test_an_empty_file_is_refused_alone_and_by_name(cast, login, private_media):
    """One empty file used to reject the whole batch with "Tập tin được gửi là rỗng.", naming no file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    registration = registration_in(cast)
    data = {
        "batch": "1",
        "batch-file_label": [pdf_upload("nhan.pdf"), SimpleUploadedFile("rong.pdf", b"")],
        "batch-file_business_plan": pdf_upload("phuong-an.pdf"),
    }
    client = login(cast.producer_owner)
    response = client.post(_url(registration), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert sorted(DossierDocument.objects.values_list("original_name", flat=True)) == ["nhan.pdf", "phuong-an.pdf"]
    assert "Đã tải lên 2 tệp." in page
    assert "Không nhận tệp “rong.pdf” (" in page and "Tệp rỗng." in page
