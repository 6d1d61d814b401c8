"""The window closing (d = 130..120, Điều 7.6a) of a certificate whose re-evaluation the commune or the province
returned to the producer to complete (Điều 7.3a). By the watch's one rule it is filed (renewal_filed_q: the first
submission is the filing day, the producer is not told to file again), and the sweep stopped recording the step for
it, so the officers' digest did not list it at all. Yet it is at risk: the council's 45 days run only from a complete
dossier (Điều 7.6g), and it is the producer's turn while the window closes. The sweep records the step for it and the
digest lists it as such; a dossier properly filed (with the commune or the province) still needs no reminder."""

import datetime

import pytest

from certificates.choices import CertificateStatus as S
from certificates.choices import NoticeKind
from certificates.models import CertificateNotice
from certificates.services.expiry import certificates_flag_expiring

from .factories import make_certificate
from .test_expiry_list_in_time import filed

pytestmark = pytest.mark.django_db

V = datetime.date(2029, 8, 5)
AT_RISK = "Sắp hết thời hạn nộp, hồ sơ đánh giá lại bị trả lại chưa hoàn thiện: chủ thể cần hoàn thiện ngay"


def day(offset: int) -> datetime.date:
    return V - datetime.timedelta(days=offset)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return certificates_flag_expiring(today=today)

    return _run


def _digest_lines(mailoutbox, officer) -> list[str]:
    digest = next(m for m in mailoutbox if m.subject.startswith("OCOP:") and officer.email in m.to)
    return [line for line in digest.body.splitlines() if line.startswith("- ")]


def _producer_mails(mailoutbox, certificate) -> list:
    return [m for m in mailoutbox if not m.subject.startswith("OCOP:") and certificate.number in m.subject]


def test_a_returned_reevaluation_is_listed_at_risk_when_its_window_closes(cast, run, mailoutbox):
    returned = make_certificate(cast.producer, valid_until=V)
    nothing = make_certificate(cast.producer, valid_until=V)  # the plain reminder, for comparison
    run(day(180))
    filed(returned, day(170), status="returned")  # filed in the window, then back with the producer to complete
    mailoutbox.clear()
    run(day(130))
    assert CertificateNotice.objects.filter(certificate=returned, kind=NoticeKind.WINDOW_CLOSING).exists()
    lines = _digest_lines(mailoutbox, cast.commune_officer)
    line_of = {c.number: next(line for line in lines if c.number in line) for c in (returned, nothing)}
    assert line_of[returned.number].startswith(f"- {AT_RISK}:")
    assert line_of[nothing.number].startswith(f"- {NoticeKind.WINDOW_CLOSING.label}:")
    # The producer filed: it is not asked to file now (the return told it what to complete).
    assert _producer_mails(mailoutbox, returned) == [] and len(_producer_mails(mailoutbox, nothing)) == 1


def test_the_digest_lists_it_in_the_officers_language(cast, run, mailoutbox):
    cast.commune_officer.language = "en"
    cast.commune_officer.save(update_fields=["language"])
    returned = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    filed(returned, day(170), status="returned")
    mailoutbox.clear()
    run(day(130))
    [line] = [line for line in _digest_lines(mailoutbox, cast.commune_officer) if returned.number in line]
    assert AT_RISK not in line and "complete" in line.lower()


@pytest.mark.parametrize("status", ["submitted", "ready_for_council"])
def test_a_properly_filed_reevaluation_needs_no_closing_reminder(cast, run, mailoutbox, status):
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    filed(certificate, day(170), status=status)
    mailoutbox.clear()
    run(day(130))
    assert not CertificateNotice.objects.filter(certificate=certificate, kind=NoticeKind.WINDOW_CLOSING).exists()
    assert _producer_mails(mailoutbox, certificate) == []
    assert not [m for m in mailoutbox if certificate.number in m.body]  # nor a digest line: nothing to do


def test_a_returned_reevaluation_is_still_extended_and_reads_filed_on_the_list(cast, run):
    # The decision above changes no status: the certificate stays in its window, its dossier pending (Điều 12.3).
    certificate = make_certificate(cast.producer, valid_until=V)
    run(day(180))
    filed(certificate, day(170), status="returned")
    run(day(130))
    certificate.refresh_from_db()
    assert certificate.status == S.RENEWAL_WINDOW
