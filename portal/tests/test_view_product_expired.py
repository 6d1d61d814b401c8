"""The public page of a product whose OCOP certificate expired (its 36 months over, no re-evaluation filed in time)
answered 404, as if the address had never existed, while the address stays printed on packaging and the
certificate's verification page says "expired". It now answers 410 Gone with a short page, in the style of the
revoked one: the certificate's number, star, recognition decision and the day it expired, a link to its
verification page; no contacts, no photos, no complaint link, never indexed. "Still certified" is the status of the
day (live_today_q): a certificate past its last day whose re-evaluation was filed by that day and is pending keeps
its product's page (Điều 12.3); one filed later does not. A product recognised again has its page; a draft, 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import CertificateFactory
from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as R
from evaluation.services.transitions import registration_withdraw
from evaluation.tests.factories import registration_in
from portal import selectors
from products.services import product_add_photo
from products.tests.factories import ProductFactory

from .factories import certified
from .test_view_portal import ROLES

pytestmark = pytest.mark.django_db

EXPIRED = "Giấy chứng nhận OCOP đã hết hiệu lực"


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _png() -> SimpleUploadedFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


def _filed(cast, product, *, on: datetime.date):
    """A re-evaluation of `product` filed with the commune on `on`, pending."""
    filed_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    return registration_in(cast, kind=K.REEVALUATION, status=R.SUBMITTED, product=product, submitted_at=filed_at)


@pytest.mark.parametrize("stored", ["expired", "valid"])  # "valid": lapsed yesterday, before the nightly sweep
@pytest.mark.parametrize("role", ROLES)
def test_an_expired_products_page_says_so_with_410_for_everyone(
    cast, client, role, stored, django_capture_on_commit_callbacks
):
    producer = cast.producer
    producer.phone, producer.email, producer.public_contact = "0912 345 678", "htx@example.vn", True
    producer.save()
    product = certified(producer, name="Trà Giảo cổ lam", description="Trà hái trên núi cao.", star=3)
    with django_capture_on_commit_callbacks(execute=True):
        photo = product_add_photo(product=product, by=cast.producer_owner, upload=_png())
    certificate = product.certificates.select_related("decision").get()
    product.certificates.update(status=stored, valid_until=_day(-1))
    if role:
        client.force_login(getattr(cast, role))
    for url in (reverse("portal:product_short", args=[product.pk]), selectors.product_url(product.pk, product.name)):
        response = client.get(url)
        assert response.status_code == 410, url
        assert response["X-Robots-Tag"] == "noindex"
        page = response.content.decode()
        assert '<meta name="robots" content="noindex">' in page
        assert EXPIRED in page and product.name in page and producer.name in page
        assert f"Giấy chứng nhận OCOP số {certificate.number}, hạng 3 sao" in page
        assert f"Quyết định số {certificate.decision.number} ngày {certificate.decision.date:%d/%m/%Y}" in page
        assert f"đã hết hạn ngày {_day(-1):%d/%m/%Y}" in page
        assert reverse("certificates:certificate_verify", args=[certificate.verify_token]) in page
        for private in ("0912 345 678", "htx@example.vn", "Trà hái trên núi cao.", f"/anh/{photo.pk}/"):
            assert private not in page, private
        assert reverse("supervision:complaint_public", args=[product.pk]) not in page
        assert "thu hồi" not in page
    assert client.get(reverse("portal:product_thumb", args=[product.pk, photo.pk])).status_code == 404


def test_a_draft_or_a_product_never_certified_stays_404(cast, client):
    draft = ProductFactory(producer=cast.producer, name="Chưa công nhận")
    for pk in (draft.pk, 999999):
        assert client.get(reverse("portal:product_short", args=[pk])).status_code == 404, pk


def test_a_reevaluation_filed_by_the_last_day_keeps_the_page_one_filed_later_does_not(cast, client):
    """Điều 12.3, as the status of the day reads it (live_today_q): the one rule of the catalogue and verification."""
    in_time = certified(cast.producer, name="Miến dong nộp đúng hạn", valid_until=_day(-5))
    _filed(cast, in_time, on=_day(-10))
    late = certified(cast.producer, name="Miến dong nộp muộn", valid_until=_day(-5))
    _filed(cast, late, on=_day(-2))
    assert client.get(reverse("portal:product_short", args=[in_time.pk]), follow=True).status_code == 200
    response = client.get(reverse("portal:product_short", args=[late.pk]))
    assert response.status_code == 410 and EXPIRED in response.content.decode()


def test_recognised_again_the_product_has_its_page(cast, client):
    product = certified(cast.producer, name="Mật ong rừng", valid_until=_day(-40))
    CertificateFactory(product=product, status="valid", issued_on=_day(-3), valid_until=_day(3 * 365))
    assert client.get(reverse("portal:product_short", args=[product.pk]), follow=True).status_code == 200


def test_the_last_certificate_decides_between_revoked_and_expired(cast, client):
    """Revoked long ago, recognised again, and that later certificate lapsed: the page says expired, as the last
    certificate does."""
    product = certified(cast.producer, name="Gà đồi", status="revoked", valid_until=_day(400))
    product.certificates.update(issued_on=_day(-1200))
    CertificateFactory(product=product, status="valid", issued_on=_day(-500), valid_until=_day(-1))
    page = client.get(reverse("portal:product_short", args=[product.pk]))
    assert page.status_code == 410 and EXPIRED in page.content.decode()


def test_a_cached_page_follows_the_lapse_at_midnight(cast, client, time_machine):
    product = certified(cast.producer, name="Cam Đường Canh", valid_until=_day(0))
    url = reverse("portal:product_short", args=[product.pk])
    assert client.get(url, follow=True).status_code == 200  # cached for today, under the public version
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1))
    assert client.get(url).status_code == 410


def test_a_cached_page_follows_the_end_of_the_extension(cast, client, django_capture_on_commit_callbacks):
    """Extended while its re-evaluation is pending, the page is public; withdrawn, the extension ends at once and
    the cached page with it (the transition bumps the public version, as a revocation does)."""
    product = certified(cast.producer, name="Miến dong Tân An", valid_until=_day(-5))
    registration = _filed(cast, product, on=_day(-10))
    url = reverse("portal:product_short", args=[product.pk])
    assert client.get(url, follow=True).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        registration_withdraw(registration=registration, by=cast.producer_owner, reason="Ngừng sản xuất.")
    assert client.get(url).status_code == 410


def test_a_cached_410_follows_a_new_certificate(cast, client, django_capture_on_commit_callbacks):
    from products.services import product_refresh_status

    product = certified(cast.producer, name="Bún khô", valid_until=_day(-30))
    url = reverse("portal:product_short", args=[product.pk])
    assert client.get(url).status_code == 410  # cached
    with django_capture_on_commit_callbacks(execute=True):
        CertificateFactory(product=product, status="valid", issued_on=_day(0), valid_until=_day(3 * 365))
        product_refresh_status(product=product)  # what the decision's issue does after every certificate
    assert client.get(url, follow=True).status_code == 200


def test_the_page_is_in_the_chosen_language_and_passes_the_html_checker(cast, client):
    from tests.markup.checker import assert_valid

    product = certified(cast.producer, name="Trà Giảo cổ lam", star=3, valid_until=_day(-1))
    url = reverse("portal:product_short", args=[product.pk])
    pages = {"vi": client.get(url).content.decode()}
    client.cookies["django_language"] = "en"
    pages["en"] = client.get(url).content.decode()
    assert "OCOP certificate expired" in pages["en"] and f"expired on {_day(-1):%d/%m/%Y}" in pages["en"]
    assert_valid(pages)
