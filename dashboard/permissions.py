"""Who may read the programme's statistics: the officers who run and watch it, within their unit."""

from django.core.exceptions import PermissionDenied

from ocop.choices import Role

STATISTICS_ROLES = {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.VIEWER, Role.ADMIN}


def can_view_statistics(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in STATISTICS_ROLES)


def ensure_can_view_statistics(user) -> None:
    if not can_view_statistics(user):
        raise PermissionDenied
