"""A member who declared "no conflict" and finds one on reading the dossier (a relative's cooperative) must be able to
stand aside (ocop-domain.md §7, conflict of interest; D26 Điều 4.2). The declaration was final: the member's draft
sheet was then a dead end — a member with a sheet cannot be unassigned, one who submitted another item's sheet cannot
be marked absent, and the chair waits for their sheet for ever ("Còn thành viên chưa nộp phiếu"), unless they score a
product they have an interest in. They now declare the conflict while their sheet is a draft: the draft is set aside
and the others' sheets decide, quorum permitting."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import SheetStatus
from evaluation.models import CouncilResult, ScoreSheet
from evaluation.models.scoresheets import ConflictDeclaration
from evaluation.selectors.councils import item_state
from evaluation.services.conflicts import conflict_declare

from .factories import declare_and_open, setup_scoring, submit

pytestmark = pytest.mark.django_db

FIVE = (("council_third", "member"), ("council_fourth", "member"), ("council_fifth", "member"))


def test_a_member_who_finds_a_conflict_after_opening_the_sheet_stands_aside_and_the_others_decide(cast):
    s = setup_scoring(cast, extra_members=FIVE)  # 5 members, quorum 4 (3/4)
    draft = declare_and_open(s.item, s.member)
    conflict_declare(item=s.item, member=s.member, has_conflict=True, reason="Vợ là Giám đốc HTX", by=s.member.user)
    assert ConflictDeclaration.objects.get(item=s.item, member=s.member).has_conflict
    draft.refresh_from_db()
    assert draft.status == SheetStatus.SUPERSEDED
    for member in [s.chair, *s.others]:
        submit(s.item, member, s.card)
    result = CouncilResult.objects.get(item=s.item)
    assert len(result.member_totals) == 4 and s.member.pk not in {t["member_id"] for t in result.member_totals}


def test_the_sheet_page_offers_it_and_the_session_then_counts_the_member_recused(cast, login):
    s = setup_scoring(cast, extra_members=FIVE)
    declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = client.get(reverse("evaluation:sheet_edit", args=[s.item.pk])).content.decode()
    assert 'data-testid="recuse-late"' in page
    client.post(
        reverse("evaluation:conflict_declare", args=[s.item.pk]), {"has_conflict": "yes", "reason": "Người thân"}
    )
    state = item_state(user=None, item=s.item)
    assert [d.member_id for d in state.recused] == [s.member.pk] and s.member not in state.scorers


def test_a_submitted_sheet_is_reopened_by_the_chair_first(cast):
    s = setup_scoring(cast, extra_members=FIVE)
    sheet = submit(s.item, s.member, s.card)
    with pytest.raises(ValidationError, match="mở lại"):
        conflict_declare(item=s.item, member=s.member, has_conflict=True, reason="Người thân", by=s.member.user)
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED


def test_a_recusal_cannot_be_taken_back(cast):
    s = setup_scoring(cast, extra_members=FIVE)
    declare_and_open(s.item, s.member, conflict=True, reason="Người thân")
    with pytest.raises(ValidationError):
        conflict_declare(item=s.item, member=s.member, has_conflict=False, by=s.member.user)
