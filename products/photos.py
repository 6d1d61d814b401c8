"""What a stored photo keeps of the file that was sent: its pixels, upright as the camera held it, and nothing else.

A phone writes where and when a photo was taken into the file (EXIF: GPS coordinates, the time, the phone's make and
serial; XMP; PNG text chunks). A product's photo is served as it was stored on the public portal (a household's
photo taken in its kitchen gave the world its address, whether or not it agreed to publish its contacts), an
anonymous visitor's complaint photo to the province's officers, an inspector's to the producer. Every stored photo is
therefore written anew from its pixels (products.services.product_add_photo, the supervision app's photos and
evidence), in its own format; its colour profile is kept, the rest is left behind."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

# Pillow's format for each extension products.validators.validate_photo gives.
SAVE_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
ORIENTATION = 0x0112  # the EXIF tag of how the camera was held
QUALITY = 92  # a JPEG or WebP that had to be turned is encoded again: close to what a phone writes


def photo_without_metadata(upload, *, ext: str) -> ContentFile:
    """The validated photo `upload` (its extension `ext`, from validate_photo) without its metadata: turned upright,
    then written in its own format with its colour profile only. A JPEG that needs no turning keeps its
    quantisation tables (no visible loss). A file that decoding finds broken is refused as no photo."""
    from PIL import Image, ImageOps

    fmt = SAVE_FORMATS[ext]
    upload.seek(0)
    try:
        with Image.open(upload) as original:
            turned = original.getexif().get(ORIENTATION, 1) != 1
            image = ImageOps.exif_transpose(original) if turned else original
            options = {}
            if icc := original.info.get("icc_profile"):
                options["icc_profile"] = icc
            if fmt == "JPEG":
                keep = not turned and original.format == "JPEG"
                options.update({"quality": "keep", "subsampling": "keep"} if keep else {"quality": QUALITY})
                if image.mode not in ("RGB", "L", "CMYK"):
                    image = image.convert("RGB")
            elif fmt == "WEBP":
                options["quality"] = QUALITY
            out = io.BytesIO()
            image.save(out, format=fmt, **options)  # no exif=, xmp= nor pnginfo=: none of it is written
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("Tệp không phải là ảnh hợp lệ."), code="photo_invalid") from exc
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue())


# What a photo's file may say besides its pixels and still be left as it is (how to draw it, not where or with what
# it was taken): anything else, or any EXIF, and stored_photos_strip_metadata writes it anew.
HARMLESS_INFO = {
    "icc_profile",
    "dpi",
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "progressive",
    "progression",
    "adobe",
    "adobe_transform",
    "transparency",
    "gamma",
    "srgb",
    "aspect",
    "loop",
    "background",
    "duration",
}


def has_metadata(content: bytes) -> bool:
    """Whether the stored photo `content` still says more than its pixels (EXIF, XMP, comments, text chunks)."""
    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        return bool(image.getexif()) or bool(set(image.info) - HARMLESS_INFO)


def stored_photos_strip_metadata(rows, *fields: str) -> int:
    """Write anew, under the same name, every stored photo of `rows` (a queryset; its file `fields`) that still
    carries metadata: those stored before the upload left it behind. A photo without any is left untouched (running
    it again changes nothing); a file that is no photo (a PDF), missing or unreadable is skipped. Returns how many
    rows had a file written."""
    written = 0
    for row in rows.only("pk", *fields).order_by("pk").iterator():
        if sum(_stored_photo_strip_metadata(row, field) for field in fields):
            written += 1
    return written


def _stored_photo_strip_metadata(row, field: str) -> bool:
    from django.core.files.storage import default_storage

    file = getattr(row, field)
    name = file.name if file else ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in SAVE_FORMATS:
        return False
    try:
        with file.open("rb") as handle:
            content = handle.read()
        if not has_metadata(content):
            return False
        clean = photo_without_metadata(io.BytesIO(content), ext=ext)
    except (OSError, ValidationError):  # gone from storage, or no longer a photo: nothing to clean
        return False
    storage = file.storage or default_storage
    storage.delete(name)
    stored = storage.save(name, clean)
    if stored != name:  # another file took the name meanwhile: point the row at the one written
        type(row).objects.filter(pk=row.pk).update(**{field: stored})
    return True


def product_photos_strip_metadata() -> int:
    """The product photos (and their thumbnails) stored with their metadata, which the public portal serves, written
    anew without it (stored_photos_strip_metadata); the supervision app cleans its own photos the same way."""
    from .models import ProductPhoto

    return stored_photos_strip_metadata(ProductPhoto.objects.all(), "image", "thumbnail")
