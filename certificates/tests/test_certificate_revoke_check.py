"""revocation_decision_check: the revoking decision's number and date, the one rule the revocation page asks before
its confirmation step and certificate_revoke before it writes; each refusal beside its field, both at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.services.revocations import certificate_revoke_propose, revocation_decision_check
from certificates.tests.factories import CertificateFactory, DecisionFactory, agency_conclusion
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


def test_the_check_refuses_number_and_date_together(proposed):
    with pytest.raises(ValidationError) as exc:
        revocation_decision_check(
            certificate=proposed, decision_number="1 QĐ", decision_date=timezone.localdate() + timedelta(days=1)
        )
    assert exc.value.message_dict == {
        "decision_number": ["Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND."],
        "decision_date": ["Ngày quyết định không thể sau hôm nay (02/12/2026)."],
    }
    assert (
        revocation_decision_check(
            certificate=proposed, decision_number=" 1/QĐ-UBND", decision_date=timezone.localdate()
        )
        == "1/QĐ-UBND"
    )
