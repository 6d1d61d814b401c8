"""The scorecards are the law's text (D26 Phụ lục II), loaded by `manage.py load_criteria` from the reviewed data: the
admin shows them and changes nothing. A system administrator once set set 7's criterion 1.3 to 7 points there (its
group still said 18, the total 100) under sheets already submitted and certificates already issued on it; an edit of
a scorecard not yet in use would as quietly make every later sheet differ from the law, unseen by the loader (the
file it compares has not changed), unchecked (sums, best option = maximum) and unaudited."""

import pytest
from django.urls import reverse

from evaluation.models import CriteriaVersion, Criterion, CriterionGroup, Option, Scorecard, SelfAssessmentAnswer
from evaluation.selectors.criteria import scorecard_export, scorecard_with_tree
from evaluation.services.criteria import DATA_DIR, canonical_card, criteria_read_file
from evaluation.tests.factories import criterion_by_number, load_real_criteria, make_registration

pytestmark = pytest.mark.django_db


def _as_committed(card: Scorecard) -> bool:
    """The scorecard in the database equals its entry in the committed data file."""
    committed = criteria_read_file(DATA_DIR / "criteria-26-2026.json")
    raw = next(c for c in committed["scorecards"] if c["number"] == card.number)
    exported = scorecard_export(scorecard_with_tree(queryset=Scorecard.objects.filter(pk=card.pk)).get())
    exported.pop("product_set")
    exported.pop("total")
    return exported == canonical_card(raw)


def _criterion_post(criterion: Criterion, *, max_points: int, top: int) -> dict:
    """What the admin's change form of `criterion` posts with its maximum and its best option set to the given
    points (the tester's edit), every other value as stored."""
    options = list(criterion.options.order_by("order"))
    data = {
        "group": criterion.group_id,
        "number": criterion.number,
        "title": criterion.title,
        "max_points": max_points,
        "requirement": criterion.requirement,
        "notes": criterion.notes,
        "applies_if": criterion.applies_if_id or "",
        "correction_note": criterion.correction_note,
        "order": criterion.order,
        "options-TOTAL_FORMS": len(options),
        "options-INITIAL_FORMS": len(options),
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
        "_save": "Lưu",
    }
    for i, option in enumerate(options):
        data.update(
            {
                f"options-{i}-id": option.pk,
                f"options-{i}-criterion": criterion.pk,
                f"options-{i}-order": option.order,
                f"options-{i}-text": option.text,
                f"options-{i}-points": top if i == len(options) - 1 else option.points,
                f"options-{i}-min_star": option.min_star or "",
                f"options-{i}-case_variant": option.case_variant,
                f"options-{i}-correction_note": option.correction_note,
            }
        )
    return data


@pytest.fixture
def set7_in_use(cast):
    """Set 7 of the loaded D26 scorecards, with a producer's self-assessment on it: load_criteria would refuse to
    change it (its criteria are PROTECTed by the answer)."""
    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=7)
    registration = make_registration(cast, card)
    criterion = criterion_by_number(card, "1.3")
    SelfAssessmentAnswer.objects.create(
        registration=registration, criterion=criterion, option=criterion.options.get(points=3), points=3
    )
    return card


def test_it_refuses_to_change_a_criterion_of_a_scorecard_in_use(cast, login, set7_in_use):
    criterion = criterion_by_number(set7_in_use, "1.3")
    client = login(cast.admin)
    url = reverse("admin:evaluation_criterion_change", args=[criterion.pk])

    page = client.get(url)
    assert page.status_code == 200  # shown, read-only
    assert 'name="_save"' not in page.content.decode() and 'name="max_points"' not in page.content.decode()
    response = client.post(url, _criterion_post(criterion, max_points=7, top=7))

    assert response.status_code == 403
    criterion.refresh_from_db()
    assert criterion.max_points == 3
    assert sorted(criterion.options.values_list("points", flat=True)) == [1, 2, 3]
    assert _as_committed(set7_in_use)


def test_it_refuses_to_delete_or_add_the_scorecards_content(cast, login, set7_in_use):
    client = login(cast.admin)
    criterion = criterion_by_number(set7_in_use, "1.3")
    group = criterion.group
    deletions = [
        reverse("admin:evaluation_criterion_delete", args=[criterion.pk]),
        reverse("admin:evaluation_criteriongroup_delete", args=[group.pk]),
        reverse("admin:evaluation_scorecard_delete", args=[set7_in_use.pk]),
        reverse("admin:evaluation_criteriaversion_delete", args=[set7_in_use.version_id]),
    ]
    for url in deletions:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    for model in ("criterion", "criteriongroup", "scorecard", "criteriaversion"):
        assert client.get(reverse(f"admin:evaluation_{model}_add")).status_code == 403, model
    # nor by the list's bulk action
    changelist = reverse("admin:evaluation_criterion_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [criterion.pk], "post": "yes"})

    assert Criterion.objects.filter(pk=criterion.pk).exists()
    assert _as_committed(set7_in_use)


def test_it_refuses_to_change_groups_scorecards_and_versions(cast, login, set7_in_use):
    client = login(cast.admin)
    group = criterion_by_number(set7_in_use, "1.3").group
    for url in (
        reverse("admin:evaluation_scorecard_change", args=[set7_in_use.pk]),  # its parts and knock-outs inline
        reverse("admin:evaluation_criteriongroup_change", args=[group.pk]),
        reverse("admin:evaluation_criteriaversion_change", args=[set7_in_use.version_id]),
    ):
        page = client.get(url)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode(), url
    response = client.post(
        reverse("admin:evaluation_criteriongroup_change", args=[group.pk]),
        {"part": group.part_id, "number": group.number, "title": group.title, "max_points": 22, "order": group.order},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:evaluation_scorecard_change", args=[set7_in_use.pk]),
        {"version": set7_in_use.version_id, "number": 7, "title": "Sửa", "parts-TOTAL_FORMS": 0},
    )
    assert response.status_code == 403
    version = set7_in_use.version
    response = client.post(
        reverse("admin:evaluation_criteriaversion_change", args=[version.pk]),
        {"legal_basis": version.legal_basis, "title": "Sửa", "effective_from": "22/05/2026"},
    )
    assert response.status_code == 403

    assert CriterionGroup.objects.get(pk=group.pk).max_points == 18
    assert CriteriaVersion.objects.get(pk=version.pk).title == version.title
    assert _as_committed(set7_in_use)


def test_a_scorecard_not_yet_in_use_is_read_only_too(cast, login, set7_in_use):
    """The law's text is the same whether or not a sheet points at it yet: the one way to change it is the reviewed
    data file and load_criteria (checked sums, an audit row, refused once in use)."""
    card = Scorecard.objects.get(version=set7_in_use.version, number=1)
    criterion = criterion_by_number(card, "1.3")
    response = login(cast.admin).post(
        reverse("admin:evaluation_criterion_change", args=[criterion.pk]),
        _criterion_post(criterion, max_points=7, top=7),
    )
    assert response.status_code == 403
    assert Option.objects.filter(criterion=criterion, points=7).count() == 0
    assert _as_committed(card)
