"""The checks every stored upload shares, in one place: its size against the site's limit (OCOP_MAX_UPLOAD_MB) and,
for a document that must be a PDF, its content rather than its name. A dossier's documents add their own list of
types (evaluation.services.documents), photos their own checks (products.validators.validate_photo)."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
MB = 1024 * 1024


def _refuse(message: str, code: str, field: str | None):
    """The refusal as a service gives it: next to `field` when named, else for the form's field to place."""
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def upload_size_check(upload, *, field: str | None = None, limit: int | None = None) -> None:
    """Within `limit` bytes: the site's (OCOP_MAX_UPLOAD_MB) unless the upload has its own (an Excel import)."""
    limit = limit or settings.OCOP_MAX_UPLOAD_BYTES
    if (upload.size or 0) > limit:
        raise _refuse(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit // MB}, "too_large", field)


def is_pdf(upload) -> bool:
    """By the file's first bytes, whatever its name says."""
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    return head == PDF_MAGIC


def pdf_upload_check(upload, *, field: str | None = None) -> None:
    """A PDF within the upload limit (a plan's document, a certificate's scan, an inspection's evidence)."""
    upload_size_check(upload, field=field)
    if not is_pdf(upload):
        raise _refuse(_("Tệp phải là PDF."), "not_pdf", field)


def file_sha256(file) -> str:
    """The SHA-256 of a file's content (an upload or a stored file), read in chunks, hex: what a signed paper is
    kept with, so that a copy handed out later can be shown to be the one recorded."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def stored_file_sha256(stored) -> str | None:
    """The SHA-256 of a stored file (a FieldFile), or None when the file is missing from storage (nothing to vouch
    for): what a backfill of the hashes of files stored before their hash was kept reads."""
    try:
        stored.open("rb")
    except OSError:  # FileNotFoundError, or a storage that cannot reach it
        return None
    try:
        return file_sha256(stored)
    finally:
        stored.close()
