"""English pages, photos of public products only, and public pages that survive a cache outage."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal import selectors
from products.models import ProductSet
from products.services import product_add_photo

from .factories import certified

pytestmark = pytest.mark.django_db


def test_the_pages_follow_the_chosen_language_even_when_cached(cast, client):
    certified(cast.producer, name="Miến dong Tài Hoan")
    url = reverse("portal:catalogue")
    assert "Danh mục sản phẩm OCOP" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    body = client.get(url).content.decode()
    assert "OCOP product catalogue" in body and "Danh mục sản phẩm OCOP" not in body
    assert "Recently recognised" in client.get(reverse("home")).content.decode()


def test_the_count_columns_say_products_in_english(cast, client):
    """The landing page's and the maps' column of counts read "Product" in English: the name of one product's
    column ("Sản phẩm") was translated for it."""
    certified(cast.producer, name="Miến dong Tài Hoan")
    client.cookies["django_language"] = "en"
    pages = [reverse("home"), reverse("portal:map"), reverse("portal:map_province", args=[cast.province.pk])]
    for url in pages:
        body = client.get(url).content.decode()
        assert '<th scope="col" class="text-end">Products</th>' in body, url
    client.cookies["django_language"] = "vi"
    assert '<th scope="col" class="text-end">Sản phẩm</th>' in client.get(reverse("portal:map")).content.decode()


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, format="PNG")
    return SimpleUploadedFile("anh.png", out.getvalue(), content_type="image/png")


def test_it_serves_the_photos_of_public_products_only(cast, client, django_capture_on_commit_callbacks):
    product = certified(cast.producer, name="Miến dong")
    with django_capture_on_commit_callbacks(execute=True):
        photo = product_add_photo(product=product, by=cast.producer_owner, upload=_png())
    page = client.get(selectors.product_url(product.pk, product.name)).content.decode()
    thumb = reverse("portal:product_thumb", args=[product.pk, photo.pk])
    assert f'src="{thumb}"' in page and 'loading="lazy"' in page
    response = client.get(thumb)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # JPEG
    assert client.get(reverse("portal:product_photo", args=[product.pk, photo.pk])).status_code == 200
    hidden = certified(cast.producer, name="Thu hồi", status="revoked")
    with django_capture_on_commit_callbacks(execute=True):
        other = product_add_photo(product=hidden, by=cast.producer_owner, upload=_png())
    assert client.get(reverse("portal:product_thumb", args=[hidden.pk, other.pk])).status_code == 404
    assert client.get(reverse("portal:product_thumb", args=[product.pk, other.pk])).status_code == 404


def test_the_public_pages_work_while_the_cache_is_down(cast, client, monkeypatch):
    certified(cast.producer, name="Miến dong")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "set", "add", "incr"):
        monkeypatch.setattr(cache, name, down)
    for url in (reverse("home"), reverse("portal:catalogue"), reverse("portal:map")):
        assert client.get(url).status_code == 200


def test_the_sectors_and_product_sets_read_in_english_on_the_english_pages(cast, client):
    """The catalogue's sector and product-set filters and a product's page showed the taxonomy in Vietnamese
    ("I. Thực phẩm", "7. Chế biến từ rau, củ, quả, hạt") on the English pages."""
    product = certified(cast.producer, name="Miến dong Tài Hoan", product_set=ProductSet.objects.get(number=7))
    client.cookies["django_language"] = "en"
    catalogue = client.get(reverse("portal:catalogue")).content.decode()
    assert ">I. Food</option>" in catalogue and ">26. Community tourism, eco-tourism services" in catalogue
    assert ">7. Processed from vegetables, tubers, fruits and nuts</option>" in catalogue
    assert "Thực phẩm" not in catalogue and "Chế biến từ" not in catalogue
    page = client.get(reverse("portal:product_short", args=[product.pk]), follow=True).content.decode()
    assert f'?set={product.product_set_id}">Processed from vegetables, tubers, fruits and nuts</a>' in page
    assert '<dd class="col-7 col-sm-8">Food</dd>' in page
    client.cookies["django_language"] = "vi"
    page = client.get(reverse("portal:product_short", args=[product.pk]), follow=True).content.decode()
    assert '">Chế biến từ rau, củ, quả, hạt</a>' in page and '<dd class="col-7 col-sm-8">Thực phẩm</dd>' in page


def test_a_province_without_products_offers_no_button_to_an_empty_catalogue(cast, client):
    """A province's map page offered "Xem 0 sản phẩm", a button to a catalogue with nothing in it; its caption already
    says "0 sản phẩm đang được công nhận"."""
    certified(cast.producer, name="Miến dong Tài Hoan")
    catalogue = reverse("portal:catalogue")
    body = client.get(reverse("portal:map_province", args=[cast.province.pk])).content.decode()
    assert f'href="{catalogue}?province={cast.province.pk}">Xem 1 sản phẩm</a>' in body
    body = client.get(reverse("portal:map_province", args=[cast.other_province.pk])).content.decode()
    assert f"{cast.other_province.name}: 0 sản phẩm đang được công nhận" in body
    assert f"{catalogue}?province=" not in body and "Xem 0 sản phẩm" not in body
