"""The producer's certificate e-mails (issued, revoked, the expiry watch's steps) and the officers' digest are
written in each reader's language: the account's, else Vietnamese; the producer's own address gets Vietnamese."""

import datetime

import pytest
from django.utils import translation

from certificates.services.expiry import certificates_flag_expiring
from certificates.tasks import certificate_notify_issued_task

from .factories import make_certificate, revoke_with_four_eyes

pytestmark = pytest.mark.django_db

V = datetime.date(2029, 8, 5)
SUBJECT_EN = "The submission window for the OCOP product re-evaluation dossier has opened (certificate {n})"


@pytest.fixture
def english_member(cast):
    cast.producer_owner.language = "en"
    cast.producer_owner.save(update_fields=["language"])
    cast.producer.email = "htx.taihoan@example.test"
    cast.producer.save(update_fields=["email"])
    return cast.producer_owner


def by_address(mailoutbox, number):
    return {tuple(m.to): m for m in mailoutbox if number in m.subject}


def test_the_issued_certificate_is_announced_in_each_readers_language(cast, english_member, mailoutbox):
    certificate = make_certificate(cast.producer, valid_until=V)
    with translation.override("vi"):
        certificate_notify_issued_task(certificate.pk)
    mails = by_address(mailoutbox, certificate.number)
    english, vietnamese = mails[(english_member.email,)], mails[("htx.taihoan@example.test",)]
    assert english.subject == f"OCOP certificate {certificate.number}: {certificate.product_name}"
    assert "has been recognised with 4 stars" in english.body and "valid until 05/08/2029" in english.body
    assert "has been recognised with 4 stars" in english.alternatives[0][0]
    assert vietnamese.subject == f"Giấy chứng nhận OCOP {certificate.number}: {certificate.product_name}"
    assert "đã được công nhận đạt 4 sao" in vietnamese.body


def test_the_revocation_is_announced_in_each_readers_language(
    cast, english_member, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = make_certificate(cast.producer, valid_until=V)
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(certificate=certificate, by=cast.province_officer, detail="Ngừng sản xuất")
    mails = by_address(mailoutbox, certificate.number)
    english, vietnamese = mails[(english_member.email,)], mails[("htx.taihoan@example.test",)]
    assert english.subject == f"OCOP certificate {certificate.number} revoked"
    assert "has been revoked by Decision No. 88/QĐ-UBND" in english.body and "Ngừng sản xuất" in english.body
    assert "may not use the OCOP label" in english.alternatives[0][0]
    assert vietnamese.subject.startswith("Thu hồi") and "đã bị thu hồi theo Quyết định số" in vietnamese.body


def test_the_expiry_watch_writes_to_each_reader_in_their_language(
    cast, english_member, mailoutbox, django_capture_on_commit_callbacks
):
    cast.commune_officer.language = "en"
    cast.commune_officer.save(update_fields=["language"])
    certificate = make_certificate(cast.producer, valid_until=V)
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=V - datetime.timedelta(days=180))
    mails = by_address(mailoutbox, certificate.number)
    assert mails[(english_member.email,)].subject == SUBJECT_EN.format(n=certificate.number)
    assert "Đã đến thời hạn nộp hồ sơ đánh giá lại" in mails[("htx.taihoan@example.test",)].subject
    digests = {tuple(m.to): m for m in mailoutbox if m.subject.startswith("OCOP:")}
    assert "certificate" in digests[(cast.commune_officer.email,)].subject
    assert "giấy chứng nhận" in digests[(cast.province_officer.email,)].subject


def test_the_extension_mail_says_until_when_the_certificate_stays_valid_in_each_language(
    cast, english_member, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Điều 12.3: the subject gives the extension's last day, in the words of `extension_note` (its day too)."""
    from certificates.services.expiry import extension_ends, extension_note
    from evaluation.tests.factories import RegistrationFactory

    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    certificate = make_certificate(cast.producer, valid_until=V, status="expiring")
    RegistrationFactory(product=certificate.product, kind="reevaluation", status="submitted")
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=V + datetime.timedelta(days=1))
    until = f"{extension_ends(V):%d/%m/%Y}"
    assert until == "01/02/2030"
    mails = by_address(mailoutbox, certificate.number)
    vietnamese, english = mails[("htx.taihoan@example.test",)], mails[(english_member.email,)]
    assert vietnamese.subject == (
        f"Giấy chứng nhận OCOP {certificate.number} được gia hạn trong khi chờ quyết định về việc đánh giá lại, "
        f"chậm nhất đến hết ngày {until}"
    )
    assert str(extension_note(V)).endswith(f"chậm nhất đến hết ngày {until}.")
    assert english.subject == (
        f"OCOP certificate {certificate.number} is extended while its re-evaluation is being decided, at the latest "
        f"until the end of {until}"
    )
