"""A council's members learn that a session is scheduled, moved, cancelled (with its reason) or restored in the app
and by e-mail, each in their account's language, the mail queued through the outbox with the act (it leaves once
the act commits, and waits there while Redis is down). Before, scheduling told nobody and the rest were in-app
only. (The clock is pinned to 02/12/2026.)"""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation.models import CouncilSession
from evaluation.services.councils import session_create
from evaluation.services.session_schedule import session_cancel, session_reschedule, session_restore
from ocop.models import Notification, OutboxMessage

from .factories import make_council

pytestmark = pytest.mark.django_db

TASK = "evaluation.tasks.session_notice_email_task"


def _english_member(cast):
    cast.council_member.language = "en"
    cast.council_member.save(update_fields=["language"])


def _by_address(mailoutbox):
    return {address: message for message in mailoutbox for address in message.to}


def test_scheduling_tells_the_members_in_the_app_and_by_email_in_their_language(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    _english_member(cast)
    council = make_council(cast)
    with django_capture_on_commit_callbacks(execute=True):
        session = session_create(
            council=council, date=dt.date(2026, 12, 10), location="Hội trường UBND tỉnh", by=cast.province_officer
        )
    for user in (cast.council_chair, cast.council_member):
        notice = Notification.objects.get(user=user)
        assert "10/12/2026" in notice.message and "Hội trường UBND tỉnh" in notice.message
    mails = _by_address(mailoutbox)
    assert len(mailoutbox) == 2  # one message per language
    vietnamese, english = mails[cast.council_chair.email], mails[cast.council_member.email]
    assert "Lịch họp Hội đồng" in vietnamese.subject and "10/12/2026" in vietnamese.subject
    assert "họp ngày 10/12/2026, tại Hội trường UBND tỉnh" in vietnamese.body
    assert "meets on 10/12/2026" in english.body and "Kính gửi" not in english.body
    assert english.subject.startswith("[OCOP] Council session scheduled")
    path = reverse("evaluation:session_detail", args=[session.pk])
    assert path in vietnamese.body and path in english.body


def test_a_move_a_cancellation_with_its_reason_and_a_restore_are_each_emailed(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    _english_member(cast)
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10), location="UBND tỉnh")
    with django_capture_on_commit_callbacks(execute=True):
        session_reschedule(
            session=session,
            by=cast.province_officer,
            data={"date": dt.date(2026, 12, 15)},
            seen={"date": dt.date(2026, 12, 10)},
        )
    moved = _by_address(mailoutbox)
    assert "Đổi lịch phiên họp" in moved[cast.council_chair.email].subject
    assert "15/12/2026" in moved[cast.council_chair.email].body
    assert "rescheduled" in moved[cast.council_member.email].subject.lower()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, by=cast.province_officer, reason="Trùng lịch tiếp đoàn kiểm tra")
    cancelled = _by_address(mailoutbox)
    assert "Hủy phiên họp" in cancelled[cast.council_chair.email].subject
    for address in (cast.council_chair.email, cast.council_member.email):
        assert "Trùng lịch tiếp đoàn kiểm tra" in cancelled[address].body
    assert "cancelled" in cancelled[cast.council_member.email].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_restore(session=session, by=cast.province_officer)
    restored = _by_address(mailoutbox)
    assert "Khôi phục phiên họp" in restored[cast.council_chair.email].subject
    assert "restored" in restored[cast.council_member.email].body


def test_the_mail_is_queued_in_the_outbox_with_the_act_not_sent_before_it_commits(cast, mailoutbox):
    council = make_council(cast)
    session_create(council=council, date=dt.date(2026, 12, 10), by=cast.province_officer)
    row = OutboxMessage.objects.get(task=TASK)
    assert row.sent_at is None and mailoutbox == []  # the act has not committed (the test's transaction)
    assert sorted(row.args[2]) == sorted([cast.council_chair.pk, cast.council_member.pk])


def test_a_closed_account_or_a_former_member_gets_nothing(cast, mailoutbox, django_capture_on_commit_callbacks):
    council = make_council(cast)
    council.members.filter(user=cast.council_member).update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        session_create(council=council, date=dt.date(2026, 12, 10), by=cast.province_officer)
    assert [m.to for m in mailoutbox] == [[cast.council_chair.email]]
    assert not Notification.objects.filter(user=cast.council_member).exists()
