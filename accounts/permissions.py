"""Who keeps which staff accounts: each level keeps the level below it, never a peer. A province's OCOP officer
keeps the accounts that work in the province below the office (commune officers of its communes, its advisory team,
council members and read-only viewers), not a fellow officer of the office; a ministry officer keeps those of every
province, the provinces' officers and the central council's members, who represent ministries and work for no
province (D26 Điều 7.4b), not a fellow ministry officer; the system administrator keeps the ministry's officers too
(a 5★ decision is checked by a second one). A keeper reads a peer's page, and changes nothing on it: neither role,
unit, contacts, closing nor the invitation. Nobody keeps their own account here, nor a producer's (invited from the
producer's page) or an administrator's (the admin site, the administrator's only)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ocop.choices import Role, UnitLevel
from ocop.models import User
from ocop.permissions import NOTHING, is_sysadmin

KEEPERS = {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}
# The roles each keeper gives, and so the accounts each keeps (can_change_account): the level below its own.
PROVINCE_GRANTS = (Role.COMMUNE_OFFICER, Role.ADVISORY_MEMBER, Role.COUNCIL_MEMBER, Role.VIEWER)
MINISTRY_GRANTS = (Role.PROVINCE_OFFICER, *PROVINCE_GRANTS)
NATIONAL_GRANTS = (Role.CENTRAL_OFFICER, *MINISTRY_GRANTS)  # the system administrator's
# The accounts the list shows: staff who work for a province or a commune, and the ministry's officers.
LISTED_ROLES = NATIONAL_GRANTS


def can_keep_accounts(user: User) -> bool:
    """Whether `user` opens the account pages at all (a province officer needs the province they work for)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_national:
        return user.is_superuser or user.role in KEEPERS
    return user.role == Role.PROVINCE_OFFICER and user.unit_id is not None and user.unit.level == UnitLevel.PROVINCE


def grantable_roles(user: User) -> tuple[str, ...]:
    """The roles `user` may give an account, and so the accounts they change: never their own level's (a province's
    officer gives no province officer's role, a ministry officer no ministry officer's; the administrator does)."""
    if not can_keep_accounts(user):
        return ()
    if is_sysadmin(user):
        return NATIONAL_GRANTS
    return MINISTRY_GRANTS if user.is_national else PROVINCE_GRANTS


def accounts_scope_q(user: User) -> Q:
    """The staff accounts `user` reads: a province officer those of the province and its communes."""
    if not can_keep_accounts(user):
        return NOTHING
    # An integration client's service account is kept with its token in the admin (api.services), not here: a
    # lookup path, not an import (accounts sits below api).
    listed = Q(role__in=LISTED_ROLES, is_superuser=False, api_client__isnull=True)
    if user.is_national:
        return listed
    return listed & (Q(unit_id=user.unit_id) | Q(unit__parent_id=user.unit_id))


def can_change_account(user: User, account: User) -> bool:
    """An account `user` may change: another person's, with a role `user` may give (grantable_roles: not a peer's),
    in `user`'s reach. The one rule of every change: the form, closing (one or ticked), the invitation, the file."""
    if account.pk == user.pk or account.role not in grantable_roles(user):
        return False
    if user.is_national:
        return True
    unit = account.unit
    return unit is not None and user.unit_id in {unit.pk, unit.parent_id}


def get_account_for_user(user: User, pk: int) -> User:
    """The chokepoint of the account pages: 403 for who keeps no accounts, 404 for an account outside the scope."""
    if not can_keep_accounts(user):
        raise PermissionDenied
    return get_object_or_404(User.objects.filter(accounts_scope_q(user)).select_related("unit__parent"), pk=pk)


def get_accounts_for_user(user: User, pks: list[int]) -> list[User]:
    """The chokepoint of a list's action on ticked accounts: 403 for who keeps no accounts, 404 when any is outside
    the scope (never said to exist)."""
    if not can_keep_accounts(user):
        raise PermissionDenied
    accounts = list(User.objects.filter(accounts_scope_q(user), pk__in=pks).select_related("unit__parent"))
    if len(accounts) != len(set(pks)):
        raise Http404
    return accounts
