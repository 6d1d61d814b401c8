"""An extended certificate (Điều 12.3) is past the last valid day printed on it. Wherever the public or the producer
is told how long it is valid — the verification page and the lookup by number, the public product page, the
certificate's own pages, the producer's notice and e-mail — they read one sentence (extension_note): extended under
Điều 12.3 while its re-evaluation is decided, at the latest until the extension's last day; never the printed day
as if it were the last. The API keeps `valid_until` as printed and gives the extension's last day apart."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.choices import NoticeKind
from certificates.models import Certificate, CertificateNotice
from certificates.services.expiry import certificates_flag_expiring
from ocop.models import Notification

from .factories import make_certificate, make_registration

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
PRINTED = TODAY - datetime.timedelta(days=10)  # the last valid day printed on the certificate
EXTENSION_ENDS = PRINTED + datetime.timedelta(days=180)


def note(until: datetime.date = EXTENSION_ENDS) -> str:
    return (
        "Giấy chứng nhận được gia hạn theo Điều 12 khoản 3 Quyết định 26/2026/QĐ-TTg trong khi chờ quyết định về "
        f"việc đánh giá lại, chậm nhất đến hết ngày {until:%d/%m/%Y}."
    )


@pytest.fixture
def extended(cast, settings):
    """The cast's certified product, its certificate extended: past its printed expiry, a re-evaluation filed."""
    from api.tests.factories import certified_world

    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    product = certified_world(cast)["mine"]
    Certificate.objects.filter(product=product).update(status=S.EXTENDED, valid_until=PRINTED)
    make_registration(product, kind="reevaluation", status="submitted")
    return product.certificates.get()


def test_the_verification_page_says_extended_until_the_extensions_last_day(client, extended):
    page = client.get(reverse("certificates:certificate_verify", args=[extended.verify_token])).content.decode()
    assert 'data-status="extended"' in page
    assert page.count(note()) == 2  # the verdict, and beside the printed dates in "Hiệu lực"
    assert f"có hiệu lực đến hết ngày {PRINTED:%d/%m/%Y}" not in page


def test_the_lookup_by_number_lists_the_extension_of_each_certificate(client, cast, extended):
    other = make_certificate(cast.producer, valid_until=TODAY + datetime.timedelta(days=400), is_historic=True)
    Certificate.objects.filter(pk__in=[extended.pk, other.pk]).update(number="01/GCN-UBND", is_historic=True)
    page = client.get(reverse("portal:certificate_lookup"), {"number": "01/GCN-UBND"}).content.decode()
    assert page.count('data-testid="lookup-verdict"') == 2
    assert page.count(note()) == 1  # the extended one only


def test_the_public_product_page_reads_the_same_sentence(client, extended):
    page = client.get(reverse("portal:product_short", args=[extended.product_id]), follow=True).content.decode()
    assert note() in page


def test_the_producers_pages_read_the_same_sentence(login, cast, extended):
    client = login(cast.producer_owner)
    assert note() in client.get(reverse("certificates:certificate_detail", args=[extended.pk])).content.decode()
    assert note() in client.get(reverse("certificates:certificate_list")).content.decode()
    home = client.get(reverse("home")).content.decode()
    assert note() in home and f"hiệu lực đến {PRINTED:%d/%m/%Y}" not in home


def test_the_api_keeps_the_printed_day_and_gives_the_extensions_last_day_apart(client, extended):
    by_token = client.get(reverse("api:public_certificate_verify", args=[extended.verify_token])).json()
    by_number = client.get(reverse("api:public_certificate_list"), {"number": extended.number}).json()["results"]
    for answer in (by_token, *by_number):
        assert answer["verdict"] == "extended"
        assert answer["valid_until"] == PRINTED.isoformat()
        assert answer["extended_until"] == EXTENSION_ENDS.isoformat()


def test_the_producers_notice_and_e_mail_read_the_same_sentence(cast, mailoutbox, django_capture_on_commit_callbacks):
    """The sweep of the day after the expiry extends a certificate with a late re-evaluation filed, and tells the
    producer so; when the extension ends, the expiry notice says that, not "valid until" the printed day."""
    valid_until = TODAY - datetime.timedelta(days=1)
    certificate = make_certificate(cast.producer, status=S.EXPIRING, valid_until=valid_until)
    dossier = make_registration(certificate.product, kind="reevaluation", status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=TODAY)
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED
    sentence = note(valid_until + datetime.timedelta(days=180))

    notice = Notification.objects.get(user=cast.producer_owner, message__contains=certificate.number)
    assert sentence in notice.message and sentence in notice.text
    mail = next(m for m in mailoutbox if certificate.number in m.subject and cast.producer_owner.email in m.to)
    html = mail.alternatives[0][0]
    for body in (mail.body, html):
        assert sentence in body
        assert f"{valid_until:%d/%m/%Y}" not in body  # the printed day is not given as the last valid one

    # The dossier is withdrawn: the extension ends, and the producer is told that it has.
    dossier.status = "withdrawn"
    dossier.save(update_fields=["status"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=TODAY + datetime.timedelta(days=1))
    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED
    assert CertificateNotice.objects.filter(certificate=certificate, kind=NoticeKind.EXPIRED).exists()
    ended = "thời gian gia hạn trong khi chờ quyết định về việc đánh giá lại"
    notices = Notification.objects.filter(user=cast.producer_owner, message__contains="đã hết hiệu lực")
    assert [ended in n.message for n in notices] == [True]
    mail = next(m for m in mailoutbox if certificate.number in m.subject and cast.producer_owner.email in m.to)
    assert ended in mail.body and f"hết hiệu lực sau ngày {valid_until:%d/%m/%Y}" not in mail.body


def test_a_certificate_that_was_never_extended_keeps_its_expiry_notice(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    valid_until = timezone.localdate() - datetime.timedelta(days=1)
    certificate = make_certificate(cast.producer, status=S.EXPIRING, valid_until=valid_until)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=timezone.localdate())
    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED
    mail = next(m for m in mailoutbox if certificate.number in m.subject and cast.producer_owner.email in m.to)
    assert f"hết hiệu lực sau ngày {valid_until:%d/%m/%Y}" in mail.body
