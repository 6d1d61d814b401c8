"""A first-evaluation dossier offered the upgrade's documents ("Báo cáo thay đổi so với lần công nhận trước", "Giấy
chứng nhận OCOP đã được cấp") in its upload and supplement-request forms. D26 Điều 6.1: a first evaluation is Mẫu 01
and 02 (a); the upgrade's self-report shows the changes since recognition, with evidence (b); a re-evaluation
updates what changed since recognition (c). The two recognition documents are offered, and accepted, only for an
upgrade or a re-evaluation (services.documents.document_kind_fits); the domain reference gives a first evaluation
of a product whose certificate lapsed no place for its old certificate."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import DocumentKind as DK
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import DossierDocument, Registration
from evaluation.services.advisory import registration_request_supplement
from evaluation.services.documents import document_upload
from evaluation.tests.factories import pdf_upload, registration_in

pytestmark = pytest.mark.django_db

RECOGNITION = {DK.CHANGES_REPORT, DK.PREVIOUS_CERTIFICATE}
UNFIT = (
    "Loại tài liệu này chỉ dành cho hồ sơ nâng hạng hoặc đánh giá lại (Điều 6.1b, c), không dành cho hồ sơ "
    "đánh giá lần đầu."
)


def _offered(field) -> set:
    return {k for k, _label in field.choices}


@pytest.mark.parametrize("kind,offered", [(K.FIRST, False), (K.UPGRADE, True), (K.REEVALUATION, True)])
def test_the_upload_form_offers_the_recognition_documents_by_the_dossiers_kind(cast, login, kind, offered):
    registration = registration_in(cast, kind=kind)
    response = login(cast.producer_owner).get(reverse("evaluation:registration_documents", args=[registration.pk]))
    form, batch = response.context["form"], response.context["batch_form"]
    assert (RECOGNITION <= _offered(form.fields["kind"])) is offered
    assert bool(RECOGNITION & _offered(form.fields["kind"])) is offered
    assert bool({f"file_{k}" for k in RECOGNITION} & set(batch.fields)) is offered
    assert DK.LABEL in _offered(form.fields["kind"])


@pytest.mark.parametrize("kind,offered", [(K.FIRST, False), (K.UPGRADE, True), (K.REEVALUATION, True)])
def test_the_supplement_request_offers_them_by_the_dossiers_kind(cast, login, kind, offered):
    registration = registration_in(cast, kind=kind, status=S.ADVISORY_REVIEW)
    url = reverse("evaluation:registration_request_supplement", args=[registration.pk])
    form = login(cast.advisory_member).get(url).context["form"]
    assert bool(RECOGNITION & _offered(form.fields["document_kinds"])) is offered
    assert DK.LABEL in _offered(form.fields["document_kinds"])


def test_a_first_evaluation_refuses_an_upgrade_document_beside_the_kind(cast, login, private_media):
    registration = registration_in(cast)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(url, {"kind": DK.CHANGES_REPORT, "file": pdf_upload()})
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    with pytest.raises(ValidationError) as raised:
        document_upload(
            registration=registration, kind=DK.PREVIOUS_CERTIFICATE, uploaded_file=pdf_upload(), by=cast.producer_owner
        )
    assert raised.value.message_dict == {"kind": [UNFIT]}
    assert not DossierDocument.objects.filter(registration=registration).exists()


def test_an_upgrade_takes_them(cast, private_media):
    registration = registration_in(cast, kind=K.UPGRADE)
    document = document_upload(
        registration=registration, kind=DK.CHANGES_REPORT, uploaded_file=pdf_upload(), by=cast.producer_owner
    )
    assert document.kind == DK.CHANGES_REPORT


def test_the_service_refuses_to_ask_a_first_evaluation_for_them(cast):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    with pytest.raises(ValidationError) as raised:
        registration_request_supplement(
            registration=registration, by=cast.advisory_member, reason="Thiếu", document_kinds=[DK.PREVIOUS_CERTIFICATE]
        )
    assert raised.value.message_dict == {"document_kinds": [UNFIT]}
    assert Registration.objects.get(pk=registration.pk).status == S.ADVISORY_REVIEW
