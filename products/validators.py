"""Validators for producer identifiers and uploaded product photos."""

import re
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mã số doanh nghiệp / mã số thuế: 10 digits, optionally "-NNN" for a dependent unit (chi nhánh).
TAX_CODE_RE = re.compile(r"^(?P<base>\d{10})(?:-(?P<branch>\d{3}))?$")
# Weights of the General Department of Taxation over the first nine digits.
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# A phone's largest usual photo is 48 megapixels (8,000 × 6,000). The file's size says nothing of its pixels: a blank
# page compresses to kilobytes, and decoding it for the thumbnail costs memory by the pixel.
MAX_PHOTO_PIXELS = 50_000_000
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit for `first_nine`: 10 - (Σ dᵢ·wᵢ mod 11). None when that would be 10 (never issued)."""
    total = sum(int(d) * w for d, w in zip(first_nine, TAX_CODE_WEIGHTS, strict=True))
    check = 10 - (total % 11)
    return None if check == 10 else check


def normalise_tax_code(value: str) -> str:
    """Strip spaces and dots people type ("0100 109 106", "0100.109.106-001")."""
    return re.sub(r"[\s.]", "", value or "")


def validate_tax_code(value: str) -> None:
    code = normalise_tax_code(value)
    match = TAX_CODE_RE.match(code)
    if not match:
        raise ValidationError(
            _("Mã số thuế gồm 10 chữ số, có thể thêm “-” và 3 chữ số của đơn vị phụ thuộc (ví dụ 0100109106-001)."),
            code="tax_code_format",
        )
    base = match.group("base")
    if match.group("branch") == "000":
        raise ValidationError(_("Số thứ tự đơn vị phụ thuộc phải từ 001 đến 999."), code="tax_code_branch")
    if tax_code_check_digit(base[:9]) != int(base[9]):
        raise ValidationError(
            _("Mã số thuế %(code)s sai chữ số kiểm tra: vui lòng kiểm tra lại."),
            code="tax_code_check_digit",
            params={"code": code},
        )


def validate_photo(upload) -> str:
    """A real JPEG/PNG/WebP image of at most 10 MB and MAX_PHOTO_PIXELS; returns its format's extension."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("Ảnh lớn hơn 10 MB."), code="photo_too_large")
    too_many_pixels = ValidationError(
        _("Ảnh quá lớn: tối đa 50 triệu điểm ảnh (ví dụ 8.000 × 6.000)."), code="photo_too_many_pixels"
    )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # raised, then refused below
            with Image.open(upload) as image:  # reads the header only: the size is known before any decoding
                if image.width * image.height > MAX_PHOTO_PIXELS:
                    raise too_many_pixels
                fmt = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many_pixels from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("Tệp không phải là ảnh hợp lệ."), code="photo_invalid") from exc
    finally:
        upload.seek(0)
    if fmt not in PHOTO_FORMATS:
        raise ValidationError(_("Chỉ nhận ảnh JPEG, PNG hoặc WebP."), code="photo_format")
    return PHOTO_FORMATS[fmt]
