"""Security helpers shared by login throttling, rate limits and password rules (issue 11, items 10, 11, 17)."""

import logging

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The visitor's address. Behind a proxy (BEHIND_PROXY=1) it is the last X-Forwarded-For entry, the one the
    proxy itself appended; entries before it come from the client and can be forged. Otherwise REMOTE_ADDR."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"


class NotTheCurrentPasswordValidator:
    """A new password must differ from the one it replaces (a "change" to the same password changes nothing)."""

    def validate(self, password, user=None):
        if user is None or not user.pk or not user.has_usable_password():
            return
        # The stored hash, not user.check_password(): that would also re-hash and save as a side effect.
        if check_password(password, user.password):
            raise ValidationError(_("Mật khẩu mới phải khác mật khẩu hiện tại."), code="password_reused")

    def get_help_text(self):
        return _("Mật khẩu mới phải khác mật khẩu hiện tại.")


def posted_email_key(group, request) -> str:
    """django-ratelimit's key for a per-address limit: the e-mail typed, as accounts keep it (NFC, no surrounding
    spaces, lower case), so that typing it in another case or with spaces does not start a new count."""
    from .text import nfc

    return nfc(str(request.POST.get("email", ""))).strip().lower()


def rate_limited(request, *, group: str, rate: str, key="ip") -> bool:
    """Count this request against `rate` (django-ratelimit, in the shared cache) and say whether it is over.
    When the cache cannot be reached the request passes: a throttle must not turn a Redis outage into errors
    on public pages (the login lockouts live in the database and keep working)."""
    from django_ratelimit import ALL
    from django_ratelimit.core import is_ratelimited

    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, method=ALL, increment=True)
    except Exception:  # noqa: BLE001 - any cache failure; logged, never shown
        logger.warning("rate limit %s skipped: cache unavailable", group, exc_info=True)
        return False


def axes_username(request, credentials=None) -> str | None:
    """The user name django-axes counts failures under (AXES_USERNAME_CALLABLE): lower case, since the sign-in
    accepts any case of a lower-case user name (ocop.auth); counting each spelling apart would give a guesser five
    tries per spelling."""
    if credentials:
        name = credentials.get("username")
    else:
        name = getattr(request, "POST", {}).get("username")
    return str(name).lower() if name else name


def login_failures_clear(*, username: str, ip: str = "") -> int:
    """Forget the failed sign-ins of `username` (django-axes' records), from every address or, given `ip`, from that
    one only (the pair that is locked, settings.AXES_LOCKOUT_PARAMETERS), which lifts its lockouts; returns how many
    records went."""
    from axes.utils import reset

    if not username and not ip:
        return 0  # axes would forget every record
    return reset(username=username.lower() or None, ip=ip or None)


LOCKOUT_IP_SEPARATOR = " · IP "  # ocop.services.security_event_record writes "name · IP address"


LOCKOUT_IP_PREFIX = "IP "  # an address locked for every name (ocop.login_throttle) is summarised "IP address"


def lockout_pair(summary: str) -> tuple[str, str]:
    """The (user name, address) a lockout of the audit trail locked, from its summary ("name · IP address",
    ocop.signals): the name is split at the last separator, as the typed name may contain anything. An address
    locked for every name ("IP address") gives no name."""
    name, separator, ip = summary.rpartition(LOCKOUT_IP_SEPARATOR)
    if separator:
        return name, ip.strip()
    if summary.startswith(LOCKOUT_IP_PREFIX):
        return "", summary.removeprefix(LOCKOUT_IP_PREFIX).strip()
    return summary, ""
