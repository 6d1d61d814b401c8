"""Issue 11.1: a product with a photo opened with a 500 for everyone, because the timeline read `.choices` on
the reverse relation `photos`. The timeline reads any audit change safely, whatever field or relation it names."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from products.models import Producer, Product
from products.selectors import readable_changes
from products.services import product_add_photo, product_delete_photo

from .factories import ProductFactory

pytestmark = pytest.mark.django_db


def _png():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(out, format="PNG")
    return SimpleUploadedFile("anh.png", out.getvalue(), content_type="image/png")


@pytest.mark.parametrize("role", ["producer_owner", "commune_officer", "province_officer", "viewer", "central_officer"])
def test_it_opens_a_product_with_a_photo_for_every_reader(cast, login, role):
    product = ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan")
    product_add_photo(product=product, by=cast.producer_owner, upload=_png())
    response = login(getattr(cast, role)).get(reverse("products:product_detail", args=[product.pk]))
    assert response.status_code == 200
    assert "Ảnh" in response.content.decode()


def test_it_answers_404_to_an_outsider_for_a_product_with_a_photo(cast, login):
    product = ProductFactory(producer=cast.producer)
    product_add_photo(product=product, by=cast.producer_owner, upload=_png())
    assert login(cast.outsider).get(reverse("products:product_detail", args=[product.pk])).status_code == 404


@pytest.mark.parametrize(
    "model,changes",
    [
        (Product, {"photos": [None, "products/photos/x.png"]}),  # reverse foreign key
        (Product, {"registrations": [[1, 2], [3]]}),  # another reverse relation, list values
        (Producer, {"members": [[], ["alice"]]}),  # many-to-many
        (Producer, {"commune": [1, 2]}),  # forward foreign key
        (Product, {"status": ["unknown-choice", ["a", "b"]]}),  # an unhashable value on a field with choices
        (Product, {"no_such_field": [{"a": 1}, "x"]}),  # a name the model no longer has
        (Producer, {"verified_fields": ["['tax_code', 'name']", "['broken"]}),
    ],
)
def test_it_reads_any_audit_change_without_failing(model, changes):
    rows = readable_changes(model, changes)
    assert len(rows) == 1
    assert rows[0]["label"] and rows[0]["old"] is not None and rows[0]["new"] is not None


def test_it_names_the_photo_change_in_vietnamese():
    (row,) = readable_changes(Product, {"photos": [None, "products/photos/x.png"]})
    assert row["label"] == "Ảnh" and row["fact"] and row["new"] == "thêm ảnh mới"
    (row,) = readable_changes(Product, {"photos": ["products/photos/x.png", None]})
    assert row["label"] == "Ảnh" and row["fact"] and row["new"] == "xoá ảnh"


def test_the_timeline_never_shows_a_photo_s_storage_path(cast, login):
    """The product's history read "Ảnh: — → products/photos/2026/<hash>.jpg" after a photo was added."""
    product = ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan")
    photo = product_add_photo(product=product, by=cast.producer_owner, upload=_png())
    path = photo.image.name
    product_delete_photo(photo=photo, by=cast.producer_owner)
    page = login(cast.commune_officer).get(reverse("products:product_detail", args=[product.pk])).content.decode()
    history = page[page.index('data-testid="timeline"') :]
    assert "<li>Ảnh: thêm ảnh mới</li>" in history and "<li>Ảnh: xoá ảnh</li>" in history
    assert path not in page and "products/photos/" not in history


def test_a_refused_photo_keeps_the_product_page_s_next_step(cast, login):
    """The page sent back with a refused photo lost its "Đăng ký đánh giá" (or "Hồ sơ đang xử lý") button: the
    producer, on the product to register it, had no next step left but the menu."""
    product = ProductFactory(producer=cast.producer, name="Bánh chưng gù Tài Hoan")
    client = login(cast.producer_owner)
    url = reverse("products:product_photo_add", args=[product.pk])
    response = client.post(url, {"image": SimpleUploadedFile("nhan.jpg", b"not an image"), "caption": "Nhãn mới"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tệp không phải là ảnh hợp lệ." in page and 'value="Nhãn mới"' in page
    assert f'href="/registrations/new/?product={product.pk}" data-testid="register-product"' in page
