"""The watch's e-mails (the window about to open, open, closing) promised "Hồ sơ được lập sẵn từ hồ sơ lần trước" also
for an old certificate recorded without its dossier, whose one-click re-evaluation starts empty
(services.expiry.reevaluation.reevaluation_prefilled, as certificate_start_reevaluation and its page's message say):
each e-mail now says what will happen."""

import datetime

import pytest

from certificates.services.expiry import certificates_flag_expiring

from .factories import make_certificate, make_product, make_registration

pytestmark = pytest.mark.django_db

V = datetime.date(2029, 8, 5)
FROM_PREVIOUS = "lập sẵn từ hồ sơ lần trước"
EMPTY = "hồ sơ đánh giá lại bắt đầu trống"


def mails_about(mailoutbox, certificate):
    return [m for m in mailoutbox if not m.subject.startswith("OCOP:") and certificate.number in m.body]


@pytest.mark.parametrize("days_left", [210, 180, 130])  # prepare, window open, window closing
def test_each_window_email_says_what_the_reevaluation_will_start_from(
    cast, mailoutbox, django_capture_on_commit_callbacks, days_left
):
    historic = make_certificate(cast.producer, valid_until=V)  # recorded without its dossier
    product = make_product(cast.producer)
    with_dossier = make_certificate(
        cast.producer, product=product, valid_until=V, registration=make_registration(product, status="decided")
    )
    if days_left == 130:  # the closing reminder follows a window notice sent at 180
        with django_capture_on_commit_callbacks(execute=True):
            certificates_flag_expiring(today=V - datetime.timedelta(days=180))
        mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=V - datetime.timedelta(days=days_left))
    (empty,) = mails_about(mailoutbox, historic)
    (prefilled,) = mails_about(mailoutbox, with_dossier)
    for mail in (empty, prefilled):
        assert mail.alternatives
    assert EMPTY in empty.body and FROM_PREVIOUS not in empty.body
    assert EMPTY in empty.alternatives[0][0] and FROM_PREVIOUS not in empty.alternatives[0][0]
    assert FROM_PREVIOUS in prefilled.body and EMPTY not in prefilled.body
