"""certificates_flag_expiring: each state change at its exact boundary day, idempotence, the officers' digest,
terminal statuses left alone, failed sends retried and visible."""

import datetime
import smtplib

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.choices import NoticeKind
from certificates.models import Certificate, CertificateNotice, OfficerDigest
from certificates.services.expiry import (
    certificate_notice_deliver,
    certificates_flag_expiring,
    expected_status,
    renewal_window,
)
from ocop.models import Notification

from .factories import make_certificate, make_product, make_registration

V = datetime.date(2029, 8, 5)  # the domain reference's example expiry


def day(offset: int) -> datetime.date:
    """The day on which d = valid_until − today equals `offset`."""
    return V - datetime.timedelta(days=offset)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return certificates_flag_expiring(today=today)

    return _run


def kinds(certificate) -> list[str]:
    return sorted(CertificateNotice.objects.filter(certificate=certificate).values_list("kind", flat=True))


def status(certificate) -> str:
    certificate.refresh_from_db()
    return certificate.status


def producer_mails(mailoutbox, certificate):
    """The producer's e-mails about `certificate` (officers' digests start with "OCOP:")."""
    return [m for m in mailoutbox if not m.subject.startswith("OCOP:") and certificate.number in m.subject]


def test_it_computes_the_domain_example_window():
    assert renewal_window(V) == (datetime.date(2029, 2, 6), datetime.date(2029, 4, 7))


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (181, S.VALID),
        (180, S.RENEWAL_WINDOW),
        (120, S.RENEWAL_WINDOW),
        (119, S.RENEWAL_WINDOW),
        (31, S.RENEWAL_WINDOW),
        (30, S.EXPIRING),
        (0, S.EXPIRING),
        (-1, S.EXPIRED),
    ],
)
def test_it_documents_the_state_of_each_boundary_day(d, expected):
    assert expected_status(V, day(d)) == expected


def test_it_enters_the_renewal_window_on_day_180_not_181(cast, run, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(181))
    assert status(certificate) == S.VALID and kinds(certificate) == [NoticeKind.PREPARE]
    mailoutbox.clear()
    run(day(180))
    assert status(certificate) == S.RENEWAL_WINDOW
    assert certificate.status_changed_on == day(180)
    assert kinds(certificate) == [NoticeKind.PREPARE, NoticeKind.RENEWAL_WINDOW]
    mails = producer_mails(mailoutbox, certificate)
    assert len(mails) == 1 and mails[0].to == [cast.producer_owner.email]
    assert "06/02/2029" in mails[0].body and "07/04/2029" in mails[0].body
    assert mails[0].alternatives and "07/04/2029" in mails[0].alternatives[0][0]
    assert certificate.renewal_notice_sent_at is not None
    assert Notification.objects.filter(user=cast.producer_owner, message__contains=certificate.number).count() == 2
    run(day(179))
    assert status(certificate) == S.RENEWAL_WINDOW and certificate.status_changed_on == day(180)
    assert len(producer_mails(mailoutbox, certificate)) == 1


