"""The old-certificate endpoint takes who signed the decision, as the web form does (SignerForm and the service's
rules): recorded on the decision, and a capacity that stops at the authority signed for refused in the same answer as
the other refusals."""

import pytest
from django.urls import reverse

from certificates.models import Certificate

from .factories import certified_world

pytestmark = pytest.mark.django_db


def test_the_api_records_the_signer_and_refuses_a_bad_capacity_with_the_other_refusals(api, cast):
    world = certified_world(cast)
    caller = api.as_("province_write")
    url = reverse("api:certificate_historic_create")
    body = {
        "product": world["plain"].pk,
        "number": "15/GCN-UBND",
        "star": 3,
        "issuer_level": "district",
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
        "decision_number": "1427/QĐ-UBND",
        "decision_date": "2024-04-24",
        "legal_basis": "148/2023",
        "signer_title": "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn An",
    }
    refused = caller.post(url, {**body, "signer_title": "KT. CHỦ TỊCH", "star": 4})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"signer_title", "star"}
    response = caller.post(url, body)
    assert response.status_code == 201, response.content
    decision = Certificate.objects.get(pk=response.json()["id"]).decision
    assert (decision.signer_title, decision.signer_name) == ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn An")
