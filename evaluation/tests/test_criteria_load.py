"""Loading the committed criteria (services/criteria.py, load_criteria / export_criteria commands)."""

import copy
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Sum

from evaluation.models import CriteriaVersion, Criterion, Option, Part, Scorecard
from evaluation.selectors.criteria import criteria_version_in_force, scorecard_for
from evaluation.services.criteria import (
    DATA_DIR,
    canonical_card,
    criteria_load,
    criteria_load_all,
    criteria_read_file,
)

pytestmark = [pytest.mark.slow(8), pytest.mark.django_db]

D26_FILE = DATA_DIR / "criteria-26-2026.json"


def test_it_loads_the_26_scorecards_with_parts_40_25_35():
    call_command("load_criteria", stdout=io.StringIO())
    version = CriteriaVersion.objects.get(legal_basis="26/2026")
    assert version.scorecards.count() == 26
    for letter, maximum in (("A", 40), ("B", 25), ("C", 35)):
        assert set(
            Part.objects.filter(scorecard__version=version, letter=letter).values_list("max_points", flat=True)
        ) == {maximum}
    for card in version.scorecards.all():
        assert Part.objects.filter(scorecard=card).aggregate(t=Sum("max_points"))["t"] == 100
    assert Option.objects.filter(criterion__group__part__scorecard__version=version, min_star=3).count() == sum(
        (7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 7, 8, 7, 7, 7, 7, 6, 5, 4, 4, 1)
    )


def test_it_is_idempotent():
    out = io.StringIO()
    call_command("load_criteria", stdout=out)
    counts = (Scorecard.objects.count(), Criterion.objects.count(), Option.objects.count())
    ids = sorted(Option.objects.values_list("id", flat=True))

    out = io.StringIO()
    call_command("load_criteria", stdout=out)

    assert (Scorecard.objects.count(), Criterion.objects.count(), Option.objects.count()) == counts
    assert sorted(Option.objects.values_list("id", flat=True)) == ids
    assert "26/2026: 0 created, 0 rebuilt, 26 unchanged" in out.getvalue()


def test_it_skips_unchanged_scorecards_even_when_the_file_hash_differs():
    criteria_load(data=criteria_read_file(D26_FILE))
    CriteriaVersion.objects.filter(legal_basis="26/2026").update(data_sha256="")
    summary = criteria_load(data=criteria_read_file(D26_FILE))
    assert (summary["created"], summary["rebuilt"], summary["unchanged"]) == (0, 0, 26)


def test_it_rebuilds_a_changed_scorecard_that_is_not_in_use():
    data = criteria_read_file(D26_FILE)
    criteria_load(data=data)
    changed = copy.deepcopy(data)
    changed["scorecards"][0]["parts"][0]["groups"][0]["criteria"][0]["options"][0]["text"] = "Văn bản đã sửa"

    summary = criteria_load(data=changed)

    assert (summary["rebuilt"], summary["unchanged"]) == (1, 25)
    card = Scorecard.objects.get(version__legal_basis="26/2026", number=1)
    assert Option.objects.filter(criterion__group__part__scorecard=card, text="Văn bản đã sửa").count() == 1


def test_it_refuses_to_change_a_scorecard_already_used(cast):
    from evaluation.models import SelfAssessmentAnswer
    from evaluation.tests.factories import make_registration

    data = criteria_read_file(D26_FILE)
    version = criteria_load(data=data)["version"]
    card = Scorecard.objects.get(version=version, number=1)
    registration = make_registration(cast, card)
    SelfAssessmentAnswer.objects.create(
        registration=registration, criterion=Criterion.objects.get(group__part__scorecard=card, number="1.1"), points=3
    )
    changed = copy.deepcopy(data)
    changed["scorecards"][0]["parts"][0]["groups"][0]["criteria"][0]["title"] = "Đổi tên"

    with pytest.raises(ValidationError):
        criteria_load(data=changed)

    assert Criterion.objects.filter(group__part__scorecard=card, number="1.1").get().title == "Nguồn gốc sản phẩm"


def test_it_refuses_invalid_data_before_writing_anything():
    data = criteria_read_file(D26_FILE)
    data["scorecards"][0]["parts"][0]["max_points"] = 41
    with pytest.raises(ValidationError):
        criteria_load(data=data)
    assert not CriteriaVersion.objects.filter(legal_basis="26/2026").exists()


