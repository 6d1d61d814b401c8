"""The public page of a product whose OCOP recognition was revoked answered 404, as if the address had never existed,
while the certificate's verification page says "revoked" and the address stays printed on packaging and shared in
links. It now answers 410 Gone with a short page: the product and producer as the certificate printed them, the
certificate's number, the revocation decision and a link to the verification page; no contacts, no photos, no
description, never indexed. A product that was never public (a draft, never certified) stays 404; one whose
recognition lapsed says so (test_view_product_expired.py); one recognised again after a revocation has its page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates.tests.factories import CertificateFactory, revoke_with_four_eyes
from portal import selectors
from products.services import product_add_photo
from products.tests.factories import ProductFactory

from .factories import certified
from .test_view_portal import ROLES

pytestmark = pytest.mark.django_db

DECISION = "12/QĐ-UBND"


def revoked_product(cast, django_capture_on_commit_callbacks, **fields):
    product = certified(cast.producer, name="Trà Giảo cổ lam", description="Trà hái trên núi cao.", **fields)
    with django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(
            certificate=product.certificates.get(),
            ground="b",
            decision_number=DECISION,
            decision_date=timezone.localdate(),
            by=cast.province_officer,
        )
    return product


def _png() -> SimpleUploadedFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("role", ROLES)
def test_a_revoked_products_page_says_so_with_410_for_everyone(cast, client, role, django_capture_on_commit_callbacks):
    producer = cast.producer
    producer.phone, producer.email, producer.public_contact = "0912 345 678", "htx@example.vn", True
    producer.save()
    product = revoked_product(cast, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        photo = product_add_photo(product=product, by=cast.producer_owner, upload=_png())
    certificate = product.certificates.get()
    if role:
        client.force_login(getattr(cast, role))
    for url in (reverse("portal:product_short", args=[product.pk]), selectors.product_url(product.pk, product.name)):
        response = client.get(url)
        assert response.status_code == 410, url
        assert response["X-Robots-Tag"] == "noindex"
        page = response.content.decode()
        assert "Đã bị thu hồi công nhận OCOP" in page and product.name in page and producer.name in page
        assert certificate.number in page and DECISION in page and f"{timezone.localdate():%d/%m/%Y}" in page
        assert reverse("certificates:certificate_verify", args=[certificate.verify_token]) in page
        for private in ("0912 345 678", "htx@example.vn", "Trà hái trên núi cao.", f"/anh/{photo.pk}/"):
            assert private not in page, private
        assert reverse("supervision:complaint_public", args=[product.pk]) not in page
    assert client.get(reverse("portal:product_thumb", args=[product.pk, photo.pk])).status_code == 404


def test_a_product_never_public_stays_404(cast, client):
    draft = ProductFactory(producer=cast.producer, name="Chưa công nhận")
    for pk in (draft.pk, 999999):
        assert client.get(reverse("portal:product_short", args=[pk])).status_code == 404, pk


def test_the_last_certificate_decides(cast, client, django_capture_on_commit_callbacks):
    """Revoked, then recognised again: the product's page. A revocation followed by a later certificate that lapsed:
    the recognition lapsed (410, saying it expired, not revoked), as the last certificate says."""
    today = timezone.localdate()
    again = revoked_product(cast, django_capture_on_commit_callbacks, valid_until=today + datetime.timedelta(days=30))
    CertificateFactory(product=again, status="valid", issued_on=today, valid_until=today + datetime.timedelta(days=900))
    assert client.get(reverse("portal:product_short", args=[again.pk]), follow=True).status_code == 200
    later = revoked_product(cast, django_capture_on_commit_callbacks, valid_until=today + datetime.timedelta(days=30))
    CertificateFactory(
        product=later,
        status="expired",
        issued_on=today - datetime.timedelta(days=10),
        valid_until=today - datetime.timedelta(days=1),
    )
    page = client.get(reverse("portal:product_short", args=[later.pk]))
    assert page.status_code == 410 and "hết hiệu lực" in page.content.decode()
    assert "Đã bị thu hồi công nhận OCOP" not in page.content.decode()


def test_the_page_is_in_the_chosen_language_and_passes_the_html_checker(
    cast, client, django_capture_on_commit_callbacks
):
    from tests.markup.checker import assert_valid

    product = revoked_product(cast, django_capture_on_commit_callbacks)
    url = reverse("portal:product_short", args=[product.pk])
    pages = {"vi": client.get(url).content.decode()}
    client.cookies["django_language"] = "en"
    pages["en"] = client.get(url).content.decode()
    assert "OCOP recognition revoked" in pages["en"] and f"revoked by Decision No. {DECISION}" in pages["en"]
    assert_valid(pages)
