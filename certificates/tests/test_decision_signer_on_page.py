"""The decision page names its signer as the paper does: the capacity's lines, then the person. Written on one line
as "KT. Chủ tịch — Phó Chủ tịch UBND tỉnh Nguyễn Văn Thành" the name read as part of the province's."""

import re

import pytest
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.services.decisions import decision_create
from certificates.tests.factories import result_for

pytestmark = pytest.mark.django_db


def test_the_signer_s_capacity_lines_come_before_the_name(cast, login):
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer, name="Gạo ST25 Sóc Trăng")],
    )
    draft.signer_title = "KT. Chủ tịch — Phó Chủ tịch UBND tỉnh"
    draft.signer_name = "Nguyễn Văn Thành"
    draft.save(update_fields=["signer_title", "signer_name"])
    html = login(cast.province_officer).get(reverse("certificates:decision_detail", args=[draft.pk])).content.decode()
    assert "UBND tỉnh Nguyễn Văn Thành" not in html
    signer = re.search(r'data-testid="decision-signer">(.*?)</dd>', html, re.S).group(1)
    lines = [re.sub(r"<[^>]+>", "", line).strip() for line in re.split(r"<br\s*/?>", signer)]
    assert lines == ["KT. Chủ tịch", "Phó Chủ tịch UBND tỉnh", "Nguyễn Văn Thành"]