def test_it_links_product_sets_when_they_exist_and_fills_them_on_a_later_run():
    from products.models import ProductSet

    criteria_load(data=criteria_read_file(D26_FILE))
    cards = Scorecard.objects.filter(version__legal_basis="26/2026")
    assert cards.filter(product_set__isnull=False).count() == ProductSet.objects.filter(number__lte=26).count()
    assert all(c.product_set.number == c.number for c in cards.filter(product_set__isnull=False))

    cards.update(product_set=None)
    summary = criteria_load(data=criteria_read_file(D26_FILE))  # unchanged file: still links
    assert summary["linked"] == ProductSet.objects.filter(number__lte=26).count()


def test_it_binds_a_filing_date_to_the_version_in_force():
    criteria_load_all()
    assert criteria_version_in_force(on=dt.date(2019, 1, 1)) is None
    assert criteria_version_in_force(on=dt.date(2020, 7, 29)).legal_basis == "1048/2019"
    assert criteria_version_in_force(on=dt.date(2023, 2, 24)).legal_basis == "148/2023"
    assert criteria_version_in_force(on=dt.date(2026, 5, 21)).legal_basis == "148/2023"
    assert criteria_version_in_force(on=dt.date(2026, 5, 22)).legal_basis == "26/2026"
    card = scorecard_for(product_set=7, on=dt.date(2026, 8, 1))
    assert (card.version.legal_basis, card.number) == ("26/2026", 7)
    legacy = CriteriaVersion.objects.get(legal_basis="1048/2019")
    assert legacy.has_options is False
    assert list(Part.objects.filter(scorecard__version=legacy).values_list("letter", "max_points")) == [
        ("A", 35),
        ("B", 25),
        ("C", 40),
    ]


