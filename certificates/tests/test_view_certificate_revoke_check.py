"""The revocation's issue step refuses an invalid number or date beside its field at the first submit, as the
service would after "Xác nhận thu hồi" (revocation_decision_check: one rule for both)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, RevocationStatus
from certificates.services.revocations import certificate_revoke_propose
from certificates.tests.factories import CertificateFactory, DecisionFactory, agency_conclusion, checker_for
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(cast):
    certificate = CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )
    certificate_revoke_propose(
        certificate=certificate, ground="a", by=cast.province_officer, **agency_conclusion(certificate)
    )
    return certificate


@pytest.mark.parametrize(
    "days,field,message",
    [
        (1, "decision_date", "Ngày quyết định không thể sau hôm nay (02/12/2026)."),
        (-101, "decision_date", "Ngày thu hồi không thể trước ngày cấp giấy chứng nhận (24/08/2026)."),
        # proposed today on an agency's conclusion of the certificate's issue day: not before the proposal
        (-1, "decision_date", "Ngày thu hồi không thể trước ngày đề xuất thu hồi (02/12/2026)."),
    ],
)
def test_an_invalid_date_is_refused_beside_the_field_before_any_confirmation(
    login, cast, proposed, days, field, message
):
    day = (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")
    url = reverse("certificates:certificate_revoke", args=[proposed.pk])
    response = login(checker_for(cast.province_officer)).post(
        url, {"decision_number": "1/QĐ-UBND", "decision_date": day}
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="confirm-step"' not in body
    assert response.context["form"].errors[field] == [message]
    assert 'value="1/QĐ-UBND"' in body and f'value="{day}"' in body
    proposed.refresh_from_db()
    assert proposed.status != CertificateStatus.REVOKED
    assert proposed.revocation.status == RevocationStatus.PROPOSED and proposed.revocation.decision_date is None


def test_a_malformed_number_is_refused_beside_the_field_before_any_confirmation(login, cast, proposed):
    url = reverse("certificates:certificate_revoke", args=[proposed.pk])
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = login(checker_for(cast.province_officer)).post(url, {"decision_number": "abc", "decision_date": today})
    assert 'data-testid="confirm-step"' not in response.content.decode()
    assert response.context["form"].errors["decision_number"] == [
        "Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND."
    ]


def test_a_missing_number_and_a_future_date_are_refused_at_once(login, cast, proposed):
    """The form's own refusal (the number left empty) used to keep the page from the service's check of the date until
    the next submit."""
    url = reverse("certificates:certificate_revoke", args=[proposed.pk])
    day = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = login(checker_for(cast.province_officer)).post(url, {"decision_number": "", "decision_date": day})
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="confirm-step"' not in body
    form = response.context["form"]
    assert form.errors["decision_number"] == ["Trường này là bắt buộc."]
    assert form.errors["decision_date"] == ["Ngày quyết định không thể sau hôm nay (02/12/2026)."]
    assert f'value="{day}"' in body
    proposed.refresh_from_db()
    assert proposed.status != CertificateStatus.REVOKED
