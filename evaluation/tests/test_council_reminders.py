"""Reminder e-mails to members with unsubmitted sheets before the session date (Celery, idempotent)."""

import datetime

from django.core.management import call_command

from evaluation.models.councils import ReminderLog
from evaluation.tasks import sheet_reminders_task

from .factories import declare_and_open, setup_scoring, submit


def test_it_reminds_only_members_who_have_not_submitted_once_a_day(cast, mailoutbox):
    s = setup_scoring(cast, extra_members=(("council_third", "member"), ("council_fourth", "member")))
    submit(s.item, s.chair, s.card)
    declare_and_open(s.item, s.others[1], conflict=True, reason="Người nhà")  # recused: no reminder
    assert sheet_reminders_task.delay().get() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["council_member@example.test", "council_third@example.test"]
    assert "Nhắc nộp phiếu chấm điểm OCOP" in mailoutbox[0].subject and "Sản phẩm 1" in mailoutbox[0].body
    assert sheet_reminders_task.delay().get() == 0  # a rerun sends nothing twice
    assert len(mailoutbox) == 2 and ReminderLog.objects.count() == 2


def test_it_ignores_sessions_far_ahead_or_past(cast, mailoutbox):
    s = setup_scoring(cast)
    call_command("send_sheet_reminders", today=s.session.date + datetime.timedelta(days=1))
    call_command("send_sheet_reminders", today=s.session.date - datetime.timedelta(days=5))
    assert mailoutbox == []


def test_it_reminds_members_of_a_written_opinion_of_its_deadline(cast, mailoutbox):
    from evaluation.choices import SessionMode

    s = setup_scoring(cast)
    type(s.session).objects.filter(pk=s.session.pk).update(mode=SessionMode.WRITTEN)
    assert sheet_reminders_task.delay().get() == 3
    assert "lấy ý kiến bằng văn bản" in mailoutbox[0].subject and "hạn gửi phiếu" in mailoutbox[0].body


def test_it_reminds_each_member_in_the_language_of_their_account(cast, mailoutbox):
    cast.council_member.language = "en"
    cast.council_member.save(update_fields=["language"])
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)
    assert sheet_reminders_task.delay().get() == 2
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects[cast.council_member.email].startswith("Reminder to submit OCOP score sheets")
    assert all(
        subject.startswith("Nhắc nộp phiếu") for to, subject in subjects.items() if to != cast.council_member.email
    )


def test_a_member_whose_account_is_closed_is_not_reminded_nor_counted(cast, mailoutbox):
    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)
    cast.council_member.is_active = False
    cast.council_member.save(update_fields=["is_active"])
    assert sheet_reminders_task.delay().get() == 1
    assert cast.council_member.email not in [m.to[0] for m in mailoutbox] and len(mailoutbox) == 1
    assert not ReminderLog.objects.filter(member__user=cast.council_member).exists()


def test_a_reminder_the_mail_server_refused_is_sent_when_the_task_retries(cast, mailoutbox, monkeypatch):
    """The (session, member, day) claim was committed before the e-mail went: when the mail server refused it
    (OSError, which the task retries), the retry found the claim and skipped that member, who was never reminded.
    The claim goes with the failure, so the retry sends it (and still nothing twice)."""
    import pytest

    from evaluation.services.council_reminders import sheet_reminders_send
    from ocop import emails

    s = setup_scoring(cast)
    submit(s.item, s.chair, s.card)
    real, calls = emails.send_templated_to, []

    def flaky(*args, **kwargs):
        calls.append(kwargs["users"][0].email)
        if len(calls) == 2:
            raise ConnectionRefusedError("SMTP down")
        return real(*args, **kwargs)

    monkeypatch.setattr(emails, "send_templated_to", flaky)
    with pytest.raises(OSError):
        sheet_reminders_send()  # the first member is reminded, the second's mail fails
    assert len(mailoutbox) == 1
    assert sheet_reminders_send() == 1  # the task's retry
    assert sorted(m.to[0] for m in mailoutbox) == sorted(set(calls))
    assert sheet_reminders_send() == 0 and len(mailoutbox) == 2 and ReminderLog.objects.count() == 2
