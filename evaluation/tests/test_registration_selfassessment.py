"""Mẫu 02: the producer's choices per criterion, the running total and the star it would give."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.choices import FROZEN_STATUSES
from evaluation.choices import RegistrationStatus as S
from evaluation.models import Option, SelfAssessmentAnswer
from evaluation.selectors.registrations import selfassessment_sheet
from evaluation.services.advisory import registration_request_supplement
from evaluation.services.dossier import selfassessment_save
from evaluation.tests.factories import criterion_by_number, registration_in

pytestmark = pytest.mark.django_db


def _option(card, number, points):
    return Option.objects.get(criterion=criterion_by_number(card, number), points=points)


def test_it_totals_the_answers_and_gives_the_band(cast):
    registration = registration_in(cast)
    card = registration.scorecard
    total = selfassessment_save(
        registration=registration,
        by=cast.producer_owner,
        answers={
            criterion_by_number(card, "1.1").pk: _option(card, "1.1", 20).pk,
            criterion_by_number(card, "1.2").pk: _option(card, "1.2", 10).pk,
            criterion_by_number(card, "4.1").pk: _option(card, "4.1", 25).pk,
            criterion_by_number(card, "6").pk: "none",
        },
    )
    assert total == 55
    sheet = selfassessment_sheet(registration)
    assert sheet["total"] == 55 and sheet["star"] == 3 and sheet["answered"] == 4


def test_it_changes_an_answer_in_place_and_audits_the_change(cast):
    from ocop.models import AuditEvent

    registration = registration_in(cast)
    card = registration.scorecard
    c11 = criterion_by_number(card, "1.1")
    selfassessment_save(
        registration=registration, by=cast.producer_owner, answers={c11.pk: _option(card, "1.1", 10).pk}
    )
    selfassessment_save(
        registration=registration, by=cast.producer_owner, answers={c11.pk: _option(card, "1.1", 20).pk}
    )
    assert SelfAssessmentAnswer.objects.get(registration=registration, criterion=c11).points == 20
    last = AuditEvent.objects.filter(action="registration.selfassessment").first()
    assert last.changes == {"1.1": [10, 20]}


def test_it_refuses_an_option_of_another_criterion(cast):
    registration = registration_in(cast)
    card = registration.scorecard
    with pytest.raises(ValidationError):
        selfassessment_save(
            registration=registration,
            by=cast.producer_owner,
            answers={criterion_by_number(card, "1.1").pk: _option(card, "4.1", 25).pk},
        )
    assert not SelfAssessmentAnswer.objects.exists()


@pytest.mark.parametrize("status", sorted(FROZEN_STATUSES | {S.SUBMITTED}))
def test_it_refuses_edits_while_frozen(cast, status):
    registration = registration_in(cast, status=status)
    card = registration.scorecard
    with pytest.raises(ValidationError):
        selfassessment_save(
            registration=registration,
            by=cast.producer_owner,
            answers={criterion_by_number(card, "1.1").pk: _option(card, "1.1", 20).pk},
        )
    assert not SelfAssessmentAnswer.objects.exists()


def test_during_a_supplement_only_the_named_criteria_change(cast):
    registration = registration_in(cast)
    card = registration.scorecard
    c11, c12 = criterion_by_number(card, "1.1"), criterion_by_number(card, "1.2")
    selfassessment_save(
        registration=registration,
        by=cast.producer_owner,
        answers={c11.pk: _option(card, "1.1", 10).pk, c12.pk: _option(card, "1.2", 10).pk},
    )
    registration.status = S.ADVISORY_REVIEW
    registration.save()
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Xem lại 1.1", criteria=[c11]
    )
    registration.refresh_from_db()
    with pytest.raises(ValidationError, match="Chỉ được sửa"):
        selfassessment_save(
            registration=registration, by=cast.producer_owner, answers={c12.pk: _option(card, "1.2", 20).pk}
        )
    # Re-sending the unchanged answer of another criterion is not a change.
    selfassessment_save(
        registration=registration,
        by=cast.producer_owner,
        answers={c11.pk: _option(card, "1.1", 20).pk, c12.pk: _option(card, "1.2", 10).pk},
    )
    points = dict(
        SelfAssessmentAnswer.objects.filter(registration=registration).values_list("criterion__number", "points")
    )
    assert points == {"1.1": 20, "1.2": 10}


def test_it_refuses_viewers(cast):
    registration = registration_in(cast)
    with pytest.raises(PermissionDenied):
        selfassessment_save(registration=registration, by=cast.viewer, answers={})


def test_a_yes_no_criterion_printed_with_options_keeps_the_same_choice_on_the_sheet(cast):
    """ "yes" on a yes/no criterion that also has its 0/max options stored is saved as the option, so the
    sheet's radios (and the page's running total) agree with the dossier's total."""
    from evaluation.forms.registrations import SelfAssessmentForm

    registration = registration_in(cast)
    criterion = criterion_by_number(registration.scorecard, "1.2")
    criterion.is_yes_no = True
    criterion.max_points = 10
    criterion.save()
    Option.objects.filter(criterion=criterion).exclude(points__in=[0, 10]).delete()
    top = _option(registration.scorecard, "1.2", 10)
    assert selfassessment_save(registration=registration, by=cast.producer_owner, answers={criterion.pk: "yes"}) == 10
    answer = SelfAssessmentAnswer.objects.get(registration=registration, criterion=criterion)
    assert (answer.option_id, answer.points) == (top.pk, 10)
    # A row saved earlier without its option still shows the option worth its points.
    SelfAssessmentAnswer.objects.filter(pk=answer.pk).update(option=None)
    form = SelfAssessmentForm(sheet=selfassessment_sheet(registration))
    assert form.fields[f"c_{criterion.pk}"].initial == str(top.pk)


