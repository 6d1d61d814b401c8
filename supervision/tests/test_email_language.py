"""The producer's supervision e-mails and the officers' digest lines are written in each reader's language (the
account's; else Vietnamese): a producer whose member works in English gets the step in English at the member's
address and in Vietnamese at the producer's own."""

import pytest
from django.utils import timezone, translation

from .test_follow_up import deliver, remedy_due
from .test_outcomes import remedied

pytestmark = pytest.mark.django_db


def test_the_conclusion_reaches_each_address_in_its_readers_language(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    cast.producer_owner.language = "en"
    cast.producer_owner.save(update_fields=["language"])
    cast.producer.email = "htx.taihoan@example.test"
    cast.producer.save(update_fields=["email"])
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        inspection = remedied(cast)
    mails = {tuple(m.to): m for m in mailoutbox if inspection.product.name in m.subject}
    english = mails[(cast.producer_owner.email,)]
    vietnamese = mails[("htx.taihoan@example.test",)]
    assert english.subject.startswith("Inspection and supervision of OCOP products")
    assert "Dear" in english.body and "Thay nhãn ghi đúng 4 sao" in english.body
    assert "Kính gửi" not in english.body and "Kết luận" not in english.body
    assert vietnamese.subject.startswith("Kiểm tra, giám sát sản phẩm OCOP")
    assert "Kết luận" in vietnamese.body and "Thay nhãn ghi đúng 4 sao" in vietnamese.body


def test_an_officer_who_works_in_english_reads_the_supervision_lines_of_the_digest_in_english(cast, mailoutbox):
    cast.province_officer.language = "en"
    cast.province_officer.save(update_fields=["language"])
    inspection = remedy_due(cast, -2)
    mailoutbox.clear()
    with translation.override("vi"):
        deliver(timezone.localdate())
    got = {tuple(m.to): m for m in mailoutbox}
    english = got[(cast.province_officer.email,)].body
    assert "Remedy overdue" in english and inspection.product.name in english and "Quá hạn khắc phục" not in english
    assert "Quá hạn khắc phục" in got[(inspection.inspectors.first().email,)].body


def test_a_retried_step_leaves_one_in_app_notice(cast, mailoutbox, mail_refused_once):
    """The producer's in-app notice is written, then the e-mail sent; when the mail server refused it (OSError, which
    the task retries), every retry wrote the in-app notice again: up to six of the same. One notice, and the e-mail
    once the retry gets through."""
    from ocop.models import Notification
    from supervision.tasks import supervision_notify_producer_task

    from .factories import scheduled

    inspection = scheduled(cast)  # its own notice's task is queued on commit, which never comes in this test
    supervision_notify_producer_task.apply(args=["scheduled", inspection.pk], throw=False)  # the retry runs at once
    assert len(mail_refused_once) == 2 and len(mailoutbox) == 1
    assert Notification.objects.filter(user=cast.producer_owner).count() == 1
