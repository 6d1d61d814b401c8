from django.db.models import Q
from django.http import QueryDict

from ocop.models import AuditEvent, User, vi_name_order
from products.selectors import audit_history

from .choices import AccountState, dormant_before
from .filters import AccountFilter
from .permissions import accounts_scope_q


def account_list(*, user: User, filters: QueryDict) -> AccountFilter:
    """The staff accounts `user` keeps or reads, by Vietnamese name order, filtered by the list's query."""
    accounts = User.objects.filter(accounts_scope_q(user)).select_related("unit__parent").order_by(*vi_name_order())
    return AccountFilter(filters, queryset=accounts, user=user)


SIGN_IN = Q(action__startswith="auth.")  # sign-ins, refused sign-ins, lockouts, password changes and resets
SIGN_INS_SHOWN = 10


def account_history(*, account: User) -> list[AuditEvent]:
    """What was done to the account (created, corrected, moved, closed, invited); its sign-ins are listed apart."""
    return audit_history(target=account, where=~SIGN_IN)


def account_sign_ins(*, account: User) -> list[AuditEvent]:
    """The account's latest sign-in events, newest first: a keeper sees whether and from where it is used."""
    return audit_history(target=account, where=SIGN_IN, limit=SIGN_INS_SHOWN)


def account_state(account: User) -> str:
    """Where `account` stands (accounts.choices.AccountState), as the list's filter reads it."""
    if not account.is_active:
        return AccountState.CLOSED
    if account.last_login is None:
        return AccountState.WAITING
    return AccountState.DORMANT if account.last_login < dormant_before() else AccountState.SIGNED_IN


def account_councils(*, account: User) -> list[dict]:
    """The councils and advisory teams the person sits on now: closing the account does not take them off (the
    council's page does), and the council's manager should know. A lookup path, not an import (the councils are
    the evaluation app's, above this one)."""
    memberships = account.council_memberships.filter(active=True).order_by("council__name", "council_id")
    return [{"pk": pk, "name": name} for pk, name in memberships.values_list("council_id", "council__name")]
