"""Mẫu 03's four local contents are a paragraph each of the commune's report (D26 Phụ lục III): a pasted 20,000
characters made a 13,000 px page and a six-page PDF. Refused beside the field, keeping the text."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.forms.registrations import LOCAL_CONTENT_MAX
from evaluation.models import CommuneReport
from evaluation.tests.factories import paper_registration_in, round_taking_proposals

pytestmark = pytest.mark.django_db

FINDINGS = {
    "dossier_complete": "on",
    "local_raw_material": "Dong riềng trồng tại xã",
    "local_labour": "12 lao động của xã",
    "idea_origin": "Nghề truyền thống",
    "local_identity": "Miến dong làng nghề",
    "proposal": "forward",
    "name_consistent": "on",
    "letter_number": "125/UBND-NN",
    "letter_date": "02/12/2026",
}


def test_a_local_content_longer_than_a_paragraph_is_refused_beside_its_field(cast, login):
    registration = paper_registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    client = login(cast.commune_officer)
    url = reverse("evaluation:registration_commune_report", args=[registration.pk])
    pasted = "Nguyên liệu thu mua của các hộ trong xã. " * 500  # ~20,000 characters
    response = client.post(url, {**FINDINGS, "local_labour": pasted})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"2. Sử dụng lao động địa phương: tối đa {LOCAL_CONTENT_MAX} ký tự (hiện có {len(pasted.strip())})" in page
    assert pasted.strip() in page  # what was typed is kept
    assert not CommuneReport.objects.filter(registration=registration).exists()
    assert 2000 >= LOCAL_CONTENT_MAX >= 1000  # a paragraph: the four keep the report to about two pages
    exactly = "x" * LOCAL_CONTENT_MAX
    assert client.post(url, {**FINDINGS, "local_labour": exactly}).status_code == 302
    assert CommuneReport.objects.get(registration=registration).local_labour == exactly
