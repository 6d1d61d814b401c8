"""What the producer reads about a step: the e-mail says what happened (the notice's text) and what comes next,
and a reason belongs to its step only (a supplied dossier no longer shows the supplement's reason)."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.services import advisory
from evaluation.services.advisory import (
    registration_request_supplement,
    registration_supply_supplement,
)
from evaluation.services.documents import document_upload
from evaluation.services.transitions import registration_mark_ready
from evaluation.tests.factories import pdf_upload, registration_in

pytestmark = pytest.mark.django_db


def test_the_test_request_email_names_the_indicators_and_the_next_step(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        advisory.testrequest_create(registration=registration, by=cast.advisory_member, indicators="Hàm lượng HMF")
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "Hàm lượng HMF" in body and "Bước tiếp theo: Tổ tư vấn xem xét" in body


def test_a_supplied_dossier_no_longer_shows_the_supplement_reason(cast, login, private_media):
    registration = registration_in(cast, status=S.ADVISORY_REVIEW)
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Nhãn thiếu hạn sử dụng", document_kinds=["label"]
    )
    registration.refresh_from_db()
    assert registration.status_reason == "Nhãn thiếu hạn sử dụng"
    document_upload(registration=registration, kind="label", uploaded_file=pdf_upload(), by=cast.producer_owner)
    registration_supply_supplement(registration=registration, by=cast.producer_owner)
    registration_mark_ready(registration=registration, by=cast.advisory_member)
    registration.refresh_from_db()
    assert registration.status == S.READY_FOR_COUNCIL and registration.status_reason == ""
    html = (
        login(cast.producer_owner)
        .get(reverse("evaluation:registration_detail", args=[registration.pk]))
        .content.decode()
    )
    assert 'data-testid="status-reason"' not in html
    # The request and its answer stay in the advisory team's history on the page.
    assert "Nhãn thiếu hạn sử dụng" in html
