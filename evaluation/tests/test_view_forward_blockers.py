"""The commune officer sees, on the dossier's page before pressing "Chuyển cấp tỉnh", every condition still unmet for
forwarding: the forwarding revealed them one click at a time (Mẫu 03 missing, then "Hồ sơ đầy đủ" unticked, then
fewer than 5 samples), while the producer's page lists what is missing up front. The list is the service's own
(checks.forward_errors, which forward_check raises), never the conditions written twice."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport
from evaluation.services.transitions import registration_forward
from evaluation.tests.factories import registration_in, round_taking_proposals

pytestmark = pytest.mark.django_db

COMPLETE = "Mẫu 03 chưa xác nhận “Hồ sơ đầy đủ, hợp lệ”"
NAME = "Chưa xác nhận tên sản phẩm thống nhất"
SAMPLES = "Chưa nhận đủ 5 sản phẩm mẫu (Điều 6.2d): mới nhận 2."
NO_REPORT = "Cần lập báo cáo đánh giá của UBND xã (Mẫu 03) trước khi chuyển cấp tỉnh."


def _report(registration, **fields):
    values = {
        "dossier_complete": True,
        "local_raw_material": "a",
        "local_labour": "b",
        "idea_origin": "c",
        "local_identity": "d",
        "proposal": CommuneProposal.FORWARD,
        "name_consistent": True,
        "samples_received": 5,
        "letter_number": "125/UBND-NN",
        "letter_date": "2026-12-02",
    }
    values.update(fields)
    return CommuneReport.objects.create(registration=registration, **values)


def _blockers(client, registration) -> str:
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    start = page.find('data-testid="forward-blockers"')
    return page[start : page.find("</div>", start)] if start != -1 else ""


def test_the_page_lists_every_unmet_condition_before_the_click(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    _report(registration, dossier_complete=False, name_consistent=False, samples_received=2)
    listed = _blockers(login(cast.commune_officer), registration)
    assert COMPLETE in listed and NAME in listed and SAMPLES in listed


def test_the_service_refuses_with_the_same_whole_list(cast):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    _report(registration, dossier_complete=False, name_consistent=False, samples_received=2)
    with pytest.raises(ValidationError) as raised:
        registration_forward(registration=registration, by=cast.commune_officer)
    messages = raised.value.messages
    assert len(messages) == 3 and messages[2] == SAMPLES


def test_without_the_report_the_page_says_to_write_it(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    assert NO_REPORT in _blockers(login(cast.commune_officer), registration)


def test_nothing_is_listed_when_the_dossier_may_go(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    _report(registration)
    client = login(cast.commune_officer)
    assert _blockers(client, registration) == ""
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert reverse("evaluation:registration_forward", args=[registration.pk]) in page


def test_the_producer_is_not_shown_the_communes_list(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    assert _blockers(login(cast.producer_owner), registration) == ""
