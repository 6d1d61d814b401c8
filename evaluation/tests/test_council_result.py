"""The council's result: quorum, recusal, spread, mean and star from submitted sheets only (ocop-domain.md §4, §7)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import RegistrationStatus
from evaluation.models import CouncilResult, ScoreSheet, SheetStatus
from evaluation.selectors.councils import item_state
from evaluation.services.councils import item_finalise
from ocop.models import AuditEvent

from .factories_councils import declare_and_open, save_draft, setup_scoring, submit

FOUR = (("council_third", "member"), ("council_fourth", "secretary"))


def _status(s):
    s.registration.refresh_from_db()
    return s.registration.status


def test_it_computes_the_mean_and_the_star_when_every_present_member_has_submitted(
    cast,
):
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card, c1=15, c2=5)  # 85
    submit(s.item, s.member, s.card, c1=15, c2=4)  # 84
    assert not CouncilResult.objects.exists()
    submit(s.item, s.others[0], s.card, c1=15, c2=2)  # 82
    result = CouncilResult.objects.get(item=s.item)
    # mean 83.67 is band 4; criterion 6.1's 5★ marker is not reached (15 < 30) but only matters for 5★
    assert result.mean_score == Decimal("83.67")
    assert (result.band_star, result.final_star) == (4, 4)
    assert result.part_means == {"A": "40.00", "B": "25.00", "C": "18.67"}
    assert sorted(Decimal(t["total"]) for t in result.member_totals) == [82, 84, 85]
    assert _status(s) == RegistrationStatus.SCORED
    assert AuditEvent.objects.filter(action="council_result.finalise").count() == 1


def test_it_sends_a_province_result_of_90_or_more_to_central_as_potential_five_stars(
    cast,
):
    s = setup_scoring(cast)
    for member, c2 in zip(s.members, (5, 2, 0), strict=True):
        submit(s.item, member, s.card, c2=c2)
    result = CouncilResult.objects.get(item=s.item)
    assert result.mean_score == Decimal("97.33") and result.final_star == 5 and result.potential_five
    assert _status(s) == RegistrationStatus.FORWARDED_TO_CENTRAL


def test_it_caps_the_star_at_an_unmet_marker_and_explains_it(cast):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card, b1=0)  # 75: band 4, but 4.1's 4★ minimum (15) is missed
    result = CouncilResult.objects.get(item=s.item)
    assert (result.band_star, result.final_star) == (4, 3)
    assert [m["criterion"] for m in result.failed_markers] == ["4.1"]
    assert _status(s) == RegistrationStatus.SCORED


def test_it_does_not_recognise_a_product_missing_a_three_star_minimum(cast):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card, a1=0)  # 80, but 1.1's 3★ minimum is missed
    result = CouncilResult.objects.get(item=s.item)
    assert result.final_star == 2 and not result.recognisable
    assert _status(s) == RegistrationStatus.NOT_RECOGNISED


def test_it_eliminates_when_most_members_record_a_knock_out(cast):
    from evaluation.services.councils import (
        SheetInput,
        scoresheet_open,
        scoresheet_submit,
    )

    s = setup_scoring(cast)
    for member in s.members[:2]:
        declare_and_open(s.item, member)
        sheet = scoresheet_open(item=s.item, member=member, by=member.user)
        scoresheet_submit(
            sheet=sheet,
            version=sheet.version,
            by=member.user,
            data=SheetInput(
                choices={},
                comments={},
                knocked_out=True,
                knockout_reason="Giả mạo hồ sơ",
            ),
        )
    submit(s.item, s.members[2], s.card)
    result = CouncilResult.objects.get(item=s.item)
    assert result.eliminated and result.final_star == 0 and result.knockouts == ["Giả mạo hồ sơ"] * 2
    assert _status(s) == RegistrationStatus.ELIMINATED


def test_it_never_counts_drafts(cast):
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)
    submit(s.item, s.member, s.card)
    save_draft(s.item, s.others[0], s.card, a1=0, b1=0, c1=0, c2=0)  # a draft of 20 points
    assert not CouncilResult.objects.exists()
    with pytest.raises(ValidationError, match="chưa nộp phiếu"):
        item_finalise(item=s.item, by=cast.council_chair)
    assert _status(s) == RegistrationStatus.READY_FOR_COUNCIL
    sheet = ScoreSheet.objects.get(item=s.item, member=s.others[0])
    from evaluation.services.councils import SheetInput, scoresheet_submit

    scoresheet_submit(
        sheet=sheet,
        version=sheet.version,
        by=sheet.member.user,
        data=SheetInput(
            choices=__import__("evaluation.tests.factories_councils", fromlist=["x"]).choices_for(s.card, c2=2),
            comments={},
        ),
    )
    result = CouncilResult.objects.get(item=s.item)
    assert result.mean_score == Decimal("99.00")  # (100 + 100 + 97) / 3: the 20-point draft never counted


def test_it_counts_only_present_members(cast):
    s = setup_scoring(cast, extra_members=FOUR, present=[cast.council_chair, cast.council_member])
    absent = s.others[0]
    from evaluation.models.councils import Attendance

    Attendance.objects.filter(session=s.session, member=s.others[1]).update(present=True)  # 3 of 4 present
    submit(s.item, absent, s.card, a1=0, b1=0, c1=0, c2=0)  # an absent member's sheet is not the council's
    submit(s.item, s.chair, s.card)
    submit(s.item, s.member, s.card)
    assert not CouncilResult.objects.exists()
    submit(s.item, s.others[1], s.card, c2=2)
    assert CouncilResult.objects.get(item=s.item).mean_score == Decimal("99.00")


def test_it_refuses_a_result_without_quorum(cast):
    s = setup_scoring(cast, extra_members=FOUR, present=[cast.council_chair, cast.council_member])
    submit(s.item, s.chair, s.card)
    submit(s.item, s.member, s.card)
    state = item_state(user=None, item=s.item)
    assert (state.quorum.required, state.quorum.eligible, state.quorum.met) == (
        3,
        2,
        False,
    )
    with pytest.raises(ValidationError, match="túc số"):
        item_finalise(item=s.item, by=cast.council_chair)
    assert not CouncilResult.objects.exists()


def test_it_refuses_a_result_without_the_chair_when_the_rules_require_the_chair(cast):
    s = setup_scoring(cast, extra_members=FOUR, present=[cast.council_member])
    from evaluation.models.councils import Attendance

    Attendance.objects.filter(session=s.session, member__in=s.others).update(present=True)  # 3 of 4, no chair
    for member in [s.member, *s.others]:
        submit(s.item, member, s.card)
    state = item_state(user=None, item=s.item)
    assert state.quorum.eligible == 3 and not state.quorum.chair_present and not state.quorum.met
    assert not CouncilResult.objects.exists()


def test_it_accepts_a_result_without_the_chair_when_the_rules_allow_it(cast):
    s = setup_scoring(cast, extra_members=FOUR, present=[cast.council_member], chair_required=False)
    from evaluation.models.councils import Attendance

    Attendance.objects.filter(session=s.session, member__in=s.others).update(present=True)
    for member in [s.member, *s.others]:
        submit(s.item, member, s.card)
    assert CouncilResult.objects.get(item=s.item).mean_score == Decimal("100.00")


def test_it_uses_the_central_quorum_of_five_of_seven(cast):
    extra = [(f"central_{i}", "member") for i in range(5)]
    s = setup_scoring(
        cast,
        extra_members=extra,
        quorum_numerator=5,
        quorum_denominator=7,
        present=[cast.council_chair, cast.council_member],
    )
    from evaluation.models.councils import Attendance

    Attendance.objects.filter(session=s.session, member__in=s.others[:2]).update(present=True)  # 4 of 7
    state = item_state(user=None, item=s.item)
    assert (state.quorum.required, state.quorum.met) == (5, False)
    Attendance.objects.filter(session=s.session, member=s.others[2]).update(present=True)  # 5 of 7
    assert item_state(user=None, item=s.item).quorum.met


def test_it_recuses_a_member_who_declares_a_conflict(cast):
    s = setup_scoring(cast, extra_members=FOUR)
    recused = s.others[1]
    declare_and_open(s.item, recused, conflict=True, reason="Là thành viên HTX")
    with pytest.raises(ValidationError):
        from evaluation.services.councils import scoresheet_open

        scoresheet_open(item=s.item, member=recused, by=recused.user)
    for member in [s.chair, s.member, s.others[0]]:
        submit(s.item, member, s.card)
    result = CouncilResult.objects.get(item=s.item)
    assert recused.pk not in [t["member_id"] for t in result.member_totals]
    assert len(result.member_totals) == 3


def test_it_does_not_count_a_recused_member_for_quorum(cast):
    s = setup_scoring(cast, extra_members=FOUR, present=[cast.council_chair, cast.council_member])
    from evaluation.models.councils import Attendance

    Attendance.objects.filter(session=s.session, member=s.others[0]).update(present=True)  # 3 of 4 present
    declare_and_open(s.item, s.others[0], conflict=True, reason="Người thân của chủ thể")
    submit(s.item, s.chair, s.card)
    submit(s.item, s.member, s.card)
    state = item_state(user=None, item=s.item)
    assert state.quorum.eligible == 2 and not state.quorum.met
    assert not CouncilResult.objects.exists()


def test_it_sends_the_product_back_to_discussion_when_the_spread_exceeds_ten_points(
    cast,
):
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)  # 100
    submit(s.item, s.member, s.card)  # 100
    submit(s.item, s.others[0], s.card, c1=15, c2=4)  # 84: spread 16 > 10
    s.item.refresh_from_db()
    assert s.item.scoring_round == 2
    assert not CouncilResult.objects.exists()
    assert _status(s) == RegistrationStatus.READY_FOR_COUNCIL
    round_two = ScoreSheet.objects.filter(item=s.item, scoring_round=2)
    assert round_two.count() == 3 and set(round_two.values_list("status", flat=True)) == {SheetStatus.DRAFT}
    # round 1 is kept as it was submitted
    assert ScoreSheet.objects.filter(item=s.item, scoring_round=1, status=SheetStatus.SUBMITTED).count() == 3
    assert AuditEvent.objects.filter(action="agenda_item.rescore").exists()
    # after discussion the members re-score within the spread
    submit(s.item, s.chair, s.card, c2=0)  # 95
    submit(s.item, s.member, s.card, c2=0)  # 95
    submit(s.item, s.others[0], s.card, c1=30, c2=0)  # 95
    result = CouncilResult.objects.get(item=s.item)
    assert result.scoring_round == 2 and result.mean_score == Decimal("95.00")


def test_it_accepts_a_spread_of_ten(cast):
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)  # 100
    submit(s.item, s.member, s.card, c2=0)  # 95
    submit(s.item, s.others[0], s.card, c2=5, a2=True, a1=10)  # 90: spread 10
    assert CouncilResult.objects.get(item=s.item).scoring_round == 1


def test_it_cannot_finalise_twice(cast):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card)
    with pytest.raises(ValidationError):
        item_finalise(item=s.item, by=cast.council_chair)
    assert CouncilResult.objects.count() == 1