def test_the_dossier_page_gives_no_star_before_any_criterion_is_scored(cast, login, private_media):
    """0 / 100 "tương ứng 1 ★" on a new dossier read as a result; the page says nothing is scored yet."""
    from django.urls import reverse

    from evaluation.tests.factories import complete_dossier

    registration = registration_in(cast)
    client = login(cast.producer_owner)
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert 'data-testid="self-total-empty"' in page and 'data-testid="self-total"' not in page
    complete_dossier(registration, cast.producer_owner)
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    assert 'data-testid="self-total"' in page and 'data-testid="self-total-empty"' not in page


def test_a_one_point_criterion_reads_one_point_in_english(cast, login):
    # The English Mẫu 02 read "(1 points)" and "Yes (1 points)" for the many one-point criteria.
    from django.urls import reverse

    from evaluation.models import Criterion

    registration = registration_in(cast)
    criterion = criterion_by_number(registration.scorecard, "1.1")
    criterion.options.all().delete()
    Criterion.objects.filter(pk=criterion.pk).update(max_points=1, is_yes_no=True)
    client = login(cast.producer_owner)
    client.cookies["django_language"] = "en"
    url = reverse("evaluation:registration_selfassessment", args=[registration.pk])
    page = " ".join(client.get(url).content.decode().split())
    assert 'Nguồn nguyên liệu <span class="text-muted">(1 point)</span>' in page and "Yes (1 point)" in page
    assert "(1 points)" not in page and "(20 points)" in page


def test_the_running_star_on_the_page_uses_the_servers_bands(cast, login):
    """The page's script banded the running total with thresholds of its own (90/70/50/30 written in the script):
    it reads them from the page now, given there from the one rule (`star_rule.BANDS`)."""
    import json
    import re

    from django.urls import reverse

    from evaluation.services.star_rule import BANDS

    registration = registration_in(cast)
    html = login(cast.producer_owner).get(reverse("evaluation:registration_selfassessment", args=[registration.pk]))
    found = re.search(r'<script id="sa-bands" type="application/json">(.*?)</script>', html.content.decode())
    assert found, "the page gives the script no bands"
    assert json.loads(found.group(1)) == [[str(lower), star] for lower, star in BANDS]


def test_a_conditional_criterion_counts_zero_in_the_self_assessment_as_on_the_councils_sheet(cast):
    """ "Chỉ áp dụng khi…" (5.2 needs the product story of 5.1) is a rule of the scorecard: the council's sheet
    counted such a criterion 0 while its condition scored 0, the producer's Mẫu 02 counted it in full, so the
    self-assessed total (and star) promised more than the same answers give on the council's sheet."""
    registration = registration_in(cast)
    card = registration.scorecard
    condition, conditional = criterion_by_number(card, "1.2"), criterion_by_number(card, "4.1")
    conditional.applies_if = condition
    conditional.save(update_fields=["applies_if"])
    answers = {
        criterion_by_number(card, "1.1").pk: _option(card, "1.1", 20).pk,
        condition.pk: "none",
        conditional.pk: _option(card, "4.1", 25).pk,
    }
    assert selfassessment_save(registration=registration, by=cast.producer_owner, answers=answers) == 20
    assert selfassessment_sheet(registration)["total"] == 20
    answers[condition.pk] = _option(card, "1.2", 10).pk  # the condition met: the criterion counts again
    assert selfassessment_save(registration=registration, by=cast.producer_owner, answers=answers) == 55
    assert selfassessment_sheet(registration)["total"] == 55


def test_a_conditional_criterion_whose_condition_scores_zero_is_not_asked_for(cast):
    """No story in 5.1: 5.2 "chỉ áp dụng khi có câu chuyện sản phẩm" needs no answer on Mẫu 02 either (as on the
    council's sheet); while the condition is unanswered or scores, it is asked for."""
    from evaluation.selectors.dossier import unanswered_criteria

    registration = registration_in(cast)
    card = registration.scorecard
    condition, conditional = criterion_by_number(card, "1.2"), criterion_by_number(card, "4.1")
    conditional.applies_if = condition
    conditional.save(update_fields=["applies_if"])
    answers = {criterion_by_number(card, "1.1").pk: _option(card, "1.1", 20).pk}
    selfassessment_save(registration=registration, by=cast.producer_owner, answers=answers)
    assert {"1.2", "4.1"} <= set(unanswered_criteria(registration))
    answers[condition.pk] = "none"
    selfassessment_save(registration=registration, by=cast.producer_owner, answers=answers)
    assert "4.1" not in unanswered_criteria(registration)
    answers[condition.pk] = _option(card, "1.2", 10).pk
    selfassessment_save(registration=registration, by=cast.producer_owner, answers=answers)
    assert "4.1" in unanswered_criteria(registration)
