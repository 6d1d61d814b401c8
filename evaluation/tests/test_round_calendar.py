"""D26 Điều 5's calendar on a round's form (services.round_calendar.round_calendar_errors). The walk of the demo
planned a province's round 1 done after 30/06. A regular round (1 or 2) keeps to its level's calendar: province
30/4 → 30/6 and 30/10 → 30/12, central 30/7 → 30/9 and 30/01 → 30/3 (the next year); its proposals may be extended
within its slot, not past it. An extra round (3 and on) names the Quy chế and the plan it rests on."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.models import EvaluationRound
from evaluation.services.round_calendar import round_calendar_errors
from evaluation.tests.factories import criteria_version, province_round
from ocop.testing import form_as_shown

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    "level, year, number, due, done, refused",
    [
        ("province", 2027, 1, D(2027, 4, 30), D(2027, 6, 30), set()),
        ("province", 2027, 1, D(2027, 3, 15), D(2027, 5, 31), set()),  # earlier is within the slot
        ("province", 2027, 1, D(2027, 5, 15), D(2027, 6, 30), {"proposals_due"}),
        ("province", 2027, 1, D(2027, 4, 30), D(2027, 7, 1), {"done_by"}),
        ("province", 2027, 2, D(2027, 10, 30), D(2027, 12, 30), set()),
        ("province", 2027, 2, D(2027, 4, 15), D(2027, 6, 30), {"proposals_due"}),  # round 1's slot
        ("province", 2027, 2, D(2027, 11, 15), D(2027, 12, 31), {"proposals_due", "done_by"}),
        ("central", 2027, 1, D(2027, 7, 30), D(2027, 9, 30), set()),
        ("central", 2027, 1, D(2027, 1, 15), D(2027, 9, 30), {"proposals_due"}),  # still 2026's round 2
        ("central", 2027, 1, D(2027, 7, 30), D(2027, 10, 15), {"done_by"}),
        ("central", 2027, 2, D(2028, 1, 30), D(2028, 3, 30), set()),
        ("central", 2027, 2, D(2028, 2, 15), D(2028, 3, 30), {"proposals_due"}),
        ("province", 2027, 3, D(2027, 11, 15), D(2027, 12, 31), set()),  # an extra round: only its year
    ],
)
def test_it_knows_each_rounds_slot_of_the_calendar(level, year, number, due, done, refused):
    errors = round_calendar_errors(level=level, year=year, number=number, proposals_due=due, done_by=done)
    assert set(errors) == refused


def test_the_form_refuses_a_first_round_of_a_province_done_after_30_06_next_to_the_field(cast, login):
    criteria_version()
    typed = {"level": "province", "year": "2027", "number": "1", "proposals_due": "30/04/2027", "done_by": "15/07/2027"}
    response = login(cast.province_officer).post(reverse("evaluation:round_create"), typed)
    page = response.content.decode()
    assert response.status_code == 200 and not EvaluationRound.objects.exists()
    assert 'id="error_1_id_done_by"' in page and 'id="error_1_id_proposals_due"' not in page
    assert "đợt 1 cấp tỉnh năm 2027 phải hoàn thành trước 30/06/2027" in page
    assert 'value="30/04/2027"' in page and 'value="15/07/2027"' in page  # what was typed stays


def test_the_form_refuses_proposals_past_the_rounds_slot(cast, login):
    criteria_version()
    typed = {"level": "province", "year": "2027", "number": "1", "proposals_due": "31/05/2027", "done_by": "30/06/2027"}
    response = login(cast.province_officer).post(reverse("evaluation:round_create"), typed)
    page = response.content.decode()
    assert response.status_code == 200 and not EvaluationRound.objects.exists()
    assert 'id="error_1_id_proposals_due"' in page and 'value="31/05/2027"' in page
    assert "hạn nhận đề nghị phải từ 01/01/2027 đến 30/04/2027" in page


def test_the_ministrys_second_round_closes_early_the_next_year(cast, login):
    criteria_version()
    client = login(cast.central_officer)
    late = {"level": "central", "year": "2027", "number": "1", "proposals_due": "30/07/2027", "done_by": "31/10/2027"}
    response = client.post(reverse("evaluation:round_create"), late)
    assert response.status_code == 200 and "phải hoàn thành trước 30/09/2027" in response.content.decode()
    second = {"level": "central", "year": "2027", "number": "2"}
    assert client.post(reverse("evaluation:round_create"), second).status_code == 302
    created = EvaluationRound.objects.get()
    assert (created.proposals_due, created.done_by) == (D(2028, 1, 30), D(2028, 3, 30))


def test_a_date_refused_does_not_hide_what_the_calendar_says_of_the_rest(cast, login):
    # An extra round without its basis and with a mistyped deadline: only the date was refused; the basis was asked
    # for at the next submit, after the date had been corrected.
    criteria_version()
    typed = {"level": "province", "year": "2027", "number": "3", "proposals_due": "31/11/2027", "done_by": "15/03/2026"}
    response = login(cast.province_officer).post(reverse("evaluation:round_create"), typed)
    page = response.content.decode()
    assert response.status_code == 200 and not EvaluationRound.objects.exists()
    assert 'id="error_1_id_proposals_due"' in page and "không có ngày “31/11/2027”" in page
    assert 'id="error_1_id_basis"' in page and "Đợt bổ sung (đợt 3 trở đi) phải nêu căn cứ" in page
    assert 'id="error_1_id_done_by"' in page and "từ 01/01/2027 đến 31/12/2027" in page
    assert 'value="31/11/2027"' in page  # what was typed stays


def test_an_extra_round_names_the_quy_che_and_the_plan_it_rests_on(cast, login):
    criteria_version()
    client = login(cast.province_officer)
    typed = {"level": "province", "year": "2027", "number": "3", "proposals_due": "15/11/2027", "done_by": "31/12/2027"}
    response = client.post(reverse("evaluation:round_create"), typed)
    page = response.content.decode()
    assert response.status_code == 200 and not EvaluationRound.objects.exists()
    assert 'id="error_1_id_basis"' in page and "Đợt bổ sung (đợt 3 trở đi) phải nêu căn cứ" in page
    basis = "Quyết định 12/QĐ-UBND ban hành Quy chế; Kế hoạch 34/KH-UBND ngày 01/10/2027"
    assert client.post(reverse("evaluation:round_create"), typed | {"basis": basis}).status_code == 302
    extra = EvaluationRound.objects.get()
    assert (extra.number, extra.proposals_due, extra.basis) == (3, D(2027, 11, 15), basis)
    detail = client.get(reverse("evaluation:round_detail", args=[extra.pk])).content.decode()
    assert basis in detail
    edit = reverse("evaluation:round_update", args=[extra.pk])
    response = client.post(edit, form_as_shown(client.get(edit)) | {"basis": ""})
    assert response.status_code == 200 and 'id="error_1_id_basis"' in response.content.decode()


def test_an_extension_stays_within_the_rounds_slot(cast, login):
    evaluation_round = province_round(cast.province, year=2027, number=1)  # 30/04/2027 → 30/06/2027
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(proposals_due=D(2027, 4, 15))
    client = login(cast.province_officer)
    url = reverse("evaluation:round_update", args=[evaluation_round.pk])
    response = client.post(url, form_as_shown(client.get(url)) | {"proposals_due": "15/05/2027"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="error_1_id_proposals_due"' in page and 'value="15/05/2027"' in page
    assert "basis" not in response.context["form"].fields  # a regular round rests on Điều 5 itself
    evaluation_round.refresh_from_db()
    assert evaluation_round.proposals_due == D(2027, 4, 15)
    assert client.post(url, form_as_shown(client.get(url)) | {"proposals_due": "30/04/2027"}).status_code == 302
    evaluation_round.refresh_from_db()
    assert evaluation_round.proposals_due == D(2027, 4, 30)


def test_a_round_recorded_outside_the_calendar_is_still_renamed(cast, login):
    """Rounds recorded before the check keep their dates: a change of name is not refused for them."""
    evaluation_round = province_round(cast.province, year=2026, number=1)
    EvaluationRound.objects.filter(pk=evaluation_round.pk).update(done_by=D(2026, 7, 31))
    client = login(cast.province_officer)
    url = reverse("evaluation:round_update", args=[evaluation_round.pk])
    assert client.post(url, form_as_shown(client.get(url)) | {"title": "Đợt 1 năm 2026"}).status_code == 302
    evaluation_round.refresh_from_db()
    assert (evaluation_round.title, evaluation_round.done_by) == ("Đợt 1 năm 2026", D(2026, 7, 31))
