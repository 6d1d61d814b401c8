"""A sheet submitted and then reopened by the chair is a draft again, so its session can still be called off
(session_cancel_refusal looks for submitted sheets); but it carries the member's opinion as given: the revision kept at
its submission (with the hash printed on the signed copy) and the chair's reopening, with its reason. A restore that
left its dossier out of the agenda deleted the sheet with its agenda item, and those revisions with it. Such a dossier
is never dropped: the restore is refused, naming it, and the cancelled session keeps everything; a sheet reopened and
then set aside (the member stood aside after) is kept the same way. A dossier whose sheets never were submitted still
leaves with them. (The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import RevisionKind, SessionStatus, SheetStatus
from evaluation.models import AgendaItem, CouncilSession, ScoreSheet
from evaluation.models.scoresheets import SheetRevision
from evaluation.services.conflicts import conflict_declare
from evaluation.services.councils import session_add_registration
from evaluation.services.session_schedule import session_cancel, session_restore, session_restore_check
from evaluation.services.sheet_submission import scoresheet_reopen

from .factories import save_draft, setup_scoring, submit

pytestmark = pytest.mark.django_db

FIVE = (("council_third", "member"), ("council_fourth", "member"), ("council_fifth", "member"))
REASON = "Chủ tịch Hội đồng đi công tác đột xuất"
REFUSED = "Không khôi phục được: hồ sơ “Sản phẩm 1” đã được đưa vào phiên họp ngày 20/12/2026"


def _reopened_then_elsewhere(cast, *, set_aside=False):
    """Two dossiers; a member submits on the first, the chair reopens the sheet (and the member then stands aside,
    with `set_aside`); the session is called off and the first dossier goes on another session."""
    s = setup_scoring(cast, extra_members=FIVE, items=2)
    first, second = s.items
    sheet = submit(first, s.member, s.card, take=False)
    scoresheet_reopen(sheet=sheet, reason="Thành viên xin chấm lại tiêu chí C", by=cast.council_chair)
    if set_aside:
        conflict_declare(item=first, member=s.member, has_conflict=True, reason="Vợ là Giám đốc HTX", by=s.member.user)
    save_draft(second, s.chair, s.card)
    session_cancel(session=s.session, by=cast.province_officer, reason=REASON)
    other = CouncilSession.objects.create(council=s.council, date=dt.date(2026, 12, 20))
    session_add_registration(session=other, registration=first.registration, by=cast.province_officer)
    s.session.refresh_from_db()
    return s, sheet


def _kept_whole(s, sheet, status):
    s.session.refresh_from_db()
    assert s.session.status == SessionStatus.CANCELLED
    assert AgendaItem.objects.filter(session=s.session).count() == 2
    kept = ScoreSheet.objects.get(pk=sheet.pk)
    assert kept.status == status
    revisions = list(SheetRevision.objects.filter(sheet=kept).values_list("kind", "digest"))
    assert [kind for kind, _digest in revisions] == [RevisionKind.SUBMIT, RevisionKind.REOPEN]
    assert revisions[0][1]  # the signed copy's hash


@pytest.mark.parametrize("set_aside", [False, True], ids=["reopened", "reopened-then-set-aside"])
def test_the_restore_is_refused_rather_than_drop_a_dossier_with_a_sheet_once_submitted(cast, set_aside):
    s, sheet = _reopened_then_elsewhere(cast, set_aside=set_aside)
    status = SheetStatus.SUPERSEDED if set_aside else SheetStatus.DRAFT
    check = session_restore_check(s.session)
    assert check.refusal.startswith(REFUSED)
    assert "phiếu chấm đã nộp" in check.refusal
    assert [lo.item.pk for lo in check.left_out] == [s.items[0].pk]

    with pytest.raises(ValidationError, match="Không khôi phục được"):
        session_restore(session=s.session, by=cast.province_officer, leave_out={s.items[0].registration_id})
    _kept_whole(s, sheet, status)


def test_the_session_page_says_why_and_the_restore_view_refuses(cast, login):
    s, sheet = _reopened_then_elsewhere(cast)
    client = login(cast.province_officer)
    page = client.get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert 'data-testid="restore-refusal"' in page and REFUSED in page
    response = client.post(
        reverse("evaluation:session_restore", args=[s.session.pk]),
        {"leave_out": [s.items[0].registration_id], "confirmed": "1"},
        follow=True,
    )
    assert REFUSED in response.content.decode()
    _kept_whole(s, sheet, SheetStatus.DRAFT)
