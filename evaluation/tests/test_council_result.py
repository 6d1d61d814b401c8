"""The council's result: quorum, recusal, spread, mean and star from submitted sheets only (ocop-domain.md §4, §7)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluation.choices import RegistrationStatus, SheetStatus
from evaluation.models import CouncilResult, ScoreSheet
from evaluation.selectors.councils import item_state
from evaluation.services.results import item_finalise
from ocop.models import AuditEvent

from .factories import declare_and_open, save_draft, setup_scoring, submit

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


def test_it_holds_a_province_result_of_90_or_more_for_the_provinces_approval_before_the_ministry(
    cast,
):
    """D26 Điều 7.3e: a potential 5★ goes to the ministry only once the Chủ tịch UBND tỉnh has approved the result
    and the province has written to the ministry (test_registration_refer_central.py), not on the council's result."""
    s = setup_scoring(cast)
    for member, c2 in zip(s.members, (5, 2, 0), strict=True):
        submit(s.item, member, s.card, c2=c2)
    result = CouncilResult.objects.get(item=s.item)
    assert result.mean_score == Decimal("97.33") and result.final_star == 5 and result.potential_five
    assert _status(s) == RegistrationStatus.PROVINCE_APPROVAL
    event = AuditEvent.objects.get(action="registration.council_result", target_id=str(s.registration.pk))
    assert event.changes["status"] == [RegistrationStatus.READY_FOR_COUNCIL, RegistrationStatus.PROVINCE_APPROVAL]


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


def test_it_does_not_eliminate_on_members_proposals_alone(cast):
    """Phụ lục II knock-outs are the council's finding, not a vote of sheets: two of three members proposing
    "Giả mạo hồ sơ" on complete sheets do not eliminate the dossier by themselves."""
    from evaluation.services.conflicts import scoresheet_open
    from evaluation.services.scoresheets import SheetInput
    from evaluation.services.sheet_submission import scoresheet_submit

    from .factories import choices_for, take_result

    s = setup_scoring(cast)
    for member in s.members[:2]:
        declare_and_open(s.item, member)
        sheet = scoresheet_open(item=s.item, member=member, by=member.user)
        data = SheetInput(choices=choices_for(s.card), comments={}, knocked_out=True, knockout_reason="Giả mạo hồ sơ")
        scoresheet_submit(sheet=sheet, version=sheet.version, by=member.user, data=data)
    submit(s.item, s.members[2], s.card, take=False)
    result = take_result(s.item)
    assert not result.eliminated and result.final_star == 5
    assert _status(s) == RegistrationStatus.PROVINCE_APPROVAL


def test_it_refuses_an_incomplete_sheet_even_with_a_proposal_to_eliminate(cast):
    from evaluation.services.conflicts import scoresheet_open
    from evaluation.services.scoresheets import SheetInput
    from evaluation.services.sheet_submission import scoresheet_submit

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    sheet = scoresheet_open(item=s.item, member=s.member, by=s.member.user)
    data = SheetInput(choices={}, comments={}, knocked_out=True, knockout_reason="Giả mạo hồ sơ")
    with pytest.raises(ValidationError, match="Chưa chọn phương án"):
        scoresheet_submit(sheet=sheet, version=sheet.version, by=s.member.user, data=data)


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
    from evaluation.services.scoresheets import SheetInput
    from evaluation.services.sheet_submission import scoresheet_submit

    scoresheet_submit(
        sheet=sheet,
        version=sheet.version,
        by=sheet.member.user,
        data=SheetInput(
            choices=__import__("evaluation.tests.factories", fromlist=["x"]).choices_for(s.card, c2=2),
            comments={},
        ),
    )
    assert not CouncilResult.objects.exists()  # the result is the chair's act, not a side effect of a sheet
    item_finalise(item=s.item, by=cast.council_chair)
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
        from evaluation.services.conflicts import scoresheet_open

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


