"""A stored photo keeps its pixels and nothing of where and with what it was taken: a producer's photo is served on
the public portal as it was stored, and a phone writes its GPS position, the time and its own make and serial into
the file (EXIF)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.tests.factories import certified
from products.services import product_add_photo

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
CAMERA = "PhoneOfTheHousehold"
FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}


def camera_photo(ext: str = "jpg", *, orientation: int = 1, size=(64, 48)) -> SimpleUploadedFile:
    """A photo as a phone writes it: the camera's make and the GPS position (Na Rì) in its EXIF."""
    exif = Image.Exif()
    exif[MAKE] = CAMERA
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (22.0, 10.0, 30.0), 3: "E", 4: (105.0, 52.0, 10.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format=FORMATS[ext], exif=exif.tobytes())
    return SimpleUploadedFile(f"IMG_0001.{ext}", out.getvalue())


def assert_no_metadata(content: bytes) -> None:
    assert CAMERA.encode() not in content
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD) and MAKE not in exif


@pytest.mark.parametrize("ext", ["jpg", "png", "webp"])
def test_a_product_photo_is_stored_without_where_it_was_taken(cast, settings, tmp_path, ext):
    settings.MEDIA_ROOT = tmp_path
    product = certified(cast.producer, name="Miến dong")
    photo = product_add_photo(product=product, by=cast.producer_owner, upload=camera_photo(ext))
    assert photo.image.name.endswith(f".{ext}")
    with photo.image.open("rb") as stored:
        content = stored.read()
    assert_no_metadata(content)
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == FORMATS[ext] and image.size == (64, 48)


def test_a_photo_taken_sideways_is_stored_upright_without_the_tag(cast, settings, tmp_path):
    """The orientation tag goes with the rest: the pixels are turned as it said, so the photo still stands up."""
    settings.MEDIA_ROOT = tmp_path
    product = certified(cast.producer, name="Miến dong")
    photo = product_add_photo(product=product, by=cast.producer_owner, upload=camera_photo(orientation=6))
    with Image.open(photo.image.path) as image:
        assert image.size == (48, 64) and ORIENTATION not in image.getexif()


def test_the_public_portal_serves_a_photo_without_its_gps_position(cast, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    product = certified(cast.producer, name="Miến dong")
    photo = product_add_photo(product=product, by=cast.producer_owner, upload=camera_photo())
    response = client.get(reverse("portal:product_photo", args=[product.pk, photo.pk]))
    assert response.status_code == 200
    assert_no_metadata(b"".join(response.streaming_content))


def test_the_command_cleans_the_photos_stored_before_and_leaves_the_clean_ones(cast, client, settings, tmp_path):
    """Photos stored before the upload left metadata behind are still on the portal with it: the command writes them
    anew under the same name (the portal's addresses stay), and a second run has nothing left to write."""
    from django.core.management import call_command

    from products.models import ProductPhoto

    settings.MEDIA_ROOT = tmp_path
    product = certified(cast.producer, name="Miến dong")
    clean = product_add_photo(product=product, by=cast.producer_owner, upload=camera_photo("png"))
    old = ProductPhoto(product=product, uploaded_by=cast.producer_owner)
    old.image.save("old.jpg", camera_photo("jpg"), save=False)  # as the upload stored it before
    old.thumbnail.save("old-thumb.jpg", camera_photo("jpg"), save=False)
    old.save()
    untouched = (tmp_path / clean.image.name).stat().st_mtime_ns
    out = io.StringIO()
    call_command("strip_photo_metadata", stdout=out)
    assert out.getvalue().startswith("1 product photo(s)")
    old.refresh_from_db()
    assert old.image.name.endswith("old.jpg")
    response = client.get(reverse("portal:product_photo", args=[product.pk, old.pk]))
    assert_no_metadata(b"".join(response.streaming_content))
    assert (tmp_path / clean.image.name).stat().st_mtime_ns == untouched
    out = io.StringIO()
    call_command("strip_photo_metadata", stdout=out)
    assert out.getvalue().startswith("0 product photo(s)")