def test_export_criteria_prints_valid_json_with_the_26_scorecards_as_committed():
    call_command("load_criteria", stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_criteria", "--legal-basis", "26/2026", stdout=out)
    exported = json.loads(out.getvalue())

    committed = criteria_read_file(D26_FILE)
    assert exported["legal_basis"] == "26/2026"
    assert len(exported["scorecards"]) == 26
    for got, raw in zip(exported["scorecards"], committed["scorecards"], strict=True):
        assert got.pop("total") == 100
        assert got.pop("product_set") in (None, got["number"])
        assert got == canonical_card(raw)


def test_export_criteria_names_the_loaded_versions_when_one_is_missing():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_criteria", "--legal-basis", "26/2026", stdout=io.StringIO())


def test_it_rewrites_only_the_correction_notes_of_a_scorecard_in_use(cast):
    """A better-worded hand-fix reason changes no point, maximum or marker: it is written in place, even on a
    scorecard that is already scored (ids kept), while any other change to it is still refused."""
    from evaluation.models import SelfAssessmentAnswer
    from evaluation.tests.factories import make_registration

    data = criteria_read_file(D26_FILE)
    version = criteria_load(data=data)["version"]
    card = Scorecard.objects.get(version=version, number=11)
    registration = make_registration(cast, card)
    SelfAssessmentAnswer.objects.create(
        registration=registration, criterion=Criterion.objects.get(group__part__scorecard=card, number="1.1"), points=3
    )
    option_ids = sorted(Option.objects.filter(criterion__group__part__scorecard=card).values_list("id", flat=True))
    changed = copy.deepcopy(data)
    tea = changed["scorecards"][10]["parts"][2]["groups"][0]["subgroups"][0]["criteria"][0]
    assert tea["number"] == "6.1.1"
    tea["options"][1]["_comment"] = "Lý do đã viết lại."

    summary = criteria_load(data=changed)

    assert (summary["annotated"], summary["rebuilt"], summary["unchanged"]) == (1, 0, 25)
    middle = Option.objects.get(criterion__group__part__scorecard=card, criterion__number="6.1.1", order=2)
    assert (middle.points, middle.correction_note) == (1, "Lý do đã viết lại.")
    assert sorted(Option.objects.filter(criterion__group__part__scorecard=card).values_list("id", flat=True)) == (
        option_ids
    )

    tea["options"][1]["points"] = 2
    tea["options"][1]["_comment"] = "Lý do khác."
    with pytest.raises(ValidationError):
        criteria_load(data=changed)
    middle.refresh_from_db()
    assert (middle.points, middle.correction_note) == (1, "Lý do đã viết lại.")


def test_it_fills_what_a_newer_loader_stores_even_when_the_file_is_unchanged():
    """A database loaded before parts carried correction notes gets set 26's part-A note on the next run,
    though the committed file (and its raw hash) did not change."""
    from evaluation.services.criteria import data_digest

    data = criteria_read_file(D26_FILE)
    criteria_load(data=data)
    Part.objects.filter(scorecard__version__legal_basis="26/2026").update(correction_note="")
    CriteriaVersion.objects.filter(legal_basis="26/2026").update(data_sha256=data_digest(data))  # the old digest

    summary = criteria_load(data=data)

    assert (summary["annotated"], summary["unchanged"]) == (1, 25)
    part_a = Part.objects.get(scorecard__version__legal_basis="26/2026", scorecard__number=26, letter="A")
    assert "(35 Điểm)" in part_a.correction_note
    assert criteria_load(data=data)["unchanged"] == 26


def test_it_attaches_the_stops_to_a_scorecard_in_use_in_place(cast):
    """A database loaded before the knock-out rules carried their triggers (Phụ lục II notes as data) gets them on the
    next run, even on a scorecard already scored, and a finding recorded against a rule keeps pointing at it."""
    from evaluation.models import KnockoutRule, SelfAssessmentAnswer
    from evaluation.tests.factories import make_registration

    data = criteria_read_file(D26_FILE)
    old = copy.deepcopy(data)
    for card in old["scorecards"]:
        for rule in card["knockouts"]:
            rule.pop("zero_on", None)
            rule.pop("trigger_options", None)
    version = criteria_load(data=old)["version"]
    card = Scorecard.objects.get(version=version, number=16)
    registration = make_registration(cast, card)
    SelfAssessmentAnswer.objects.create(
        registration=registration, criterion=Criterion.objects.get(group__part__scorecard=card, number="6.1"), points=0
    )
    rule = KnockoutRule.objects.get(scorecard=card, code="zero_sensory")
    assert not rule.trigger_criteria.exists()

    criteria_load(data=data)

    rule.refresh_from_db()  # same row
    assert sorted(rule.trigger_criteria.values_list("number", flat=True)) == ["6.1", "6.2", "6.3", "6.4"]
    assert criteria_load(data=data)["unchanged"] == 26


def test_it_moves_the_misprint_notes_to_the_members_note_in_place_on_a_scorecard_in_use(cast):
    """A database loaded when the three probable misprints' notes were correction notes (the file's "_comment") gets
    them as the members' notes (misprint_note) on the next run, even on a scorecard already scored: no point
    changes, so nothing is rebuilt."""
    from evaluation.models import SelfAssessmentAnswer
    from evaluation.tests.factories import make_registration

    data = criteria_read_file(D26_FILE)
    old = copy.deepcopy(data)
    for card in old["scorecards"]:
        for part in card["parts"]:
            for group in part["groups"]:
                for c in group["criteria"] + [c for sub in group.get("subgroups", []) for c in sub["criteria"]]:
                    if "misprint_note" in c:
                        c["_comment"] = c.pop("misprint_note")
    version = criteria_load(data=old)["version"]
    card = Scorecard.objects.get(version=version, number=7)
    c31 = Criterion.objects.get(group__part__scorecard=card, number="3.1")
    assert c31.misprint_note == "" and "1/1/3" in c31.correction_note
    SelfAssessmentAnswer.objects.create(registration=make_registration(cast, card), criterion=c31, points=1)
    option_ids = sorted(Option.objects.filter(criterion__group__part__scorecard=card).values_list("id", flat=True))

    summary = criteria_load(data=data)

    assert (summary["annotated"], summary["rebuilt"]) == (3, 0)
    c31.refresh_from_db()
    assert "1/1/3" in c31.misprint_note and c31.correction_note == ""
    assert sorted(Option.objects.filter(criterion__group__part__scorecard=card).values_list("id", flat=True)) == (
        option_ids
    )
    assert criteria_load(data=data)["unchanged"] == 26
