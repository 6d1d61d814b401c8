"""Every download response (Excel exports, PDFs, ZIPs, uploaded documents) gets its headers here.

The file name goes through Django's own `content_disposition_header()`: an ASCII name is quoted and escaped, any
other ("quyet-dinh-12/QĐ-UBND.pdf") gets an RFC 6266 `filename*=utf-8''…` form. Writing the header by hand made
Django MIME-encode the whole value (`=?utf-8?q?inline…`), which browsers do not read as a disposition at all.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header


def safe_filename(name: str) -> str:
    """A file name without path separators or control characters (a decision number contains "/")."""
    cleaned = "".join("-" if ch in "/\\" else ch for ch in str(name) if ch.isprintable())
    return cleaned.strip(" .") or "tai-ve"


def set_download_headers(response: HttpResponse, *, filename: str, as_attachment: bool) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(as_attachment, safe_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download_response(content: bytes, *, filename: str, content_type: str, as_attachment: bool = True) -> HttpResponse:
    """A response that hands `content` to the browser as `filename` (inline for PDFs that open in a tab)."""
    response = HttpResponse(content, content_type=content_type)
    return set_download_headers(response, filename=filename, as_attachment=as_attachment)


def file_download_response(handle, *, filename: str, content_type: str, as_attachment: bool = True) -> FileResponse:
    """A streamed response for a stored file (uploads, ZIPs), with the same headers."""
    response = FileResponse(handle, content_type=content_type)
    return set_download_headers(response, filename=filename, as_attachment=as_attachment)


def stored_file_response(field_file, *, filename: str, content_type: str, as_attachment: bool = True) -> HttpResponse:
    """A stored file (MEDIA_ROOT) handed out without holding a Python worker while it is sent, when a proxy in front
    says it can (OCOP_SENDFILE): `x-accel` answers with an empty body and `X-Accel-Redirect: <prefix><name>`
    (nginx `internal` location aliased to MEDIA_ROOT), `x-sendfile` with `X-Sendfile: <absolute path>` (Apache
    mod_xsendfile, lighttpd). Unset: the file is streamed by Django, as before."""
    mode = getattr(settings, "OCOP_SENDFILE", "")
    if mode == "x-accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.OCOP_SENDFILE_PREFIX.rstrip("/") + "/" + quote(field_file.name)
    elif mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = field_file.path
    else:
        return file_download_response(
            field_file.open("rb"), filename=filename, content_type=content_type, as_attachment=as_attachment
        )
    return set_download_headers(response, filename=filename, as_attachment=as_attachment)