def test_it_keeps_the_window_open_on_day_120_and_records_its_closing_on_day_119(cast, run, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    run(day(120))
    assert status(certificate) == S.RENEWAL_WINDOW
    assert kinds(certificate) == [NoticeKind.RENEWAL_WINDOW, NoticeKind.WINDOW_CLOSING]
    run(day(119))
    assert status(certificate) == S.RENEWAL_WINDOW
    assert kinds(certificate) == [NoticeKind.RENEWAL_WINDOW, NoticeKind.WINDOW_CLOSED, NoticeKind.WINDOW_CLOSING]
    assert CertificateNotice.objects.get(certificate=certificate, kind=NoticeKind.WINDOW_CLOSED).day == day(119)
    assert len(producer_mails(mailoutbox, certificate)) == 3


def test_it_marks_expiring_at_30_days_not_31(cast, run):
    certificate = make_certificate(cast.producer, valid_until=V, status=S.RENEWAL_WINDOW)
    run(day(31))
    assert status(certificate) == S.RENEWAL_WINDOW and NoticeKind.EXPIRING not in kinds(certificate)
    run(day(30))
    assert status(certificate) == S.EXPIRING and certificate.status_changed_on == day(30)
    assert NoticeKind.EXPIRING in kinds(certificate)
    assert certificate.expiring_notice_sent_at is not None


def test_it_keeps_the_certificate_valid_on_its_expiry_day_and_expires_it_the_day_after(cast, run, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V, status=S.EXPIRING)
    run(day(0))
    assert status(certificate) == S.EXPIRING and NoticeKind.EXPIRED not in kinds(certificate)
    run(day(-1))
    assert status(certificate) == S.EXPIRED and certificate.status_changed_on == day(-1)
    assert kinds(certificate) == [NoticeKind.EXPIRED]
    assert certificate.expired_notice_sent_at is not None
    assert len(producer_mails(mailoutbox, certificate)) == 1
    # The in-app notice names the last valid day as such: the certificate expired after it, not "from" it.
    assert Notification.objects.filter(
        message__contains=f"{certificate.number} ({certificate.product_name}) đã hết hạn: hiệu lực đến hết ngày 05/08/2029"
    ).exists()


def test_an_expired_certificate_takes_its_product_out_of_the_recognised(cast, run):
    """The products' lists, the home's "recognised" count and the statistics read the product's stored status: the
    sweep that expires its certificate stores the product's status too."""
    from products.choices import ProductStatus
    from products.services import product_refresh_status

    certificate = make_certificate(cast.producer, valid_until=V, status=S.EXPIRING)
    pending = make_certificate(cast.producer, valid_until=V, status=S.EXPIRING, star=3)
    make_registration(pending.product, kind="reevaluation", status="advisory_review")
    for product in (certificate.product, pending.product):
        product_refresh_status(product=product)
    run(day(-1))
    certificate.product.refresh_from_db()
    pending.product.refresh_from_db()
    assert (certificate.product.status, certificate.product.current_star) == (ProductStatus.EXPIRED, None)
    assert (pending.product.status, pending.product.current_star) == (ProductStatus.RECOGNISED, 3)  # extended
    run(day(-181))
    pending.product.refresh_from_db()
    assert (pending.product.status, pending.product.current_star) == (ProductStatus.IN_EVALUATION, None)


def test_it_heals_a_product_left_recognised_without_a_live_certificate(cast, run):
    """A certificate expired by an earlier version of the sweep (which did not store the product's status) left its
    product "Đã công nhận": the next run derives it again."""
    from products.choices import ProductStatus
    from products.models import Product

    certificate = make_certificate(cast.producer, valid_until=V, status=S.EXPIRED)
    Product.objects.filter(pk=certificate.product_id).update(status=ProductStatus.RECOGNISED, current_star=4)
    assert run(day(-5))["products_refreshed"] == 1
    certificate.product.refresh_from_db()
    assert (certificate.product.status, certificate.product.current_star) == (ProductStatus.EXPIRED, None)
    assert run(day(-6))["products_refreshed"] == 0


def test_it_extends_while_a_reevaluation_is_pending_for_at_most_180_days(cast, run):
    certificate = make_certificate(cast.producer, valid_until=V, status=S.EXPIRING)
    make_registration(certificate.product, kind="reevaluation", status="advisory_review")
    run(day(-1))
    assert status(certificate) == S.EXTENDED and kinds(certificate) == [NoticeKind.EXTENDED]
    run(day(-180))
    assert status(certificate) == S.EXTENDED
    run(day(-181))
    assert status(certificate) == S.EXPIRED
    assert kinds(certificate) == [NoticeKind.EXPIRED, NoticeKind.EXTENDED]


def test_it_ends_the_extension_when_the_dossier_is_closed(cast, run):
    certificate = make_certificate(cast.producer, valid_until=V, status=S.EXPIRING)
    registration = make_registration(certificate.product, kind="reevaluation", status="submitted")
    run(day(-1))
    assert status(certificate) == S.EXTENDED
    registration.status = "not_recognised"
    registration.save(update_fields=["status"])
    run(day(-2))
    assert status(certificate) == S.EXPIRED


def test_it_does_not_extend_for_a_draft_or_when_the_extension_is_turned_off(cast, run, settings):
    drafted = make_certificate(cast.producer, valid_until=V, status=S.EXPIRING)
    make_registration(drafted.product, kind="reevaluation", status="draft")
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 0
    pending = make_certificate(cast.producer, valid_until=V, status=S.EXPIRING)
    make_registration(pending.product, kind="reevaluation", status="submitted")
    run(day(-1))
    assert status(drafted) == S.EXPIRED and status(pending) == S.EXPIRED


@pytest.mark.parametrize("terminal", [S.REVOKED, S.SUPERSEDED])
@pytest.mark.parametrize("d", [180, 119, 30, 0, -1, -200])
def test_it_leaves_revoked_and_superseded_certificates_alone(cast, run, mailoutbox, terminal, d):
    certificate = make_certificate(cast.producer, valid_until=V, status=terminal)
    make_registration(certificate.product, kind="reevaluation", status="submitted")
    run(day(d))
    assert status(certificate) == terminal and certificate.status_changed_on is None
    assert kinds(certificate) == [] and mailoutbox == []


def test_it_jumps_a_late_certificate_straight_to_its_state_with_that_notice_only(cast, run):
    closed = make_certificate(cast.producer, valid_until=V + datetime.timedelta(days=60))  # d = 60 on day(0)
    lapsed = make_certificate(cast.producer, valid_until=V - datetime.timedelta(days=5))
    run(day(0))
    assert status(closed) == S.RENEWAL_WINDOW and kinds(closed) == [NoticeKind.WINDOW_CLOSED]
    assert status(lapsed) == S.EXPIRED and kinds(lapsed) == [NoticeKind.EXPIRED]


def test_it_is_idempotent_two_runs_one_email(cast, run, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    first = run(day(180))
    second = run(day(180))
    assert first["renewal_window"] == 1
    assert second["renewal_window"] == 0 and second["notices_queued"] == 0 and second["digests_queued"] == 0
    assert status(certificate) == S.RENEWAL_WINDOW
    assert len(producer_mails(mailoutbox, certificate)) == 1
    assert Notification.objects.filter(user=cast.producer_owner).count() == 1
    # one producer e-mail + one digest each for the commune and the province officer
    assert len(mailoutbox) == 3


def test_it_sends_each_responsible_officer_one_digest_for_ten_certificates(cast, run, mailoutbox):
    certificates = [make_certificate(cast.producer, valid_until=V) for _ in range(10)]
    far = make_certificate(cast.other_producer_org, valid_until=V)
    run(day(180))
    digests = {tuple(m.to): m for m in mailoutbox if m.subject.startswith("OCOP:")}
    assert set(digests) == {(cast.commune_officer.email,), (cast.province_officer.email,), (cast.outsider.email,)}
    for officer in (cast.commune_officer, cast.province_officer):
        body = digests[(officer.email,)].body
        assert all(c.number in body for c in certificates) and far.number not in body
        assert "10" in digests[(officer.email,)].subject
        assert OfficerDigest.objects.get(user=officer, day=day(180)).certificate_count == 10
    assert far.number in digests[(cast.outsider.email,)].body
    assert certificates[0].number not in digests[(cast.outsider.email,)].body
    assert not any(cast.other_commune_officer.email in m.to for m in mailoutbox)
    run(day(180))
    run(day(179))
    assert len([m for m in mailoutbox if m.subject.startswith("OCOP:")]) == 3


def test_it_records_a_failed_send_releases_the_claim_and_sends_once_later(cast, run, settings, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    settings.EMAIL_BACKEND = "ocop.testing.RefusingMailServer"
    certificates_flag_expiring(today=day(180))  # queued on commit, which never comes in this test: deliver by hand
    notice = CertificateNotice.objects.get(certificate=certificate)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        certificate_notice_deliver(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.sent_at is None and notice.claimed_at is None and notice.attempts == 1
    assert "SMTPServerDisconnected" in notice.last_error
    assert Notification.objects.filter(user=cast.producer_owner).count() == 1  # in-app notice not held back
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(day(179))  # the next run queues the unsent notice again
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.last_error == "" and notice.attempts == 2
    assert len(producer_mails(mailoutbox, certificate)) == 1
    assert certificate_notice_deliver(notice_id=notice.pk) is False
    assert Notification.objects.filter(user=cast.producer_owner).count() == 1


def test_it_runs_from_the_command_with_a_given_day(cast, capsys, django_capture_on_commit_callbacks):
    certificate = make_certificate(cast.producer, valid_until=V)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag_expiring_certificates", "--today", day(30).isoformat())
    assert status(certificate) == S.EXPIRING
    assert "expiring: 1" in capsys.readouterr().out


def test_it_refuses_a_malformed_day_in_the_command(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("flag_expiring_certificates", "--today", "05/08/2029")


def test_it_is_scheduled_in_code_with_a_registered_task():
    from ocop.celery import app

    entry = app.conf.beat_schedule["certificates-flag-expiring"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_it_moves_many_certificates_in_chunks(cast, run, monkeypatch):
    from certificates.services.expiry import sweep

    monkeypatch.setattr(sweep, "CHUNK", 3)
    product = make_product(cast.producer)
    certificates = [
        make_certificate(cast.producer, valid_until=V, product=product if i == 0 else None) for i in range(8)
    ]
    counts = run(day(30))
    assert counts["expiring"] == 8
    assert Certificate.objects.filter(pk__in=[c.pk for c in certificates], status=S.EXPIRING).count() == 8


def test_it_finishes_the_sweep_when_the_mail_server_fails_and_shows_the_errors(cast, run, settings, mailoutbox):
    settings.EMAIL_BACKEND = "ocop.testing.RefusingMailServer"
    first = make_certificate(cast.producer, valid_until=V)
    second = make_certificate(cast.producer, valid_until=day(180) + datetime.timedelta(days=20))  # d = 20
    counts = run(day(180))  # eager (the embedded default): nothing raises out of the job
    assert counts["renewal_window"] == 1 and counts["expiring"] == 1
    notices = CertificateNotice.objects.filter(certificate__in=[first, second])
    assert notices.count() == 2
    assert all(n.sent_at is None and n.attempts == 1 and "SMTPServerDisconnected" in n.last_error for n in notices)
    digests = OfficerDigest.objects.filter(day=day(180))
    assert digests.count() == 2 and all(d.sent_at is None and d.last_error for d in digests)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run(day(180))  # a rerun the same day delivers what failed, once
    assert CertificateNotice.objects.filter(sent_at__isnull=True).count() == 0
    assert OfficerDigest.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mailoutbox) == 4


def test_it_retries_a_failed_send_on_a_worker_with_backoff(cast, settings, monkeypatch):
    from celery.exceptions import Retry

    from certificates.tasks.expiry import backoff, certificate_notice_deliver_task

    settings.EMAIL_BACKEND = "ocop.testing.RefusingMailServer"
    make_certificate(cast.producer, valid_until=V)
    certificates_flag_expiring(today=day(180))
    notice = CertificateNotice.objects.get()
    # As a worker would run it (not eagerly): the task asks Celery to retry later.
    monkeypatch.setattr(certificate_notice_deliver_task, "retry", lambda exc, countdown: Retry(exc=exc, when=countdown))
    with pytest.raises(Retry) as retried:
        certificate_notice_deliver_task.run(notice.pk)
    assert retried.value.when == backoff(0) == 60
    assert backoff(10) == 3600


def test_it_leaves_each_officer_one_in_app_notice_with_the_digest(cast, run):
    for _ in range(3):
        make_certificate(cast.producer, valid_until=V)
    run(day(180))
    run(day(180))
    notices = Notification.objects.filter(user=cast.commune_officer)
    assert [n.message for n in notices] == [
        "3 giấy chứng nhận thuộc địa bàn đến mốc nhắc hạn hoặc đổi trạng thái ngày 06/02/2029."
    ]


def test_the_digest_opens_the_list_on_the_certificates_it_counts(cast, run, login):
    """ "3 giấy chứng nhận … ngày 06/02/2029" opened the whole expiry list: the office had to find which three."""
    import time_machine

    earlier = make_certificate(cast.producer, valid_until=V + datetime.timedelta(days=1))
    run(day(181))  # the day before: `earlier` enters its window, the three not yet
    stepped = [make_certificate(cast.producer, valid_until=V) for _ in range(3)]
    run(day(180))
    notice = Notification.objects.filter(user=cast.province_officer).latest("pk")
    assert notice.message.startswith("3 giấy chứng nhận") and "step_day=06/02/2029" in notice.url
    with time_machine.travel(datetime.datetime(2029, 2, 6, 2, tzinfo=datetime.UTC), tick=False):  # 9:00 in Vietnam
        listed = login(cast.province_officer).get(notice.url).context["page"]
    assert sorted(c.pk for c in listed) == sorted(c.pk for c in stepped) and earlier.pk not in {c.pk for c in listed}


# Reminders that change no status (domain reference §8: −210, −180, −130, −120, 0).


def test_it_reminds_the_producer_to_prepare_30_days_before_the_window_opens(cast, run, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(211))
    assert kinds(certificate) == []
    run(day(210))
    assert status(certificate) == S.VALID and certificate.status_changed_on is None
    assert kinds(certificate) == [NoticeKind.PREPARE]
    mails = producer_mails(mailoutbox, certificate)
    assert len(mails) == 1 and mails[0].to == [cast.producer_owner.email]
    assert "06/02/2029" in mails[0].subject  # the day the window opens
    assert "06/02/2029" in mails[0].body and "07/04/2029" in mails[0].body
    assert "07/04/2029" in mails[0].alternatives[0][0]
    assert f"/certificates/{certificate.pk}/" in mails[0].body  # its own page: not on the expiry list yet
    note = Notification.objects.get(user=cast.producer_owner, message__contains=certificate.number)
    assert "chuẩn bị hồ sơ" in note.message and note.url.endswith(f"/certificates/{certificate.pk}/")
    run(day(195))
    run(day(181))
    assert kinds(certificate) == [NoticeKind.PREPARE]
    assert len(producer_mails(mailoutbox, certificate)) == 1


def test_a_certificate_first_seen_inside_the_window_gets_no_prepare_reminder(cast, run):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(170))
    assert kinds(certificate) == [NoticeKind.RENEWAL_WINDOW]


def test_it_reminds_ten_days_before_the_window_closes_when_nothing_is_filed(cast, run, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    run(day(131))
    assert NoticeKind.WINDOW_CLOSING not in kinds(certificate)
    mailoutbox.clear()
    run(day(130))
    assert status(certificate) == S.RENEWAL_WINDOW and certificate.status_changed_on == day(180)
    assert NoticeKind.WINDOW_CLOSING in kinds(certificate)
    mails = producer_mails(mailoutbox, certificate)
    assert len(mails) == 1 and "07/04/2029" in mails[0].subject
    assert "còn 11 ngày" in mails[0].body
    run(day(125))
    assert len(producer_mails(mailoutbox, certificate)) == 1


def test_it_sends_no_closing_reminder_once_a_reevaluation_is_filed(cast, run):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    make_registration(certificate.product, kind="reevaluation", status="submitted")
    run(day(130))
    assert NoticeKind.WINDOW_CLOSING not in kinds(certificate)


def test_a_draft_reevaluation_still_gets_the_closing_reminder(cast, run):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    make_registration(certificate.product, kind="reevaluation", status="draft")
    run(day(130))
    assert NoticeKind.WINDOW_CLOSING in kinds(certificate)


def test_a_window_opened_late_is_not_followed_by_a_closing_reminder(cast, run, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(128))  # first seen with 8 days left to file: the window notice gives the last day
    run(day(127))
    run(day(120))
    assert kinds(certificate) == [NoticeKind.RENEWAL_WINDOW]
    assert len(producer_mails(mailoutbox, certificate)) == 1


def test_a_producer_who_filed_in_time_is_not_told_the_window_closed(cast, run, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    make_registration(certificate.product, kind="reevaluation", status="forwarded")
    mailoutbox.clear()
    run(day(119))
    assert status(certificate) == S.RENEWAL_WINDOW
    notice = CertificateNotice.objects.get(certificate=certificate, kind=NoticeKind.WINDOW_CLOSED)
    assert notice.sent_at is not None and notice.recipients == ""  # recorded, settled, never re-queued
    assert producer_mails(mailoutbox, certificate) == []
    assert not Notification.objects.filter(user=cast.producer_owner, message__contains="Đã hết thời hạn").exists()
    assert any(certificate.number in m.body for m in mailoutbox if m.subject.startswith("OCOP:"))  # officers know


def test_a_producer_who_filed_in_time_and_has_the_dossier_back_is_not_told_it_is_late(cast, run, mailoutbox):
    """Filed within the window and returned to complete: completing it is not a late filing (the first submission
    is the filing day, evaluation.selectors.reevaluation.filed_on), so no "the window has closed, file late now"."""
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    registration = make_registration(certificate.product, kind="reevaluation", status="returned")
    filed_at = datetime.datetime.combine(day(170), datetime.time(10), tzinfo=timezone.get_current_timezone())
    type(registration).objects.filter(pk=registration.pk).update(submitted_at=filed_at, first_submitted_at=filed_at)
    mailoutbox.clear()
    run(day(119))
    assert CertificateNotice.objects.filter(certificate=certificate, kind=NoticeKind.WINDOW_CLOSED).exists()
    assert producer_mails(mailoutbox, certificate) == []


def test_a_producer_without_a_dossier_is_told_the_window_closed(cast, run, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    mailoutbox.clear()
    run(day(119))
    assert len(producer_mails(mailoutbox, certificate)) == 1
