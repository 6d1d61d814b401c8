"""django-axes' handler for the sign-in lockouts (settings.AXES_HANDLER): two counts, each with its own limit.

axes checks every combination of AXES_LOCKOUT_PARAMETERS against one AXES_FAILURE_LIMIT. Here the pair (user name,
address) keeps that limit, and the address alone has a higher one (LOGIN_ADDRESS_FAILURE_LIMIT): one address trying a
few passwords on each of many accounts (password spraying) is locked out, while a colleague behind an office's
shared address is not locked for one person's typing."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

ADDRESS = "ip_address"


class LoginThrottleHandler(AxesDatabaseHandler):
    def failure_counts(self, request, credentials=None) -> tuple[int, int]:
        """(failures of the typed name from this address, failures of every name from this address), within the
        cool-off."""
        counts = {}
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            key = parameter if isinstance(parameter, str) else tuple(parameter)
            counts[key] = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
        return counts.get(("username", ADDRESS), 0), counts.get(ADDRESS, 0)

    def get_failures(self, request, credentials=None) -> int:
        """The pair's failures, or the pair's limit once the address alone has reached its own (higher) limit: axes
        compares this one number with AXES_FAILURE_LIMIT. `request.login_address_locked` says which lock it is
        (the lockout page and the audit trail word them apart)."""
        pair, address = self.failure_counts(request, credentials)
        limit = get_failure_limit(request, credentials)
        request.login_address_locked = pair < limit and address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return limit if request.login_address_locked else pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in forgets its own pair's failures only, not the address's: otherwise anyone with an
        account could clear the address count between two rounds of guesses by signing in."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
