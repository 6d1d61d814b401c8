"""Saving and submitting a sheet: choices, totals, optimistic locking, conditional criteria."""

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import SheetStatus
from evaluation.models import Score, ScoreSheet
from evaluation.models.scoresheets import SheetRevision
from evaluation.services.scoresheets import SheetInput, StaleSheet, scoresheet_save
from evaluation.services.sheet_submission import scoresheet_submit
from ocop.models import AuditEvent

from .factories import choices_for, declare_and_open, setup_scoring


@pytest.fixture
def s(cast):
    return setup_scoring(cast)


def test_it_saves_choices_and_computes_the_total(s):
    sheet = declare_and_open(s.item, s.member)
    sheet = scoresheet_save(
        sheet=sheet,
        version=sheet.version,
        by=s.member.user,
        data=SheetInput(choices=choices_for(s.card, a2=False, c2=3), comments={}),
    )
    assert sheet.total == 78 and sheet.version == 2
    assert Score.objects.get(sheet=sheet, criterion=s.card.c["2.4"]).points == 0
    assert AuditEvent.objects.filter(action="scoresheet.save").count() == 1


def test_it_refuses_a_stale_version_and_overwrites_nothing(s):
    sheet = declare_and_open(s.item, s.member)
    scoresheet_save(sheet=sheet, version=1, by=s.member.user, data=SheetInput(choices=choices_for(s.card), comments={}))
    with pytest.raises(StaleSheet, match="thẻ/thiết bị khác"):
        scoresheet_save(
            sheet=sheet, version=1, by=s.member.user, data=SheetInput(choices=choices_for(s.card, c1=0), comments={})
        )
    sheet.refresh_from_db()
    assert sheet.total == 100 and sheet.version == 2
    assert Score.objects.get(sheet=sheet, criterion=s.card.c["6.1"]).points == 30


def _page(s, **points) -> SheetInput:
    """A page of the sheet holding `points` (criterion number → points) and nothing else."""
    c = s.card.c
    return SheetInput(choices={c[n].pk: c[n].option_pks[p] for n, p in points.items()}, comments={})


def test_with_what_the_page_was_loaded_with_it_keeps_what_another_tab_saved_on_other_criteria(s):
    sheet = declare_and_open(s.item, s.member)
    blank = _page(s)
    scoresheet_save(sheet=sheet, version=1, by=s.member.user, data=_page(s, **{"6.1": 15}), base=blank)  # tab one
    page = _page(s, **{"7": 1})
    page.comment = "Cần bổ sung phiếu kiểm nghiệm"
    sheet = scoresheet_save(sheet=sheet, version=1, by=s.member.user, data=page, base=blank)  # tab two, at v1
    assert {row.criterion.number: row.points for row in Score.objects.filter(sheet=sheet)} == {"6.1": 15, "7": 1}
    assert sheet.total == 16 and sheet.version == 3 and sheet.comment == "Cần bổ sung phiếu kiểm nghiệm"
    assert sheet.kept_from_elsewhere == [f"c{s.card.c['6.1'].pk}"]
    audit = AuditEvent.objects.filter(action="scoresheet.save").latest("pk")
    assert audit.changes["kept_from_elsewhere"] == [f"c{s.card.c['6.1'].pk}"] and audit.changes["version"] == 3


def test_it_refuses_a_criterion_both_tabs_changed_differently_and_writes_nothing(s):
    from evaluation.services.scoresheets import scoresheet_merge

    sheet = declare_and_open(s.item, s.member)
    blank = _page(s)
    scoresheet_save(sheet=sheet, version=1, by=s.member.user, data=_page(s, **{"7": 5}), base=blank)
    page = _page(s, **{"7": 1, "6.1": 15})
    with pytest.raises(StaleSheet):
        scoresheet_save(sheet=sheet, version=1, by=s.member.user, data=page, base=blank)
    assert {row.criterion.number: row.points for row in Score.objects.filter(sheet=sheet)} == {"7": 5}
    merge = scoresheet_merge(sheet=sheet, data=page, version=1, base=blank)
    assert list(merge.conflicts) == [f"c{s.card.c['7'].pk}"] and merge.version == 2


def test_it_refuses_saving_a_submitted_sheet(s):
    sheet = declare_and_open(s.item, s.member)
    sheet = scoresheet_submit(
        sheet=sheet, version=1, by=s.member.user, data=SheetInput(choices=choices_for(s.card), comments={})
    )
    with pytest.raises(StaleSheet):
        scoresheet_save(
            sheet=sheet,
            version=sheet.version,
            by=s.member.user,
            data=SheetInput(choices=choices_for(s.card, c1=0), comments={}),
        )
    assert ScoreSheet.objects.get(pk=sheet.pk).total == 100


def test_it_keeps_a_frozen_copy_of_each_submission(s):
    sheet = declare_and_open(s.item, s.member)
    sheet = scoresheet_submit(
        sheet=sheet,
        version=1,
        by=s.member.user,
        data=SheetInput(choices=choices_for(s.card), comments={}, comment="Tốt"),
    )
    revision = SheetRevision.objects.get(sheet=sheet)
    assert sheet.status == SheetStatus.SUBMITTED and sheet.submitted_at is not None
    assert revision.kind == "submit" and revision.total == 100 and revision.snapshot["comment"] == "Tốt"


