"""A superseded certificate's page points to the certificate that certifies the product today, or says plainly that
there is none: a newer certificate since revoked or expired leaves the product without the OCOP mark."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus
from certificates.tests.factories import CertificateFactory, DecisionFactory, result_for
from evaluation.choices import RegistrationKind
from evaluation.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

REISSUED = "cấp giấy chứng nhận mới."
UPGRADED = "Sản phẩm đã được nâng hạng và cấp giấy chứng nhận mới."
REEVALUATED = "Sản phẩm đã được đánh giá lại và cấp giấy chứng nhận mới."
NONE_LIVE = "hiện sản phẩm không có giấy chứng nhận OCOP nào còn hiệu lực"


@pytest.fixture
def product(cast):
    return result_for(cast.producer, name="Chè Tân Cương").registration.product


def url(c):
    return reverse("certificates:certificate_verify", args=[c.verify_token])


def _old(product, successor):
    return CertificateFactory(
        product=product,
        decision=DecisionFactory(date=date(2023, 11, 1)),
        status=CertificateStatus.SUPERSEDED,
        superseded_by=successor,
    )


@pytest.mark.parametrize(
    ("status", "decided"),
    [(CertificateStatus.REVOKED, date(2025, 6, 1)), (CertificateStatus.EXPIRED, date(2023, 11, 20))],
)
def test_a_successor_no_longer_live_leaves_the_product_without_a_valid_certificate(client, product, status, decided):
    new = CertificateFactory(product=product, decision=DecisionFactory(date=decided), status=status)
    page = client.get(url(_old(product, new))).content.decode()
    assert REISSUED not in page
    assert NONE_LIVE in page and "Sản phẩm không được sử dụng nhãn hiệu OCOP." in page
    assert url(new) not in page


def test_a_live_successor_is_linked(client, product):
    new = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate()))
    page = client.get(url(_old(product, new))).content.decode()
    assert REISSUED in page and url(new) in page and NONE_LIVE not in page


def test_a_successor_superseded_in_turn_points_to_the_live_one(client, product):
    newest = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate()))
    middle = CertificateFactory(
        product=product,
        decision=DecisionFactory(date=date(2025, 3, 1)),
        status=CertificateStatus.SUPERSEDED,
        superseded_by=newest,
    )
    page = client.get(url(_old(product, middle))).content.decode()
    assert REISSUED in page and url(newest) in page and NONE_LIVE not in page


@pytest.mark.parametrize(
    ("kind", "said", "not_said"),
    [
        (RegistrationKind.UPGRADE, UPGRADED, "đánh giá lại"),
        (RegistrationKind.REEVALUATION, REEVALUATED, "nâng hạng"),
        (None, "Sản phẩm đã được cấp giấy chứng nhận mới.", "đánh giá lại"),  # no dossier: a certificate from before
    ],
)
def test_the_page_says_how_the_newer_certificate_came(client, product, kind, said, not_said):
    """A certificate superseded by an upgrade (nâng hạng, Điều 7.5) read "Sản phẩm đã được đánh giá lại"."""
    registration = RegistrationFactory(product=product, kind=kind) if kind else None
    new = CertificateFactory(
        product=product, decision=DecisionFactory(date=timezone.localdate()), registration=registration
    )
    page = client.get(url(_old(product, new))).content.decode()
    reason = page.split('data-testid="verify-successor-reason">')[1].split("<a ")[0]
    assert said in reason and not_said not in reason and url(new) in page
