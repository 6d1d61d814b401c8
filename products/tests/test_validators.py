import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from products.validators import tax_code_check_digit, validate_photo, validate_tax_code


@pytest.mark.parametrize("code", ["0100109106", "0100109106-001", "4700100102", "0314409058", " 0100 109 106 "])
def test_it_accepts_codes_with_a_correct_check_digit(code):
    validate_tax_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "0100109107",  # wrong check digit
        "4700100107",  # wrong check digit
        "010010910",  # 9 digits
        "01001091066",  # 11 digits
        "0100109106-01",  # branch of 2 digits
        "0100109106-000",  # branch 000
        "01001O9106",  # letter O
        "",
    ],
)
def test_it_rejects_malformed_codes_and_wrong_check_digits(code):
    with pytest.raises(ValidationError):
        validate_tax_code(code)


def test_it_rejects_codes_whose_check_digit_would_be_ten():
    # 0000000010: 1*5 = 5? find a prefix with sum % 11 == 0: "000000000" gives 0 → check 10
    assert tax_code_check_digit("000000000") is None
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_tax_code("000000000" + last)


def test_it_computes_the_check_digit_with_the_official_weights():
    # 0,1,0,0,1,0,9,1,0 · (31,29,23,19,17,13,7,5,3) = 114; 114 mod 11 = 4; 10 - 4 = 6
    assert tax_code_check_digit("010010910") == 6


def _image_bytes(fmt="PNG", size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_it_accepts_real_images(fmt, ext):
    assert validate_photo(SimpleUploadedFile(f"a.{ext}", _image_bytes(fmt))) == ext


def test_it_rejects_a_file_that_only_pretends_to_be_an_image():
    with pytest.raises(ValidationError):
        validate_photo(SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg"))


def test_it_rejects_other_image_formats():
    with pytest.raises(ValidationError):
        validate_photo(SimpleUploadedFile("a.gif", _image_bytes("GIF")))


def test_it_rejects_images_over_ten_megabytes():
    upload = SimpleUploadedFile("big.png", _image_bytes())
    upload.size = 10 * 1024 * 1024 + 1
    with pytest.raises(ValidationError):
        validate_photo(upload)


@pytest.mark.parametrize("side", [8_000, 12_000, 20_000])
def test_it_rejects_an_image_of_more_pixels_than_any_photo_without_decoding_it(side):
    # A page of blank pixels compresses to a few kilobytes: 12,000 × 12,000 (17 kB) passed, and making its thumbnail
    # took the web process 280 MB more; at 20,000 × 20,000 Pillow's own bomb guard raised an error no one caught (500).
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ValidationError) as refused:
        validate_photo(SimpleUploadedFile("trang.png", out.getvalue()))
    assert refused.value.code == "photo_too_many_pixels"


def test_it_accepts_a_photo_as_large_as_a_phone_camera_takes():
    out = io.BytesIO()
    Image.new("1", (8_000, 6_000)).save(out, format="PNG")  # 48 megapixels
    assert validate_photo(SimpleUploadedFile("dien-thoai.png", out.getvalue())) == "png"