def test_it_scores_a_conditional_criterion_zero_when_its_condition_scores_zero(s):
    story, structure = s.card.c["6.1"], s.card.c["7"]
    structure.applies_if = story
    structure.save()
    sheet = declare_and_open(s.item, s.member)
    sheet = scoresheet_save(
        sheet=sheet, version=1, by=s.member.user, data=SheetInput(choices=choices_for(s.card, c1=0, c2=5), comments={})
    )
    assert Score.objects.get(sheet=sheet, criterion=structure).points == 0
    assert sheet.total == 65


def _story_first(s):
    """The test scorecard's 7 made conditional on 6.1, as 5.2 is on 5.1 ("Chỉ áp dụng khi có câu chuyện sản phẩm")."""
    story, structure = s.card.c["6.1"], s.card.c["7"]
    structure.applies_if = story
    structure.save(update_fields=["applies_if"])
    return story, structure


def test_it_submits_without_an_answer_to_a_conditional_criterion_whose_condition_scores_zero(s):
    """No product story (5.1 = 0): 5.2 "chỉ áp dụng khi có câu chuyện sản phẩm" does not apply, so the sheet is
    complete without it and it counts 0."""
    story, structure = _story_first(s)
    sheet = declare_and_open(s.item, s.member)
    choices = choices_for(s.card, c1=0)
    del choices[structure.pk]
    sheet = scoresheet_submit(sheet=sheet, version=1, by=s.member.user, data=SheetInput(choices=choices, comments={}))
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == 65
    assert not Score.objects.filter(sheet=sheet, criterion=structure).exists()


def test_it_still_asks_for_a_conditional_criterion_while_its_condition_scores_or_is_unanswered(s):
    story, structure = _story_first(s)
    sheet = declare_and_open(s.item, s.member)
    choices = choices_for(s.card, c1=15)
    del choices[structure.pk]
    with pytest.raises(ValidationError, match=r"1 tiêu chí: 7\."):
        scoresheet_submit(sheet=sheet, version=1, by=s.member.user, data=SheetInput(choices=choices, comments={}))
    del choices[story.pk]
    with pytest.raises(ValidationError, match=r"2 tiêu chí: 6\.1, 7\."):
        scoresheet_submit(sheet=sheet, version=1, by=s.member.user, data=SheetInput(choices=choices, comments={}))
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.DRAFT


def test_it_refuses_an_option_of_another_criterion(s):
    sheet = declare_and_open(s.item, s.member)
    choices = choices_for(s.card)
    choices[s.card.c["7"].pk] = s.card.c["4.1"].options.first().pk
    with pytest.raises(ValidationError):
        scoresheet_save(sheet=sheet, version=1, by=s.member.user, data=SheetInput(choices=choices, comments={}))
    assert ScoreSheet.objects.get(pk=sheet.pk).version == 1


def test_it_keeps_a_comment_without_counting_it_as_an_answer(s):
    sheet = declare_and_open(s.item, s.member)
    nutrition = s.card.c["7"]
    choices = choices_for(s.card)
    del choices[nutrition.pk]
    sheet = scoresheet_save(
        sheet=sheet,
        version=1,
        by=s.member.user,
        data=SheetInput(choices=choices, comments={nutrition.pk: "Chờ phiếu kiểm nghiệm"}),
    )
    row = Score.objects.get(sheet=sheet, criterion=nutrition)
    assert not row.answered and row.comment == "Chờ phiếu kiểm nghiệm"
    with pytest.raises(ValidationError, match="Chưa chọn phương án"):
        scoresheet_submit(
            sheet=sheet,
            version=sheet.version,
            by=s.member.user,
            data=SheetInput(choices=choices, comments={nutrition.pk: "Chờ phiếu kiểm nghiệm"}),
        )


def test_it_accepts_none_as_an_explicit_zero(s):
    sheet = declare_and_open(s.item, s.member)
    choices = {**choices_for(s.card), s.card.c["7"].pk: "none"}
    sheet = scoresheet_submit(sheet=sheet, version=1, by=s.member.user, data=SheetInput(choices=choices, comments={}))
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == 95


def test_it_requires_a_reason_for_a_knock_out(s):
    sheet = declare_and_open(s.item, s.member)
    with pytest.raises(ValidationError):
        scoresheet_submit(
            sheet=sheet,
            version=1,
            by=s.member.user,
            data=SheetInput(choices={}, comments={}, knocked_out=True, knockout_reason=" "),
        )
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.DRAFT


def test_it_needs_a_no_conflict_declaration_before_the_sheet(s):
    from evaluation.services.conflicts import scoresheet_open

    with pytest.raises(ValidationError, match="kê khai"):
        scoresheet_open(item=s.item, member=s.member, by=s.member.user)
