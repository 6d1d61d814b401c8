import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from certificates.tests.factories import CertificateFactory
from evaluation.tests.factories import RegistrationFactory
from ocop.models import AuditEvent, Counter
from products.models import Product
from products.services import product_add_photo, product_create, product_refresh_status, product_update

from .factories import ProducerFactory, product_set

pytestmark = pytest.mark.django_db


def _create(cast, name="Miến dong Tài Hoan", by=None):
    return product_create(
        producer=cast.producer,
        by=by or cast.commune_officer,
        data={"name": name, "product_set": product_set(7), "brand": "Tài Hoan"},
    )


def test_it_allocates_the_product_code_per_commune(cast):
    first, second = _create(cast), _create(cast, "Bún dong")
    year = timezone.localdate().year
    assert first.code == f"90-90001-1-{year}"
    assert second.code == f"90-90001-2-{year}"
    assert Counter.objects.get(key=f"product-code:{cast.commune.pk}").value == 2
    other = product_create(
        producer=ProducerFactory(commune=cast.other_commune),
        by=cast.province_officer,
        data={"name": "Chè", "product_set": product_set(11)},
    )
    assert other.code == f"90-90002-1-{year}"


def test_it_writes_a_search_key_with_the_producer_name(cast):
    product = _create(cast)
    assert "mien dong tai hoan" in product.search_text
    assert "htx tai hoan" in product.search_text


def test_it_lets_the_producer_add_its_own_products_but_not_the_viewer(cast):
    assert _create(cast, by=cast.producer_owner).producer == cast.producer
    with pytest.raises(PermissionDenied):
        _create(cast, "Khác", by=cast.viewer)


def test_it_records_product_changes(cast):
    product = _create(cast)
    product_update(product=product, by=cast.producer_owner, data={"brand": "Miến Tài Hoan", "name": product.name})
    event = AuditEvent.objects.get(action="product.update", target_id=str(product.pk))
    assert event.changes == {"brand": ["Tài Hoan", "Miến Tài Hoan"]}


def test_it_stores_a_photo_with_a_thumbnail(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = _create(cast)
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 100, 0)).save(out, format="PNG")
    photo = product_add_photo(
        product=product, by=cast.commune_officer, upload=SimpleUploadedFile("my photo.png", out.getvalue())
    )
    assert photo.image.name.endswith(".png") and "my photo" not in photo.image.name
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) <= 360


def test_a_photo_whose_thumbnail_fails_leaves_nothing_in_storage(cast, settings, tmp_path, monkeypatch):
    """The image is stored before its thumbnail is made: a thumbnail that fails (a file cut short that only decoding
    finds) used to leave the image in storage with no row naming it."""
    import products.services

    def cut_short(upload):
        raise OSError("image file is truncated")

    settings.MEDIA_ROOT = tmp_path
    product = _create(cast)
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 100, 0)).save(out, format="PNG")
    monkeypatch.setattr(products.services, "photo_thumbnail", cut_short)
    with pytest.raises(OSError):
        product_add_photo(product=product, by=cast.commune_officer, upload=SimpleUploadedFile("a.png", out.getvalue()))
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_it_refuses_a_fake_photo(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = _create(cast)
    with pytest.raises(ValidationError):
        product_add_photo(
            product=product, by=cast.commune_officer, upload=SimpleUploadedFile("x.jpg", b"GIF89a not really")
        )
    assert product.photos.count() == 0


# --- derived status --------------------------------------------------------------------------------


def test_it_derives_new_when_nothing_happened(cast):
    product = product_refresh_status(product=_create(cast))
    assert (product.status, product.current_star) == ("new", None)


def test_it_derives_in_evaluation_from_a_submitted_registration(cast):
    product = _create(cast)
    RegistrationFactory(product=product, status="draft", commune=cast.commune)
    assert product_refresh_status(product=product).status == "preparing"  # "Đang lập hồ sơ", not "Chưa đăng ký"
    RegistrationFactory(product=product, status="submitted", commune=cast.commune)
    assert product_refresh_status(product=product).status == "in_evaluation"


def test_it_derives_recognised_and_the_star_from_a_live_certificate(cast):
    product = _create(cast)
    CertificateFactory(product=product, status="valid", star=4)
    product_refresh_status(product=product)
    product.refresh_from_db()
    assert (product.status, product.current_star) == ("recognised", 4)


def test_it_derives_revoked_and_expired(cast):
    revoked, expired = _create(cast), _create(cast, "Bún")
    CertificateFactory(product=revoked, status="revoked")
    CertificateFactory(product=expired, status="expired")
    assert product_refresh_status(product=revoked).status == "revoked"
    assert product_refresh_status(product=expired).status == "expired"
    assert Product.objects.get(pk=expired.pk).current_star is None


def test_it_derives_not_recognised_from_a_failed_registration_once_announced(cast):
    product = _create(cast)
    registration = RegistrationFactory(product=product, status="not_recognised", commune=cast.commune)
    # Until the written notice (Điều 7.3g) the product is still in evaluation, for everyone.
    assert product_refresh_status(product=product).status == "in_evaluation"
    type(registration).objects.filter(pk=registration.pk).update(result_notified_status="not_recognised")
    assert product_refresh_status(product=product).status == "not_recognised"


def test_it_allows_associations_only_tourism_products(cast):
    association = ProducerFactory(commune=cast.commune, kind="association")
    with pytest.raises(ValidationError) as exc:
        product_create(
            producer=association, by=cast.commune_officer, data={"name": "Mật ong", "product_set": product_set(4)}
        )
    assert "product_set" in exc.value.message_dict
    tour = product_create(
        producer=association,
        by=cast.commune_officer,
        data={"name": "Du lịch cộng đồng bản Pác Ngòi", "product_set": product_set(26)},
    )
    assert tour.product_set.number == 26


def test_a_product_sent_twice_is_created_once(cast):
    """The form saved again after the back button (or sent from two tabs) would make a second product with a
    second code number, which nothing can delete."""
    first = _create(cast)
    with pytest.raises(ValidationError) as exc:
        _create(cast, name="  MIẾN DONG TÀI HOAN ")
    assert first.code in exc.value.message_dict["name"][0]
    assert Product.objects.filter(producer=cast.producer).count() == 1
    assert Counter.objects.get(key=f"product-code:{cast.commune.pk}").value == 1
    other = product_create(
        producer=ProducerFactory(commune=cast.commune),
        by=cast.commune_officer,
        data={"name": first.name, "product_set": product_set(7)},
    )
    assert other.name == first.name  # another producer may have a product of that name
