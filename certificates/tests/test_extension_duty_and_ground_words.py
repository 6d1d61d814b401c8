"""What the producer and the public read after recognition is what D26 says.

Điều 12.3 extends a certificate while a late re-evaluation is decided, and in the same sentence puts a duty on the
producer: "Trong thời gian kéo dài hiệu lực của giấy chứng nhận, chủ thể OCOP phải chịu trách nhiệm về sản phẩm
OCOP theo đúng Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP và hồ sơ đăng ký đã được cơ quan có thẩm quyền xem
xét, công nhận." The notice of the extension tells it.

Điều 8.1d reads "Chủ thể OCOP sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn về sản phẩm được công nhận":
the public verification page quotes "điểm d khoản 1 Điều 8" and must then give those words, not "sai mục đích"
(for a wrong purpose), a narrower ground than the one the decision names."""

import datetime

import pytest
from django.urls import reverse

from certificates.choices import CertificateStatus as S
from certificates.choices import RevocationGround
from certificates.services.expiry import certificates_flag_expiring
from certificates.tests.factories import CertificateFactory, DecisionFactory, revoke_with_four_eyes
from ocop.models import Notification
from products.tests.factories import ProductFactory

from .factories import make_certificate, make_registration

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
DUTY = "chịu trách nhiệm về sản phẩm OCOP theo đúng Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP"


def test_the_extension_notice_tells_the_producer_its_duty_meanwhile(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = make_certificate(cast.producer, status=S.EXPIRING, valid_until=TODAY - datetime.timedelta(days=1))
    make_registration(certificate.product, kind="reevaluation", status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=TODAY)
    certificate.refresh_from_db()
    assert certificate.status == S.EXTENDED
    notice = Notification.objects.get(user=cast.producer_owner, message__contains=certificate.number)
    assert DUTY in notice.text
    mail = next(m for m in mailoutbox if certificate.number in m.subject and cast.producer_owner.email in m.to)
    assert DUTY in " ".join(mail.body.split()) and DUTY in " ".join(mail.alternatives[0][0].split())


def test_ground_d_reads_as_the_decision_words_it():
    assert RevocationGround.MARK_MISUSE.label == (
        "d) Sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn về sản phẩm được công nhận"
    )


def test_the_verification_page_quotes_point_d_with_its_own_words(cast, client):
    certificate = CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=TODAY - datetime.timedelta(days=100)),
    )
    revoke_with_four_eyes(certificate=certificate, by=cast.province_officer, ground=RevocationGround.MARK_MISUSE)
    page = client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token])).content.decode()
    assert "điểm d khoản 1 Điều 8 Quyết định số 26/2026/QĐ-TTg — Sử dụng nhãn hiệu OCOP không đúng quy định" in page
    assert "sai mục đích" not in page
