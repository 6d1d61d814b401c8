"""Whether the council's secretary scores is its Quy chế's to say (ocop-domain.md §5): Council.secretary_scores,
asked through council_rule.member_scores by the assignment, the declaration, the quorum's member total, the scorers
and the reminders; changed by council_set_secretary_scores, refused while dossiers are being scored."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluation.models import Council
from evaluation.models.councils import AgendaItem, Assignment
from evaluation.selectors.councils import item_state
from evaluation.services.conflicts import conflict_declare
from evaluation.services.councils import (
    council_create,
    council_set_secretary_scores,
    item_assign_members,
    session_add_registration,
    session_close,
)
from ocop.models import AuditEvent

from .factories import declare_and_open, make_registration, setup_scoring, submit

# chair, member, two more members and the secretary: five, of whom four are not the secretary
WITH_SECRETARY = (("council_third", "member"), ("council_fourth", "member"), ("council_secretary", "secretary"))


def scoring(cast, **settings):
    s = setup_scoring(cast, extra_members=WITH_SECRETARY, **settings)
    s.secretary = s.council.members.get(role="secretary")
    return s


def state_of(item):
    """The item's state as a new request reads it (the council's setting fresh from the database)."""
    return item_state(user=None, item=AgendaItem.objects.get(pk=item.pk))


def assigned(item):
    return set(Assignment.objects.filter(item=item).values_list("member__role", flat=True))


def test_a_council_is_set_up_with_its_secretary_scoring_as_before(cast):
    council = council_create(by=cast.province_officer, level="province", unit=cast.province, name="Hội đồng mới")
    assert council.secretary_scores is True


def test_by_default_the_secretary_is_assigned_and_counts_in_the_quorum(cast):
    s = scoring(cast)
    assert "secretary" in assigned(s.item)
    state = state_of(s.item)
    # 5 members, 3/4 of them: 4; all five present and assigned score
    assert (state.quorum.members_total, state.quorum.required, state.quorum.eligible) == (5, 4, 5)
    assert s.secretary in state.scorers
    item_assign_members(item=s.item, member_ids={m.pk for m in s.members}, by=cast.province_officer)
    declare_and_open(s.item, s.secretary)  # the secretary declares and opens a sheet


def test_a_secretary_who_does_not_score_is_neither_assigned_nor_counted(cast):
    s = scoring(cast, secretary_scores=False)
    assert assigned(s.item) == {"chair", "member"}
    assert Assignment.objects.filter(item=s.item).count() == 4
    state = state_of(s.item)
    # 4 members who score, 3/4 of them: 3; the secretary is present but not among them
    assert (state.quorum.members_total, state.quorum.required, state.quorum.eligible) == (4, 3, 4)
    assert s.secretary not in state.scorers and state.sheets_expected == 4


def test_the_mean_is_the_scoring_members_and_the_result_needs_no_sheet_of_the_secretary(cast):
    s = scoring(cast, secretary_scores=False)
    for member, c2 in zip([m for m in s.members if m.role != "secretary"], (5, 5, 3, 3), strict=True):
        submit(s.item, member, s.card, c2=c2)  # totals 100, 100, 98, 98; the chair takes the result after the last
    state = state_of(s.item)
    assert state.result is not None and state.result.mean_score == Decimal("99.00")
    assert [row["member"].role for row in state.member_totals].count("secretary") == 0


def test_it_refuses_to_assign_a_secretary_who_does_not_score(cast):
    s = scoring(cast, secretary_scores=False)
    with pytest.raises(ValidationError, match="Thư ký không chấm điểm: không phân công"):
        item_assign_members(item=s.item, member_ids={m.pk for m in s.members}, by=cast.province_officer)
    assert "secretary" not in assigned(s.item)


def test_a_secretary_who_does_not_score_cannot_declare_and_open_a_sheet(cast):
    s = scoring(cast, secretary_scores=False)
    Assignment.objects.create(item=s.item, member=s.secretary)  # written past the services
    with pytest.raises(ValidationError, match="Thư ký không chấm điểm"):
        conflict_declare(item=s.item, member=s.secretary, has_conflict=False, by=s.secretary.user)
    assert s.secretary not in state_of(s.item).scorers


def test_the_secretary_stops_scoring_and_loses_the_assignments_of_dossiers_not_yet_scored(cast):
    s = scoring(cast)
    council = council_set_secretary_scores(council=s.council, secretary_scores=False, by=cast.province_officer)
    assert council.secretary_scores is False
    assert "secretary" not in assigned(s.item)
    state = state_of(s.item)
    assert (state.quorum.members_total, state.quorum.required) == (4, 3)
    event = AuditEvent.objects.get(action="council.secretary_scores")
    assert event.changes == {"secretary_scores": [True, False], "assignments_removed": 1}


def test_the_secretary_starts_scoring_and_is_assigned_the_dossiers_put_on_an_agenda_from_then_on(cast):
    s = scoring(cast, secretary_scores=False)
    council_set_secretary_scores(council=s.council, secretary_scores=True, by=cast.province_officer)
    assert "secretary" not in assigned(s.item)  # as a member who joins: assigned on the session's page
    assert state_of(s.item).quorum.members_total == 5
    item = AgendaItem.objects.get(pk=s.item.pk)  # read again, as the next request does
    item_assign_members(item=item, member_ids={m.pk for m in s.members}, by=cast.province_officer)
    assert "secretary" in assigned(s.item)
    later = session_add_registration(
        session=item.session,
        registration=make_registration(cast, s.card, name="Trà hoa vàng"),
        by=cast.province_officer,
    )
    assert "secretary" in assigned(later)


@pytest.mark.parametrize("to", [False, True])
def test_it_refuses_the_change_once_a_sheet_is_submitted_in_a_session_not_closed(cast, to):
    s = scoring(cast, secretary_scores=not to)
    submit(s.item, s.member, s.card, take=False)
    with pytest.raises(ValidationError) as refused:
        council_set_secretary_scores(council=s.council, secretary_scores=to, by=cast.province_officer)
    assert "đã có phiếu chấm được nộp" in refused.value.message_dict["secretary_scores"][0]
    s.council.refresh_from_db()
    assert s.council.secretary_scores is (not to)
    assert not AuditEvent.objects.filter(action="council.secretary_scores").exists()


def test_it_refuses_to_stop_the_secretary_scoring_while_their_sheet_is_open(cast):
    s = scoring(cast)
    declare_and_open(s.item, s.secretary)
    with pytest.raises(ValidationError, match="đã mở phiếu chấm hồ sơ"):
        council_set_secretary_scores(council=s.council, secretary_scores=False, by=cast.province_officer)
    assert "secretary" in assigned(s.item)


def test_a_closed_session_keeps_the_quy_che_it_was_held_under(cast):
    s = scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card)
    session_close(session=s.session, by=cast.province_officer)
    before = state_of(s.item).quorum
    council_set_secretary_scores(council=s.council, secretary_scores=False, by=cast.province_officer)
    s.session.refresh_from_db()
    assert s.session.secretary_scores is True
    after = state_of(s.item)
    assert after.quorum == before and after.quorum.members_total == 5 and len(after.scorers) == 5
    assert "secretary" in assigned(s.item)  # the record of who scored stays


def test_it_changes_nothing_when_the_setting_is_the_same(cast):
    s = scoring(cast)
    council_set_secretary_scores(council=s.council, secretary_scores=True, by=cast.province_officer)
    assert not AuditEvent.objects.filter(action="council.secretary_scores").exists()
    assert Council.objects.get(pk=s.council.pk).secretary_scores is True


def test_a_secretary_who_does_not_score_is_not_reminded_of_a_sheet(cast, mailoutbox):
    from evaluation.tasks import sheet_reminders_task

    s = scoring(cast, secretary_scores=False)
    Assignment.objects.create(item=s.item, member=s.secretary)  # written past the services
    assert sheet_reminders_task.delay().get() == 4
    assert "council_secretary@example.test" not in [m.to[0] for m in mailoutbox]
