"""Who may read the programme's statistics and plans, and who may record plans: the officers who run the
programme, within their unit. Outsiders get 404 (get_plan_for_user), read-only users 403 on writes."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ocop.admin_units import current_province_of, current_successor
from ocop.choices import Role, UnitEra, UnitLevel
from ocop.forms import parse_pk
from ocop.models import AdministrativeUnit, AdministrativeUnitSuccession
from ocop.permissions import NOTHING

STATISTICS_ROLES = {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.VIEWER, Role.ADMIN}
PLAN_WRITE_ROLES = {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}


def can_view_statistics(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in STATISTICS_ROLES)


def ensure_can_view_statistics(user) -> None:
    if not can_view_statistics(user):
        raise PermissionDenied


def can_search_registry(user) -> bool:
    """The one search box over the registry (dashboard.selectors.search): the officers and viewers who read the
    products, producers, dossiers and certificates of their unit, as they read its statistics."""
    return can_view_statistics(user)


def can_manage_plans(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in PLAN_WRITE_ROLES) and not user.is_read_only


def can_remember_report_signer(user, office_id: int | None) -> bool:
    """May `user`'s print of a periodic report set who signs that office's next one (ReportSigner; `office_id`:
    dashboard.reports.report_office_id, None for the ministry's national report)? Only someone who writes for that
    office: a national officer for the ministry, a province's or commune's officer for their own unit. Anyone else
    who may read the report (a read-only viewer, the ministry printing a province's) prints with the signer they
    typed and leaves the office's alone."""
    if not can_manage_plans(user):
        return False
    if office_id is None:
        return user.is_national
    return not user.is_national and user.unit_id == office_id


def can_record_history(user) -> bool:
    """Past rounds (evaluated but not recognised) are recorded by those who record historic certificates."""
    return (
        user.is_authenticated
        and not user.is_read_only
        and (user.is_superuser or user.role in {Role.ADMIN, Role.CENTRAL_OFFICER, Role.PROVINCE_OFFICER})
    )


def get_historic_evaluation_for_user(user, pk: int, *, write: bool = False):
    from .models import HistoricEvaluation

    evaluation = get_object_or_404(HistoricEvaluation.objects.for_user(user).select_related("unit"), pk=pk)
    if write and not (can_record_history(user) and plan_unit_allowed(user, evaluation.unit)):
        raise PermissionDenied
    return evaluation


def get_report_job_for_user(user, pk: int):
    """A report being built in the background, for the person who asked for it (anyone else: 404)."""
    from ocop.choices import JobKind
    from ocop.models import BackgroundJob

    return get_object_or_404(BackgroundJob.objects.filter(created_by_id=user.pk, kind=JobKind.REPORT), pk=pk)


def plan_scope_q(user) -> Q:
    """Plans the user may read: all for national roles, the province's (and its communes', old districts' and
    former provinces') for a province, the commune's own (and those of the old communes merged into it)."""
    if not can_view_statistics(user):
        return NOTHING
    if user.is_national:
        return Q()
    if user.unit_id is None:
        return NOTHING
    if user.unit.level == UnitLevel.PROVINCE:
        return Q(province_id=user.unit_id)
    if user.unit.level == UnitLevel.COMMUNE:
        return Q(unit_id=user.unit_id) | Q(unit__succession_out__new_id=user.unit_id)
    return NOTHING


def unit_current_province(unit):
    """The current province a unit is (or became) part of. A former district or province with no succession link
    of its own takes the province where most of its old communes went."""
    province = current_province_of(unit)
    if province is not None or unit.era != UnitEra.HISTORIC:
        return province
    old_communes = {
        UnitLevel.DISTRICT: Q(old__parent=unit),
        UnitLevel.PROVINCE: Q(old__parent__parent=unit),
    }.get(unit.level)
    if old_communes is None:
        return None
    top = (
        AdministrativeUnitSuccession.objects.filter(old_communes, new__era=UnitEra.CURRENT)
        .values("new__parent")
        .annotate(n=Count("pk"))
        .order_by("-n", "new__parent")
        .first()
    )
    return AdministrativeUnit.objects.filter(pk=top["new__parent"]).first() if top else None


def plan_unit_allowed(user, unit) -> bool:
    """May `user` record a plan for `unit` (current or historic)? National roles: any; a province: units that are
    or became part of it; a commune: itself and the old communes merged into it."""
    if unit is None or not can_manage_plans(user):
        return False
    if user.is_national:
        return True
    if user.unit_id is None:
        return False
    if user.unit.level == UnitLevel.PROVINCE:
        province = unit_current_province(unit)
        return province is not None and province.pk == user.unit_id
    successor = current_successor(unit)
    return unit.level == UnitLevel.COMMUNE and successor is not None and successor.pk == user.unit_id


def get_plan_for_user(user, pk: int, *, write: bool = False):
    from .models import Plan  # models import this module for Plan.objects.for_user

    plan = get_object_or_404(Plan.objects.for_user(user), pk=pk)
    if write and not (can_manage_plans(user) and plan_unit_allowed(user, plan.unit)):
        raise PermissionDenied
    return plan


def statistics_unit_for_user(
    user, *, province=None, commune=None, known_provinces=frozenset()
) -> tuple[int | None, int | None]:
    """The (province_id, commune_id) a dashboard is narrowed to, from the query: a national officer may open any of
    today's provinces or communes (an unknown id leaves the national view), a province officer their province and
    its communes, a commune officer their commune. A unit outside the user's own: 404. `known_provinces`: the ids
    of today's provinces (cached by the caller)."""
    ensure_can_view_statistics(user)
    province_id, commune_id = parse_pk(province), parse_pk(commune)
    if commune is not None and commune != "":
        unit = (
            AdministrativeUnit.objects.current().communes().filter(pk=commune_id or 0).values("pk", "parent_id").first()
        )
        if unit is None:
            if user.is_national:
                return None, None
            raise Http404
        if user.is_national or (user.unit_id in (unit["pk"], unit["parent_id"])):
            return None, unit["pk"]
        raise Http404
    if province is not None and province != "":
        if user.is_national:
            return (province_id if province_id in known_provinces else None), None
        if province_id != user.unit_id:
            raise Http404
    return None, None
