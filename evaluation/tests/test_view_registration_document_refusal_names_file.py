"""A refused file is named in the single upload form as in the batch: the single form said "nội dung tệp này không
hợp lệ" beside its field without saying which file, while the batch named it (one wording for both)."""

import pytest
from django.urls import reverse

from evaluation.models import DossierDocument
from evaluation.tests.factories import exe_renamed, registration_in

pytestmark = pytest.mark.django_db

REASON = "Chỉ nhận tệp PDF, JPEG, PNG; nội dung tệp này không hợp lệ."


def test_the_single_form_names_the_refused_file_beside_its_field(cast, login, private_media):
    registration = registration_in(cast)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(url, {"kind": "label", "file": exe_renamed("nhan-san-pham.pdf")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [f"Không nhận tệp “nhan-san-pham.pdf”: {REASON}"]
    assert not DossierDocument.objects.exists()


def test_the_batch_names_it_in_the_same_words_with_its_kind(cast, login, private_media):
    registration = registration_in(cast)
    url = reverse("evaluation:registration_documents", args=[registration.pk])
    response = login(cast.producer_owner).post(
        url, {"batch": "1", "batch-file_label": exe_renamed("nhan-san-pham.pdf")}, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [f"Không nhận tệp “nhan-san-pham.pdf” (Nhãn sản phẩm): {REASON}"]
