"""The site's absolute address, for QR codes and links that leave the page (PDFs, e-mails).

Production sets SITE_URL (settings refuse DEBUG=0 without it). In development SITE_URL may be unset: the
address is then the one the browser used for the request being served, so a demo on another port prints QR
codes that work there. RequestSiteMiddleware remembers that address for the duration of the request, which
covers work done in-process on commit (certificates rendered when a decision is issued); outside a request
(a worker, a command) the development default is used.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings

DEVELOPMENT_DEFAULT = "http://127.0.0.1:8000"

_request_origin: ContextVar[str] = ContextVar("ocop_request_origin", default="")


def _origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def site_url(request=None) -> str:
    """SITE_URL when set; otherwise the origin of `request` or of the request being served."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is not None:
        return _origin(request)
    return _request_origin.get() or DEVELOPMENT_DEFAULT


def remember_request(request):
    return _request_origin.set(_origin(request))


class RequestSiteMiddleware:
    """Only when SITE_URL is unset (development): remember the request's origin for site_url()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL:
            return self.get_response(request)
        token = remember_request(request)
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
