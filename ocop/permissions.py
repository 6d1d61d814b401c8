"""Who may see what, by administrative scope. Every model's `for_user` builds on `unit_scope_q`."""

from django.db.models import Q

from .choices import Role, UnitLevel
from .models import User

NOTHING = Q(pk__in=[])


def unit_scope_q(user: User, commune_field: str) -> Q:
    """A filter on a record's current commune (`commune_field` is the path to it) for `user`'s scope:
    national roles see all, provincial roles their province, commune officers their commune.
    Producers are not scoped by unit (their records are scoped by membership)."""
    if not user.is_authenticated:
        return NOTHING
    if user.is_national:
        return Q()
    if user.unit_id is None:
        return NOTHING
    if user.unit.level == UnitLevel.PROVINCE:
        return Q(**{f"{commune_field}__parent_id": user.unit_id})
    if user.unit.level == UnitLevel.COMMUNE:
        return Q(**{commune_field: user.unit_id})
    return NOTHING


def is_staff_role(user: User) -> bool:
    return user.is_authenticated and user.role != Role.PRODUCER


def can_write(user: User) -> bool:
    """Read-only users (viewers) may look but never change anything."""
    return user.is_authenticated and not user.is_read_only


def get_job_for_user(user: User, pk: int):
    """A background job is seen only by the person who started it: anyone else gets a 404."""
    from django.shortcuts import get_object_or_404

    from .models import BackgroundJob

    return get_object_or_404(BackgroundJob.objects.filter(created_by_id=user.pk), pk=pk)
