import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class IgnoreBrowserLanguageMiddleware:
    """The UI language is the user's explicit choice (the set_language cookie, or the account's: see
    AccountLanguageMiddleware), never the browser's Accept-Language: officials on English systems still get
    Vietnamese unless they switch. The header is kept
    as `request.accept_language` for the API, where a program (not a browser) states what it reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Kept aside for the machine API (api/), whose clients choose the language of its errors by the header.
        request.accept_language = request.META.pop("HTTP_ACCEPT_LANGUAGE", "")
        return self.get_response(request)


class AccountLanguageMiddleware:
    """A signed-in user's language (kept on the account when they chose it, ocop.views.set_language) in a
    browser that has made no choice of its own: the phone opens in the language picked on the laptop. A
    browser's own choice (its cookie) still wins. After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def is_idle_limited(user) -> bool:
    return user is not None and user.is_authenticated and getattr(user, "role", "producer") != "producer"


def idle_clock_start(request, user) -> None:
    """At sign-in (ocop/signals.py): start the idle clock with the login's own session write, so the first page
    after it writes nothing more."""
    if request is not None and hasattr(request, "session") and is_idle_limited(user):
        request.session["last_seen"] = int(time.time())
        request.session.set_expiry(settings.OFFICER_IDLE_MINUTES * 60)


class OfficerIdleTimeoutMiddleware:
    """Officers (every role but producers) are signed out after OFFICER_IDLE_MINUTES without a request.
    The last-seen time is written at most once a minute, so a busy officer does not save the session on every
    request; the session's own expiry follows it, so an abandoned session also dies in the database."""

    TOUCH_EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if is_idle_limited(user):
            idle = settings.OFFICER_IDLE_MINUTES * 60
            now = int(time.time())
            last_seen = request.session.get("last_seen")
            if isinstance(last_seen, int) and now - last_seen > idle:
                logout(request)
                messages.info(
                    request,
                    _("Phiên làm việc đã hết hạn sau %(n)d phút không hoạt động. Vui lòng đăng nhập lại.")
                    % {"n": settings.OFFICER_IDLE_MINUTES},
                )
            elif not isinstance(last_seen, int) or now - last_seen >= self.TOUCH_EVERY:
                request.session["last_seen"] = now
                request.session.set_expiry(idle)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to every response: the app never uses
    the camera, microphone, payment or sensors, so no page, and nothing injected into one, may ask for them."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class TextCompressionMiddleware(GZipMiddleware):
    """Pages, JSON, CSV and XML go out compressed with gzip to a client that accepts it: the map page's 84 kB of
    HTML become 23 kB, a second less on a phone's mobile connection. Files that are compressed already (PDF,
    workbooks, ZIPs, photos) pass as they are, with their Content-Length. Static files never get here: WhiteNoise
    answers them first, compressed once at collectstatic. Django's GZipMiddleware pads each response with random
    bytes against BREACH, and the CSRF token is masked anew for every response."""

    COMPRESSIBLE = ("text/", "application/json", "application/problem+json", "application/xml", "application/vnd.oai")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)
