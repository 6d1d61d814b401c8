"""Who may see what, by administrative scope. Every model's `for_user` builds on `unit_scope_q`."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import PROVINCE_ROLES, UNIT_OPTIONAL_ROLES, UNITLESS_ROLES, Role, UnitEra, UnitLevel
from .models import AdministrativeUnit, User

NOTHING = Q(pk__in=[])


def unit_scope_q(user: User, commune_field: str, province_field: str | None = None) -> Q:
    """A filter on a record's current commune (`commune_field` is the path to it) for `user`'s scope:
    national roles see all, provincial roles their province, commune officers their commune.
    Producers are not scoped by unit (their records are scoped by membership).

    `province_field` names the record's own copy of its commune's province (`province`, kept by the model's save
    and by `products.services.province_refresh`): a province's rows are then found by one indexed column instead
    of joining every commune of the country."""
    if not user.is_authenticated:
        return NOTHING
    if user.is_national:
        return Q()
    if user.unit_id is None:
        return NOTHING
    if user.unit.level == UnitLevel.PROVINCE:
        if province_field:
            return Q(**{f"{province_field}_id": user.unit_id})
        return Q(**{f"{commune_field}__parent_id": user.unit_id})
    if user.unit.level == UnitLevel.COMMUNE:
        return Q(**{commune_field: user.unit_id})
    return NOTHING


# Council and advisory-team members read dossiers through their work (the agenda, the review), never the
# registry: no producer (tax code, phone, address), product, certificate or decision list of the province.
DOSSIER_ONLY_ROLES = frozenset({Role.COUNCIL_MEMBER, Role.ADVISORY_MEMBER})


def reads_registry(user: User) -> bool:
    """Whether `user` may read the registry (producers, products, certificates, decisions) within their scope."""
    return user.is_authenticated and (user.is_superuser or user.role not in DOSSIER_ONLY_ROLES)


def is_staff_role(user: User) -> bool:
    return user.is_authenticated and user.role != Role.PRODUCER


# Officers who handle records (not producers, council or advisory members, not the read-only viewer).
def is_sysadmin(user) -> bool:
    """The system administrator's: the admin site (reference data, accounts, the technical records)."""
    return user.is_active and (user.is_superuser or getattr(user, "role", "") == Role.ADMIN)


def sysadmins():
    """The active accounts `is_sysadmin` is true of (the query form of the same rule)."""
    return User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(role=Role.ADMIN))


HISTORY_ROLES = {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}


def sees_audit_history(user: User) -> bool:
    """Whether `user` reads the change history of the records they can open (issue 11.18)."""
    return user.is_authenticated and (user.is_superuser or user.role in HISTORY_ROLES)


def can_write(user: User) -> bool:
    """Read-only users (viewers) may look but never change anything."""
    return user.is_authenticated and not user.is_read_only


def get_job_for_user(user: User, pk: int):
    """A background job is seen only by the person who started it: anyone else gets a 404."""
    from django.shortcuts import get_object_or_404

    from .models import BackgroundJob

    return get_object_or_404(BackgroundJob.objects.filter(created_by_id=user.pk), pk=pk)


def get_export_job_for_user(user: User, pk: int):
    """An export job (ocop.downloads.export_response) of the person who started it; anything else is a 404."""
    from .choices import JobKind

    job = get_job_for_user(user, pk)
    if job.kind != JobKind.EXPORT:
        from django.http import Http404

        raise Http404
    return job


LOCKOUT_ROLES = {"province_officer", "central_officer", "admin"}


def can_see_lockouts(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in LOCKOUT_ROLES)


def get_lockout_for_user(user, pk: int):
    """A lockout of the officers' list (ocop.selectors.lockouts_for_user): 403 for the roles that do not see the
    list, 404 for one outside the officer's scope or older than the list."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    from .selectors import lockouts_for_user

    if not can_see_lockouts(user):
        raise PermissionDenied
    return get_object_or_404(lockouts_for_user(user).select_related("actor"), pk=pk)


def role_unit_error(*, role: str, unit: AdministrativeUnit | None):
    """Why an account of `role` cannot work for `unit` (None when it can): a commune officer works for a current
    commune, the province roles for a current province (a council member of the central council for none), a ministry
    officer for none. The account pages build the unit from the keeper's choices (accounts.services.account_unit); the
    admin's account form sets it directly and is held to this, since `unit_scope_q` reads the unit's level: a commune
    officer given a province read the whole province's registry, a province officer given a pre-2025 province read
    nothing."""
    if unit is not None and unit.era != UnitEra.CURRENT:
        return _("Chọn một đơn vị hành chính hiện nay (không phải đơn vị trước sắp xếp).")
    if role in UNITLESS_ROLES and unit is not None:
        return _("Cán bộ OCOP trung ương không thuộc đơn vị nào: để trống đơn vị.")
    if role == Role.COMMUNE_OFFICER and (unit is None or unit.level != UnitLevel.COMMUNE):
        return _("Cán bộ xã cần có xã, phường phụ trách.")
    if role in PROVINCE_ROLES:
        if unit is None and role not in UNIT_OPTIONAL_ROLES:
            return _("Chọn tỉnh, thành phố nơi người này làm việc.")
        if unit is not None and unit.level != UnitLevel.PROVINCE:
            return _("Vai trò này làm việc cho một tỉnh, thành phố: chọn tỉnh, thành phố, không chọn xã, phường.")
    return None
