"""The registration form (Mẫu 01) offers only the rounds still taking a new dossier: one past its proposals deadline
is shown disabled with the reason, and chosen anyway (a page opened earlier, a crafted post) it is refused beside the
field by services.checks.round_filing_refusal (the submission's rule too, round_submission_refusal); below the
select a round still taking dossiers says by when the producer files so that the commune can check it in time, or
that this day has passed; with none taking dossiers the form says what to do.
Roles: the producer files; an officer of another province is offered none of the province's rounds; a read-only
user is refused (403)."""

import re

import pytest
from django.urls import reverse

from evaluation.choices import RoundStatus
from evaluation.models import EvaluationRound, Registration
from evaluation.selectors.deadlines import round_file_by
from evaluation.services.checks import round_filing_refusal
from evaluation.tests.factories import make_product, province_round, round_taking_proposals, scorecard_for

pytestmark = pytest.mark.django_db
URL = reverse("evaluation:registration_create")


def _option(page: str, evaluation_round: EvaluationRound) -> str:
    select = re.search(r'<select name="round".*?</select>', page, re.S)
    assert select, page
    match = re.search(rf'<option value="{evaluation_round.pk}"[^>]*>[^<]*</option>', select.group(0))
    assert match, select.group(0)
    return match.group(0)


@pytest.fixture
def product(cast):
    product = make_product(cast.producer, "Miến dong Côn Minh")
    scorecard_for(product)
    return product


def test_it_shows_a_round_past_its_proposals_deadline_disabled_with_the_reason(cast, login, product):
    closed = province_round(cast.province)  # open, proposals until 30/10/2026; the tests' day is 02/12/2026
    taking = round_taking_proposals(cast)  # proposals until 30/04/2027
    page = login(cast.producer_owner).get(URL).content.decode()
    closed_option, taking_option = _option(page, closed), _option(page, taking)
    assert "disabled" in closed_option and "không còn nhận hồ sơ" in closed_option
    assert "disabled" not in taking_option and "30/04/2027" in taking_option
    # the producer's own deadline, said before the draft exists: 15 working days before 30/04/2027
    response = login(cast.producer_owner).get(URL)
    help_text = str(response.context["form"].fields["round"].help_text)
    file_by = round_file_by(taking)
    assert file_by < taking.proposals_due
    assert f"nộp hồ sơ cho UBND xã chậm nhất ngày {file_by:%d/%m/%Y}" in help_text


def test_it_refuses_a_round_past_its_proposals_deadline_beside_the_field(cast, login, product):
    closed = province_round(cast.province)
    round_taking_proposals(cast)
    response = login(cast.producer_owner).post(URL, {"product": product.pk, "kind": "first", "round": closed.pk})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["round"] == [round_filing_refusal(closed)] and "30/10/2026" in errors["round"][0]
    assert not Registration.objects.filter(product=product).exists()


def test_it_refuses_a_round_no_longer_open_by_the_submission_s_rule_not_as_an_invalid_choice(cast, login, product):
    evaluating = province_round(cast.province, year=2027, number=1, status=RoundStatus.EVALUATING)
    response = login(cast.producer_owner).post(URL, {"product": product.pk, "kind": "first", "round": evaluating.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["round"] == [round_filing_refusal(evaluating)]
    assert "không còn nhận hồ sơ" in response.context["form"].errors["round"][0]
    assert not Registration.objects.filter(product=product).exists()


def test_it_files_into_a_round_still_taking_dossiers(cast, login, product):
    taking = round_taking_proposals(cast)
    response = login(cast.producer_owner).post(URL, {"product": product.pk, "kind": "first", "round": taking.pk})
    registration = Registration.objects.get(product=product)
    assert response.status_code == 302 and registration.round == taking


def test_it_says_what_to_do_when_no_round_takes_dossiers(cast, login, product):
    province_round(cast.province)  # past its deadline: the only round
    response = login(cast.producer_owner).get(URL)
    help_text = str(response.context["form"].fields["round"].help_text)
    assert "chưa có đợt đánh giá nào còn nhận hồ sơ" in help_text
    assert "chờ cơ quan OCOP tỉnh mở đợt tới" in help_text and "30/04/2027" in help_text


def test_an_officer_of_another_province_is_offered_none_of_its_rounds(cast, login, product):
    taking = round_taking_proposals(cast)
    response = login(cast.outsider).get(URL)
    assert response.status_code == 200
    assert f'value="{taking.pk}"' not in response.content.decode()
    # nor may it file into that round by posting its id
    response = login(cast.outsider).post(URL, {"product": product.pk, "kind": "first", "round": taking.pk})
    assert response.status_code == 200 and not Registration.objects.exists()


def test_a_read_only_user_may_not_open_the_form(cast, login, product):
    round_taking_proposals(cast)
    assert login(cast.viewer).get(URL).status_code == 403
    assert login(cast.viewer).post(URL, {"product": product.pk, "kind": "first"}).status_code == 403
