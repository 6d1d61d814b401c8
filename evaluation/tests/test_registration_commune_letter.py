"""The commune's letter proposing the product to the province. D26 Điều 6.2a: the dossier the commune sends holds
"Văn bản của UBND cấp xã đề nghị UBND cấp tỉnh đánh giá, phân hạng sản phẩm OCOP" beside Mẫu 03 (6.2b), and Điều
7.2b has the commune issue both. The commune records its number and day with Mẫu 03; a dossier goes to the province
only with it, and the province reads it on the dossier's page."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport, Registration
from evaluation.services.checks import forward_errors
from evaluation.services.dossier import commune_report_save
from evaluation.services.transitions import registration_forward
from evaluation.tests.factories import paper_registration_in, round_taking_proposals

pytestmark = pytest.mark.django_db

MISSING = "Chưa ghi văn bản của UBND xã đề nghị UBND tỉnh đánh giá, phân hạng"
FINDINGS = {
    "dossier_complete": True,
    "local_raw_material": "Dong riềng trồng tại xã",
    "local_labour": "12 lao động của xã",
    "idea_origin": "Nghề truyền thống",
    "local_identity": "Miến dong của người Tày",
    "proposal": CommuneProposal.FORWARD,
    "name_consistent": True,
    "samples_received": 5,
}


def _submitted(cast):
    return paper_registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))


def test_a_dossier_goes_to_the_province_only_with_the_communes_letter(cast):
    registration = _submitted(cast)
    commune_report_save(registration=registration, by=cast.commune_officer, **FINDINGS)
    assert any(MISSING in message for message in forward_errors(registration))
    with pytest.raises(ValidationError):
        registration_forward(registration=registration, by=cast.commune_officer)
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED

    today = timezone.localdate()
    commune_report_save(
        registration=registration,
        by=cast.commune_officer,
        letter_number=" 125/UBND-NN ",
        letter_date=today,
        **FINDINGS,
    )
    assert CommuneReport.objects.get(registration=registration).letter_number == "125/UBND-NN"
    assert registration_forward(registration=registration, by=cast.commune_officer).status == S.FORWARDED


@pytest.mark.parametrize(
    ("number", "days", "field"),
    [
        ("125", 0, "letter_number"),  # no "số/ký hiệu"
        ("125/UBND-NN", 1, "letter_date"),  # a day to come
        ("125/UBND-NN", -30, "letter_date"),  # before the dossier was filed
        ("125/UBND-NN", None, "letter_date"),  # a number without its day
        ("", 0, "letter_number"),  # a day without its number
    ],
)
def test_a_wrong_letter_is_refused_beside_its_field(cast, number, days, field):
    registration = _submitted(cast)
    day = None if days is None else timezone.localdate() + dt.timedelta(days=days)
    with pytest.raises(ValidationError) as raised:
        commune_report_save(
            registration=registration, by=cast.commune_officer, letter_number=number, letter_date=day, **FINDINGS
        )
    assert field in raised.value.message_dict
    assert not CommuneReport.objects.filter(registration=registration).exists()  # nothing half-written


def test_the_form_keeps_what_was_typed_and_the_page_shows_the_letter(cast, login):
    registration = _submitted(cast)
    client = login(cast.commune_officer)
    url = reverse("evaluation:registration_commune_report", args=[registration.pk])
    data = {**FINDINGS, "dossier_complete": "on", "name_consistent": "on", "samples_received_on": ""}
    page = client.post(url, {**data, "letter_number": "125", "letter_date": "02/12/2026"}).content.decode()
    assert "dạng số/ký hiệu" in page and 'value="125"' in page
    response = client.post(url, {**data, "letter_number": "125/UBND-NN", "letter_date": "02/12/2026"})
    assert response.status_code == 302
    detail = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert "125/UBND-NN" in detail and "02/12/2026" in detail
