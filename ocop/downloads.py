"""Every download response (Excel exports, PDFs, ZIPs, uploaded documents) gets its headers here.

The file name goes through Django's own `content_disposition_header()`: an ASCII name is quoted and escaped, any
other ("quyet-dinh-12/QĐ-UBND.pdf") gets an RFC 6266 `filename*=utf-8''…` form. Writing the header by hand made
Django MIME-encode the whole value (`=?utf-8?q?inline…`), which browsers do not read as a disposition at all.
"""

import base64
import hashlib
import re
import time
import unicodedata
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from ocop.text import file_slug, strip_accents


def safe_filename(name: str) -> str:
    """A file name without path separators or control characters (a decision number contains "/")."""
    cleaned = "".join("-" if ch in "/\\" else ch for ch in str(name) if ch.isprintable())
    return cleaned.strip(" .") or "tai-ve"


def paper_file_name(kind: str, *, number: str = "", fallback=(), ext: str) -> str:
    """A paper's download name after its number as written ("bien-ban-05/BB-HĐ" → "bien-ban-05-BB-HĐ.pdf", the
    header giving the letters in its RFC 6266 form), never a database id; a paper without a number yet is named after
    what tells it apart (a product's code or name, a council and its day) in ASCII: "quyet-dinh-du-thao-ubnd-tinh-
    thai-nguyen-20261202.pdf"."""
    stem = str(number or "").strip()
    if not stem:
        stem = "-".join(slug for slug in (file_slug(part) for part in fallback) if slug)
    return f"{kind}-{stem}.{ext}" if stem else f"{kind}.{ext}"


def set_download_headers(response: HttpResponse, *, filename: str, as_attachment: bool) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(as_attachment, safe_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download_response(content: bytes, *, filename: str, content_type: str, as_attachment: bool = True) -> HttpResponse:
    """A response that hands `content` to the browser as `filename` (inline for PDFs that open in a tab)."""
    response = HttpResponse(content, content_type=content_type)
    return set_download_headers(response, filename=filename, as_attachment=as_attachment)


def export_response(request, *, queryset, build, export: str, file_name: str, task) -> HttpResponse:
    """The list `queryset` as an Excel download, `build(queryset)` giving its bytes: written at once when it has at
    most EXPORT_ASYNC_ROWS rows, else by a background job (`task`, which knows `export`) whose page the browser is
    sent to: a country's list would hold a web worker for longer than its timeout."""
    from django.shortcuts import redirect

    from .services import EXPORT_ASYNC_ROWS, export_job_start
    from .xlsx import XLSX

    total = queryset.count()
    if total <= EXPORT_ASYNC_ROWS:
        return download_response(build(queryset), filename=file_name, content_type=XLSX)
    job = export_job_start(
        by=request.user, export=export, filters=request.GET, total=total, file_name=file_name, task=task
    )
    return redirect("job_detail", job.pk)


# A stored image opened on its own (a thumbnail's "full size" link): the browser shows it in a page it makes itself,
# which it styles inline (the photo centred on a dark ground). The site's policy forbids inline styles, so the photo
# sat in the top corner of a white page and the console logged three policy violations. An image needs no script,
# form or frame: its policy allows inline styles and nothing else, sandboxed.
IMAGE_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
)


def image_response(field_file, *, public: bool = False, filename: str = "") -> FileResponse:
    """A stored photo (a product's, an inspection's, a complaint's, a remedy's evidence), shown in the browser (saved
    as `filename` when given): kept by the browser for an hour (`public`: by any cache for a day, the portal's), never
    sniffed; 404 when its file is missing."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: the field holds no file
        raise Http404 from None
    response = FileResponse(handle)
    if filename:
        response["Content-Disposition"] = content_disposition_header(False, safe_filename(filename))
    if public:
        patch_cache_control(response, public=True, max_age=86400)
    else:
        patch_cache_control(response, private=True, max_age=3600)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = IMAGE_CONTENT_SECURITY_POLICY
    return response


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


# The nginx location that serves OCOP_SENDFILE=secure-link downloads ({prefix}, {media}, {secret}, {cookie} filled by
# whoever writes the server's configuration; the benchmark and the tests use this very block). secure_link checks
# the md5 of what `secure_link_url` signed and the expiry; the session cookie is part of the signature, so a link
# copied out of the browser does not work without the viewer's session.
NGINX_SECURE_LINK_LOCATION = """
    location {prefix} {{
      secure_link $arg_md5,$arg_expires;
      secure_link_md5 "$secure_link_expires$uri$arg_name$cookie_{cookie} {secret}";
      if ($secure_link = "") {{ return 403; }}
      if ($secure_link = "0") {{ return 410; }}
      alias {media}/;
      add_header Content-Disposition 'attachment; filename="$arg_name"';
      add_header X-Content-Type-Options nosniff;
      add_header Cache-Control "private, no-store";
    }}"""


def ascii_filename(name: str) -> str:
    """`name` in ASCII (Vietnamese letters without their marks, đ as d; anything but letters, digits, dot, dash and
    underscore turned into dashes): safe for the proxy to put in a header, which it cannot encode."""
    folded = strip_accents(unicodedata.normalize("NFKC", safe_filename(name)))
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip("-.")
    return cleaned or "tai-ve"


def secure_link_url(field_file, *, filename: str, session_key: str | None, now: float | None = None) -> str | None:
    """With OCOP_SENDFILE=secure-link, the URL at which the proxy serves the stored file to this session until
    OCOP_SECURE_LINK_SECONDS from now (the caller has checked that the viewer may have it); None otherwise."""
    if getattr(settings, "OCOP_SENDFILE", "") != "secure-link" or not session_key or not field_file:
        return None
    expires = int(now if now is not None else time.time()) + settings.OCOP_SECURE_LINK_SECONDS
    path = settings.OCOP_SECURE_LINK_PREFIX.rstrip("/") + "/" + field_file.name
    name = ascii_filename(filename)
    signed = f"{expires}{path}{name}{session_key} {settings.OCOP_SECURE_LINK_SECRET}"
    digest = base64.urlsafe_b64encode(hashlib.md5(signed.encode()).digest()).decode().rstrip("=")
    return f"{quote(path)}?{urlencode({'md5': digest, 'expires': expires, 'name': name})}"
