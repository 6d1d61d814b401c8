"""Plan against achieved, computed live (issue 14, Điều 10.3a): for each target, the certificates issued in the
plan's period for products of the plan's unit that the target counts, and the dossiers still in the pipeline.

How a certificate counts (its product's previous certificate decides, so historic records count too):
- new_recognised / sector_recognised: the product's first certificate;
- recognised_star: any certificate at the target's star;
- reevaluated: a certificate at the same star as the product's previous one;
- upgraded: a higher star than the previous one (from `from_star` to `star` when the target names them);
- new_producers: producers whose first certificate falls in the period (counted once each).
A unit from before the 2025 reform counts the products of the producers recorded in its old communes and of the
current communes that took its old communes over (ocop AdministrativeUnitSuccession).
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from certificates.models import Certificate
from evaluation.choices import RegistrationKind, RegistrationStatus
from evaluation.models import Registration
from ocop.choices import UnitEra, UnitLevel
from ocop.models import AdministrativeUnit, AdministrativeUnitSuccession

from ..choices import TargetMetric
from ..models import Plan, PlanTarget

IN_PIPELINE = [
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.FORWARDED,
    RegistrationStatus.ADVISORY_REVIEW,
    RegistrationStatus.SUPPLEMENT_REQUESTED,
    RegistrationStatus.READY_FOR_COUNCIL,
    RegistrationStatus.SCORED,
    RegistrationStatus.FORWARDED_TO_CENTRAL,
]
PIPELINE_KINDS = {
    TargetMetric.NEW_RECOGNISED: [RegistrationKind.FIRST],
    TargetMetric.SECTOR_RECOGNISED: [RegistrationKind.FIRST],
    TargetMetric.RECOGNISED_STAR: list(RegistrationKind),
    TargetMetric.REEVALUATED: [RegistrationKind.REEVALUATION],
    TargetMetric.UPGRADED: [RegistrationKind.UPGRADE],
}


def unit_producer_q(unit: AdministrativeUnit, producer_field: str = "product__producer") -> Q:
    """Records whose producer lies in `unit`, a current or a historic (pre-2025) unit of any level."""
    commune, historic = f"{producer_field}__commune", f"{producer_field}__historic_commune"
    if unit.era == UnitEra.CURRENT:
        if unit.level == UnitLevel.PROVINCE:
            return Q(**{f"{commune}__parent": unit})
        return Q(**{commune: unit})
    old_communes = {
        UnitLevel.COMMUNE: Q(old=unit),
        UnitLevel.DISTRICT: Q(old__parent=unit),
        UnitLevel.PROVINCE: Q(old__parent__parent=unit),
    }[unit.level]
    successors = AdministrativeUnitSuccession.objects.filter(old_communes).values("new")
    in_old = {
        UnitLevel.COMMUNE: Q(**{historic: unit}),
        UnitLevel.DISTRICT: Q(**{f"{historic}__parent": unit}),
        UnitLevel.PROVINCE: Q(**{f"{historic}__parent__parent": unit}),
    }[unit.level]
    return in_old | Q(**{f"{commune}__in": successors})


def target_certificates(target: PlanTarget) -> QuerySet[Certificate]:
    """The certificates a target counts (the list behind its number)."""
    plan = target.plan
    earlier = Certificate.objects.filter(product=OuterRef("product"), issued_on__lt=OuterRef("issued_on"))
    previous_star = Subquery(earlier.order_by("-issued_on", "-pk").values("star")[:1])
    qs = (
        Certificate.objects.filter(issued_on__gte=plan.period_start, issued_on__lte=plan.period_end)
        .filter(unit_producer_q(plan.unit))
        .annotate(previous_star=previous_star, has_earlier=Exists(earlier))
    )
    metric = target.metric
    if metric in (TargetMetric.NEW_RECOGNISED, TargetMetric.SECTOR_RECOGNISED, TargetMetric.NEW_PRODUCERS):
        qs = qs.filter(has_earlier=False)
    if metric == TargetMetric.SECTOR_RECOGNISED and target.sector_id:
        qs = qs.filter(product__product_set__group__sector_id=target.sector_id)
    if metric == TargetMetric.REEVALUATED:
        qs = qs.filter(has_earlier=True, star=F("previous_star"))
    if metric == TargetMetric.UPGRADED:
        qs = qs.filter(has_earlier=True, star__gt=F("previous_star"))
        if target.from_star:
            qs = qs.filter(previous_star=target.from_star)
    if target.star and metric in (TargetMetric.RECOGNISED_STAR, TargetMetric.UPGRADED, TargetMetric.REEVALUATED):
        qs = qs.filter(star=target.star)
    if metric == TargetMetric.NEW_PRODUCERS:
        before = Certificate.objects.filter(
            product__producer=OuterRef("product__producer"), issued_on__lt=plan.period_start
        )
        qs = qs.exclude(Exists(before))
    return qs.select_related("product__producer__commune").order_by("issued_on", "pk")


def target_achieved(target: PlanTarget) -> int:
    qs = target_certificates(target)
    if target.metric == TargetMetric.NEW_PRODUCERS:
        return qs.values("product__producer").distinct().count()
    return qs.count()


def target_pipeline(target: PlanTarget) -> int:
    """Dossiers of the plan's unit under evaluation that could still count for the target in its period."""
    kinds = PIPELINE_KINDS.get(target.metric)
    if kinds is None:
        return 0
    qs = Registration.objects.filter(status__in=IN_PIPELINE, kind__in=kinds).filter(unit_producer_q(target.plan.unit))
    if target.metric == TargetMetric.SECTOR_RECOGNISED and target.sector_id:
        qs = qs.filter(product__product_set__group__sector_id=target.sector_id)
    return qs.count()


def plan_progress(plan: Plan) -> list[dict]:
    """Each target with what it achieved, its share and the pipeline: three queries per target (a plan has a
    handful of targets; the cost does not grow with the number of certificates)."""
    rows = []
    for target in plan.targets.select_related("sector"):
        achieved = target_achieved(target)
        rows.append(
            {
                "target": target,
                "achieved": achieved,
                "share": min(100, round(100 * achieved / target.quantity)) if target.quantity else 0,
                "pipeline": target_pipeline(target),
            }
        )
    return rows


def plan_list(*, user) -> QuerySet[Plan]:
    return Plan.objects.for_user(user).select_related("unit", "unit__parent", "province").distinct()
