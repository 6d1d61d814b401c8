"""A session where a member's draft sheet was set aside (a late recusal, or no written opinion recorded:
services.conflicts) could not be called off: the set-aside sheet was counted as submitted ("Đã có thành viên nộp phiếu
chấm"), which no member had done. Only a submitted sheet is an opinion given: the session is cancelled with its
set-aside sheets kept as they are, and restored after; a dossier the restore leaves out of the agenda takes its
set-aside sheets with it, as it takes its drafts, and nothing is left behind pointing at it. A submitted sheet still
refuses the cancellation. (The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import RegistrationKind, SessionMode, SessionStatus, SheetStatus
from evaluation.models import AgendaItem, CouncilSession, ScoreSheet
from evaluation.models.councils import Assignment
from evaluation.models.scoresheets import ConflictDeclaration, Score, SheetRevision
from evaluation.selectors.councils import item_state
from evaluation.services.conflicts import conflict_declare, no_opinion_record
from evaluation.services.councils import session_add_registration
from evaluation.services.session_schedule import (
    session_cancel,
    session_cancel_refusal,
    session_restore,
    session_restore_check,
)
from evaluation.services.sheet_submission import scoresheet_reopen
from ocop.models import AuditEvent

from .factories import make_council, make_registration, make_scorecard, save_draft, setup_scoring, submit

pytestmark = pytest.mark.django_db

FIVE = (("council_third", "member"), ("council_fourth", "member"), ("council_fifth", "member"))
REASON = "Chủ tịch Hội đồng đi công tác đột xuất"
CONFLICT = "Vợ là Giám đốc HTX"


def _recused_late(s, item=None):
    """The member scores a draft, then finds a conflict and stands aside: the draft is set aside."""
    item = item or s.item
    draft = save_draft(item, s.member, s.card)
    conflict_declare(item=item, member=s.member, has_conflict=True, reason=CONFLICT, by=s.member.user)
    draft.refresh_from_db()
    assert draft.status == SheetStatus.SUPERSEDED
    return draft


def test_a_session_with_a_sheet_set_aside_by_a_late_recusal_is_cancelled_then_restored(cast, login):
    s = setup_scoring(cast, extra_members=FIVE)  # today's session, the roll taken
    draft = _recused_late(s)
    assert session_cancel_refusal(s.session) is None
    page = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[s.session.pk])).content
    assert f'href="{reverse("evaluation:session_cancel", args=[s.session.pk])}"' in page.decode()

    session_cancel(session=s.session, by=cast.province_officer, reason=REASON)
    s.session.refresh_from_db()
    assert s.session.status == SessionStatus.CANCELLED
    assert AuditEvent.objects.get(action="council_session.cancel").changes["reason"] == REASON
    assert ScoreSheet.objects.get(pk=draft.pk).status == SheetStatus.SUPERSEDED  # kept as it was

    session_restore(session=s.session, by=cast.province_officer)
    s.session.refresh_from_db()
    assert s.session.status == SessionStatus.OPEN
    # The member still stands aside from the dossier, their sheet still counts nowhere.
    assert ScoreSheet.objects.get(pk=draft.pk).status == SheetStatus.SUPERSEDED
    state = item_state(user=None, item=s.item)
    assert [d.member_id for d in state.recused] == [s.member.pk] and s.member not in state.scorers
    assert "sheets_dropped" not in AuditEvent.objects.get(action="council_session.restore").changes


def test_a_written_session_with_a_member_recorded_as_giving_no_opinion_is_cancelled(cast):
    card = make_scorecard()
    council = make_council(cast, members=list(FIVE))
    yesterday = timezone.localdate() - dt.timedelta(days=1)  # the opinions' deadline has passed
    session = CouncilSession.objects.create(council=council, date=yesterday, mode=SessionMode.WRITTEN)
    registration = make_registration(cast, card)
    registration.kind = RegistrationKind.REEVALUATION  # only a re-evaluation is given in writing (Điều 7.6d)
    registration.save(update_fields=["kind"])
    item = session_add_registration(session=session, registration=registration, by=cast.province_officer)
    silent = council.members.get(user=cast.council_member)
    draft = save_draft(item, silent, card)
    no_opinion_record(item=item, member=silent, reason="Quá hạn, không có ý kiến", by=cast.province_officer)
    assert ScoreSheet.objects.get(pk=draft.pk).status == SheetStatus.SUPERSEDED
    assert session_cancel_refusal(session) is None

    session_cancel(session=session, by=cast.province_officer, reason=REASON)
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert AuditEvent.objects.filter(action="council_session.cancel", target_id=str(session.pk)).exists()
    # Nothing of the record is lost: the sheet set aside, the member's "no opinion".
    assert ScoreSheet.objects.get(pk=draft.pk).status == SheetStatus.SUPERSEDED
    assert Assignment.objects.get(item=item, member=silent).no_opinion_at is not None


def test_a_submitted_sheet_still_refuses_it_once_reopened_and_set_aside_it_no_longer_does(cast):
    s = setup_scoring(cast, extra_members=FIVE)
    sheet = submit(s.item, s.member, s.card, take=False)
    assert "nộp phiếu" in session_cancel_refusal(s.session)
    with pytest.raises(ValidationError, match="nộp phiếu"):
        session_cancel(session=s.session, by=cast.province_officer, reason=REASON)
    s.session.refresh_from_db()
    assert s.session.status == SessionStatus.OPEN

    # Another member's sheet set aside does not hide the one submitted.
    other = s.others[0]
    save_draft(s.item, other, s.card)
    conflict_declare(item=s.item, member=other, has_conflict=True, reason=CONFLICT, by=other.user)
    assert "nộp phiếu" in session_cancel_refusal(s.session)

    # The chair reopens the sheet; its member then finds a conflict: no opinion is left standing.
    scoresheet_reopen(sheet=sheet, reason="Thành viên xin chấm lại", by=cast.council_chair)
    conflict_declare(item=s.item, member=s.member, has_conflict=True, reason=CONFLICT, by=s.member.user)
    assert session_cancel_refusal(s.session) is None
    session_cancel(session=s.session, by=cast.province_officer, reason=REASON)
    s.session.refresh_from_db()
    assert s.session.status == SessionStatus.CANCELLED


def test_a_dossier_the_restore_leaves_out_takes_its_set_aside_sheet_with_it_and_leaves_nothing_behind(cast):
    s = setup_scoring(cast, extra_members=FIVE, items=2)
    tea_item, rice_item = s.items
    tea = tea_item.registration
    set_aside = _recused_late(s, tea_item)
    draft = save_draft(tea_item, s.chair, s.card)
    kept = save_draft(rice_item, s.chair, s.card)
    session_cancel(session=s.session, by=cast.province_officer, reason=REASON)
    other = CouncilSession.objects.create(council=s.council, date=dt.date(2026, 12, 20))
    session_add_registration(session=other, registration=tea, by=cast.province_officer)
    s.session.refresh_from_db()
    assert [lo.item.pk for lo in session_restore_check(s.session).left_out] == [tea_item.pk]

    session_restore(session=s.session, by=cast.province_officer, leave_out={tea.pk})
    s.session.refresh_from_db()
    assert s.session.status == SessionStatus.OPEN
    assert list(s.session.items.values_list("pk", "order")) == [(rice_item.pk, 1)]
    # The left-out item is gone with everything that hung on it; the kept item's draft is untouched.
    assert not AgendaItem.objects.filter(pk=tea_item.pk).exists()
    for model in (ScoreSheet, Assignment, ConflictDeclaration):
        assert not model.objects.filter(item_id=tea_item.pk).exists()
    dropped = [set_aside.pk, draft.pk]
    assert not Score.objects.filter(sheet_id__in=dropped).exists()
    assert not SheetRevision.objects.filter(sheet_id__in=dropped).exists()
    assert ScoreSheet.objects.get(pk=kept.pk).status == SheetStatus.DRAFT
    changes = AuditEvent.objects.get(action="council_session.restore").changes
    assert changes["sheets_dropped"] == sorted(dropped)
    assert [lo["registration"] for lo in changes["left_out"]] == [tea.pk]
    # The dossier's new session is untouched.
    assert list(AgendaItem.objects.filter(registration=tea).values_list("session", flat=True)) == [other.pk]