def test_it_holds_the_result_for_a_discussion_when_the_spread_exceeds_ten_points(cast):
    """The spread rule is the council's procedure (Quy chế; ocop-domain.md §7): nothing happens by itself — the chair
    is told, the result is refused, the chair records the discussion, the members re-score, every round is kept."""
    from evaluation.models import Discussion
    from evaluation.services.results import item_discuss
    from ocop.models import Notification

    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)  # 100
    submit(s.item, s.member, s.card)  # 100
    submit(s.item, s.others[0], s.card, c1=15, c2=4)  # 84: spread 16 > 10
    s.item.refresh_from_db()
    assert s.item.scoring_round == 1  # no round 2 opened behind the chair's back
    state = item_state(user=None, item=s.item)
    assert state.needs_discussion and state.spread_exceeded and not state.ready
    assert Notification.objects.filter(user=cast.council_chair, message__contains="thảo luận").exists()
    with pytest.raises(ValidationError, match="thảo luận"):
        item_finalise(item=s.item, by=cast.council_chair)
    with pytest.raises(ValidationError, match="Chủ tịch"):
        item_discuss(item=s.item, note="Thảo luận", by=cast.council_member)
    with pytest.raises(ValidationError):
        item_discuss(item=s.item, note="  ", by=cast.council_chair)

    item_discuss(item=s.item, note="Thống nhất cách hiểu tiêu chí 6.1.", by=cast.council_chair)

    s.item.refresh_from_db()
    assert s.item.scoring_round == 2
    discussion = Discussion.objects.get(item=s.item)
    assert discussion.scoring_round == 1 and discussion.spread == 16 and discussion.note.startswith("Thống nhất")
    assert sorted(t["total"] for t in discussion.totals) == ["100.00", "100.00", "84.00"]
    round_two = ScoreSheet.objects.filter(item=s.item, scoring_round=2)
    assert round_two.count() == 3 and set(round_two.values_list("status", flat=True)) == {SheetStatus.DRAFT}
    assert ScoreSheet.objects.filter(item=s.item, scoring_round=1, status=SheetStatus.SUBMITTED).count() == 3
    assert AuditEvent.objects.filter(action="agenda_item.rescore").exists()
    submit(s.item, s.chair, s.card, c2=0)  # 95
    submit(s.item, s.member, s.card, c2=0)  # 95
    submit(s.item, s.others[0], s.card, c1=30, c2=0)  # 95
    result = CouncilResult.objects.get(item=s.item)
    assert result.scoring_round == 2 and result.mean_score == Decimal("95.00")
    rounds = item_state(user=None, item=s.item).previous_rounds
    assert [r["round"] for r in rounds] == [1] and rounds[0]["discussion"] == discussion


def test_it_refuses_a_discussion_the_scores_do_not_call_for(cast):
    from evaluation.services.results import item_discuss

    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card, take=False)
    with pytest.raises(ValidationError, match="không cần thảo luận"):
        item_discuss(item=s.item, note="Thảo luận", by=cast.council_chair)


def test_it_lets_only_the_chair_take_the_result(cast):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card, take=False)
    assert item_state(user=None, item=s.item).ready and not CouncilResult.objects.exists()
    for user in (cast.council_member, cast.province_officer):
        with pytest.raises(ValidationError, match="Chủ tịch"):
            item_finalise(item=s.item, by=user)
    item_finalise(item=s.item, by=cast.council_chair)
    assert CouncilResult.objects.filter(item=s.item).exists()


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


def test_a_member_who_submitted_cannot_be_marked_absent_before_the_result(cast):
    """An outlier's sheet dropped by marking its member absent after the fact would get round the spread rule."""
    from evaluation.models.councils import Attendance
    from evaluation.services.councils import session_set_attendance

    s = setup_scoring(cast, extra_members=FOUR)
    for member in s.members[:3]:
        submit(s.item, member, s.card)  # 100
    outlier = s.members[3]
    submit(s.item, outlier, s.card, c1=15, c2=4)  # 84: spread 16
    with pytest.raises(ValidationError, match="thảo luận"):
        item_finalise(item=s.item, by=cast.council_chair)
    with pytest.raises(ValidationError, match=str(outlier.user)):
        session_set_attendance(
            session=s.session, present_member_ids={m.pk for m in s.members[:3]}, by=cast.province_officer
        )
    assert Attendance.objects.get(session=s.session, member=outlier).present
    with pytest.raises(ValidationError, match="thảo luận"):
        item_finalise(item=s.item, by=cast.council_chair)
    assert not CouncilResult.objects.exists()
