"""The decision's signer is given as the report's is (certificates.forms.SignerForm): a capacity that ends on the
authority signed for, with no title of the signer, is refused beside its field and kept."""

import pytest
from django.urls import reverse

from certificates.models import RecognitionDecision
from certificates.tests.factories import result_for

pytestmark = pytest.mark.django_db


def test_a_capacity_without_the_signer_s_title_is_refused_beside_it(cast, login):
    r1 = result_for(cast.producer)
    response = login(cast.province_officer).post(
        reverse("certificates:decision_create"),
        {"results": [r1.pk], "signer_name": "Nguyễn Văn Ký", "signer_title": "KT. CHỦ TỊCH"},
    )
    assert response.status_code == 200 and not RecognitionDecision.objects.exists()
    assert any("ghi cả chức vụ" in e for e in response.context["form"].errors["signer_title"])
    assert 'value="KT. CHỦ TỊCH"' in response.content.decode()
