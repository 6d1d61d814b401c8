"""Plan against achieved, computed live (issue 14, Điều 10.3a): for each target, the certificates issued in the
plan's period for products of the plan's unit that the target counts, and the dossiers still in the pipeline.

How a certificate counts: the kind of the dossier it came from decides, as it decided which target's pipeline
counted that dossier, once the product held a certificate in force on the new decision's date (held_at_decision,
the one rule); a certificate recorded without a dossier (a historic one) counts by that alone. Each certificate is
one of two things, never both (ocop-domain.md §6, §8):
- a recognition: from a first evaluation ("lần đầu"), or without a dossier and no earlier certificate, or after
  the product's certificate had ended by the new decision's date: expired, or revoked (Điều 8: it ends on the
  revocation decision's date, however long it was printed valid for). A product whose certificate lapsed or was
  revoked comes back through a first evaluation (the registration form requires it): it is recognised again, not
  re-evaluated, since a re-evaluation is the filing before expiry that keeps the certificate (Điều 7.6a, 12.3). An
  upgrade whose product's certificate lapsed while it was evaluated replaced nothing (no star held to exceed,
  evaluation.workflow.upgrade_achieved): a recognition too;
- a later recognition of a product certified before: from a re-evaluation or upgrade dossier, or without a dossier,
  while an earlier certificate of the product was in force (its last valid day on or after the new decision's date,
  not revoked nor superseded by then; for a re-evaluation, kept in force until its decision for at most 180 days
  after that last day, Điều 12.3).
What each target counts:
- new_recognised / sector_recognised: the product's first certificate (its first recognition); a product
  certified before, whose certificate lapsed or was upgraded, is not a new product, whatever dossier it came from;
- recognised_star: a recognition (never a re-evaluation or an upgrade, which their own targets count) at a star the
  product kept to the period's end (a 4★ superseded by a 5★ upgrade in the period counts under no star target:
  the upgrade counts as upgraded);
- reevaluated: a later recognition at the star of the product's previous certificate;
- upgraded: a later recognition at a higher star than the previous one (from `from_star` to `star` when the target
  names them);
- new_producers: producers whose first certificate falls in the period (counted once each).
A target that names a star or a sector counts only the certificates at that star, of products of that sector,
whatever its metric (its label names them: "Sản phẩm được công nhận theo hạng sao 4 sao · Đồ uống").
Every target counts products (new producers: producers), each once however many certificates it got in the period.
The pipeline follows the same rules: a dossier counts for the targets of its kind, and for a target naming a star,
once the council's result is known, only at the star that result leads to (a province's potential 5★ at 5★, the
Minister's to give: never under a 4★ target); for an upgrade target naming `from_star`, only the upgrades of products
that hold that star today (their live certificate's, the star the upgrade must exceed: Product.current_star), as
its certificates count from the previous certificate's star. A re-evaluation or an upgrade of a product that holds
no certificate in force today (live_today_q) leads to a recognition: it counts under the star targets, not under its
kind's.
A unit from before the 2025 reform counts the products of the producers recorded in its old communes and of the
current communes that took its old communes over (ocop AdministrativeUnitSuccession).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from certificates.choices import CertificateStatus
from certificates.models import Certificate
from certificates.models.status import extension_days, live_today_q
from evaluation.choices import RegistrationKind, RegistrationStatus
from evaluation.models import CouncilResult, Registration
from ocop.choices import UnitEra, UnitLevel
from ocop.db import count_of
from ocop.models import AdministrativeUnit, AdministrativeUnitSuccession
from ocop.numbers import percent

from ..choices import TargetMetric
from ..models import Plan, PlanTarget
from .recognitions import last_in_period_q

IN_PIPELINE = [
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.FORWARDED,
    RegistrationStatus.ADVISORY_REVIEW,
    RegistrationStatus.SUPPLEMENT_REQUESTED,
    RegistrationStatus.READY_FOR_COUNCIL,
    RegistrationStatus.SCORED,
    RegistrationStatus.PROVINCE_APPROVAL,
    RegistrationStatus.FORWARDED_TO_CENTRAL,
]
PIPELINE_KINDS = {
    TargetMetric.NEW_RECOGNISED: [RegistrationKind.FIRST],
    TargetMetric.SECTOR_RECOGNISED: [RegistrationKind.FIRST],
    TargetMetric.RECOGNISED_STAR: [RegistrationKind.FIRST],
    TargetMetric.REEVALUATED: [RegistrationKind.REEVALUATION],
    TargetMetric.UPGRADED: [RegistrationKind.UPGRADE],
}

# A re-evaluation or an upgrade keeps the certificate the product holds. Of a product that holds none in force
# today (live_today_q: its certificate lapsed or was revoked while the dossier was evaluated; a re-evaluation's
# extension keeps it, Điều 12.3), it keeps nothing, and its certificate will be a recognition (held_at_decision):
# it waits under the star targets.
KEEPING_KINDS = [RegistrationKind.REEVALUATION, RegistrationKind.UPGRADE]


def _holds_nothing_today() -> Q:
    """Dossiers whose product holds no certificate in force today (live_today_q)."""
    live = Certificate.objects.filter(live_today_q(today=timezone.localdate()), product=OuterRef("product"))
    return ~Q(Exists(live))


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


def progress_end(plan: Plan, until: dt.date | None = None) -> dt.date:
    """The last day a plan's progress counts: the plan's last day, or `until` when that comes first (a periodic
    report for a quarter counts what the plan achieved by the quarter's end, not what came after it)."""
    return min(plan.period_end, until) if until else plan.period_end


def held_at_decision() -> Case:
    """The one rule that tells a later recognition from a recognition, over a certificate (a query of certificates
    annotates it, `earlier_in_force`): whether its product held a certificate in force on its decision's date (its
    issue date). In force there: recorded before it (the same day included: a 4★ and the 5★ that superseded it on
    the day), valid through that date, and neither revoked nor superseded by then: a revoked certificate ends on its
    revocation decision's date (Điều 8), a superseded one on its successor's issue date (each, when unknown, on the
    day its status changed: certificates.models.status.live_on_q reads them so), however long it was printed valid
    for. A re-evaluation dossier, filed before the last valid day (the registration form requires it), keeps the
    certificate in force until its decision, for at most `extension_days()` after that day (Điều 12.3). An upgrade
    keeps nothing (Điều 7.5): a certificate that lapsed while it was evaluated left no star to exceed (evaluation.
    workflow.upgrade_achieved), and the decision recognised the product again. A certificate recorded without its
    dossier (a historic one) says neither its kind nor when it was filed: a late re-evaluation's extension cannot be
    told from a lapse then, and it counts as a lapse (the rules before D26 had no extension)."""
    recorded_before = Q(issued_on__lt=OuterRef("issued_on")) | Q(issued_on=OuterRef("issued_on"), pk__lt=OuterRef("pk"))
    not_stopped = (~Q(status=CertificateStatus.REVOKED) | Q(revoked_on__gt=OuterRef("issued_on"))) & (
        ~Q(status=CertificateStatus.SUPERSEDED)
        | Q(superseded_on__gt=OuterRef("issued_on"))
        | Q(superseded_by=OuterRef("pk"))
    )
    earlier = (
        Certificate.objects.filter(recorded_before, product=OuterRef("product"))
        .annotate(
            revoked_on=Coalesce("revocation__decision_date", "status_changed_on"),
            superseded_on=Coalesce("superseded_by__issued_on", "status_changed_on"),
            extended_until=ExpressionWrapper(
                F("valid_until") + dt.timedelta(days=extension_days()), output_field=DateField()
            ),
        )
        .filter(not_stopped)
    )
    valid = Exists(earlier.filter(valid_until__gte=OuterRef("issued_on")))
    extended = Exists(earlier.filter(extended_until__gte=OuterRef("issued_on")))
    renewing = Q(registration__kind=RegistrationKind.REEVALUATION) & Q(extended)
    # A Case, not the condition itself: a certificate without a dossier has no kind, and SQL would answer NULL.
    return Case(When(Q(valid) | renewing, then=Value(True)), default=Value(False), output_field=BooleanField())


def _plan_certificates(plan: Plan, until: dt.date | None = None) -> QuerySet[Certificate]:
    """The certificates issued in the plan's period (up to `until`, see progress_end) for its unit, each with what
    the targets ask of it: the star of the product's previous certificate, whether it had one, whether one was
    still in force on its date (held_at_decision), and whether its producer had one before the period."""
    end = progress_end(plan, until)
    earlier = Certificate.objects.filter(product=OuterRef("product"), issued_on__lt=OuterRef("issued_on"))
    producer_before = Certificate.objects.filter(
        product__producer=OuterRef("product__producer"), issued_on__lt=plan.period_start
    )
    return (
        Certificate.objects.filter(issued_on__gte=plan.period_start, issued_on__lte=end)
        .filter(unit_producer_q(plan.unit))
        .annotate(
            previous_star=Subquery(earlier.order_by("-issued_on", "-pk").values("star")[:1]),
            earlier_in_force=held_at_decision(),
            has_earlier=Exists(earlier),
            dossier_kind=F("registration__kind"),
            producer_had_earlier=Exists(producer_before),
            # No later certificate of the product in the period at another star (a 4★ upgraded to 5★ is not kept).
            star_kept=last_in_period_q(plan.period_start, end, among=~Q(star=OuterRef("star"))),
        )
    )


# Over the certificates _plan_certificates annotates: a first recognition (new products: the product's first
# certificate); a later recognition (a product certified before kept or raised its rating: a re-evaluation or an
# upgrade, or a historic certificate recorded without its dossier, while an earlier certificate was in force on its
# decision's date: held_at_decision); a recognition is any certificate that is not a later recognition (a first
# one, from a first evaluation's dossier, or that of a product whose certificate had lapsed or been revoked by the
# new decision's date, whatever dossier it came from).
FIRST_RECOGNITION = Q(has_earlier=False)
AFTER_LAPSE = Q(earlier_in_force=False)
LATER_RECOGNITION = Q(has_earlier=True, earlier_in_force=True) & (
    Q(dossier_kind__in=[RegistrationKind.REEVALUATION, RegistrationKind.UPGRADE]) | Q(dossier_kind__isnull=True)
)
RECOGNITION = FIRST_RECOGNITION | Q(dossier_kind=RegistrationKind.FIRST) | AFTER_LAPSE


def _target_q(target: PlanTarget) -> Q:
    """Which of the plan's certificates (annotated by _plan_certificates) the target counts."""
    metric, q = target.metric, Q()
    if metric in (TargetMetric.NEW_RECOGNISED, TargetMetric.SECTOR_RECOGNISED):
        q &= FIRST_RECOGNITION
    if target.sector_id:  # a sector named on any target narrows it, as its label says ("… 4 sao · Đồ uống")
        q &= Q(product__product_set__group__sector_id=target.sector_id)
    if metric == TargetMetric.REEVALUATED:
        q &= LATER_RECOGNITION & Q(star=F("previous_star"))
    if metric == TargetMetric.UPGRADED:
        q &= LATER_RECOGNITION & Q(star__gt=F("previous_star"))
        if target.from_star:
            q &= Q(previous_star=target.from_star)
    if metric == TargetMetric.RECOGNISED_STAR:
        q &= RECOGNITION & Q(star_kept=True)
    if target.star:  # likewise a star ("Sản phẩm mới được công nhận từ 3 sao 5 sao": new products at 5★)
        q &= Q(star=target.star)
    if metric == TargetMetric.NEW_PRODUCERS:
        q &= Q(has_earlier=False, producer_had_earlier=False)
    return q


def target_certificates(target: PlanTarget, until: dt.date | None = None) -> QuerySet[Certificate]:
    """The certificates a target counts (the list behind its number), up to `until` (progress_end)."""
    return (
        _plan_certificates(target.plan, until)
        .filter(_target_q(target))
        .select_related("product__producer__commune")
        .order_by("issued_on", "pk")
    )


def _target_count(target: PlanTarget) -> Count:
    if target.metric == TargetMetric.NEW_PRODUCERS:  # producers, counted once each
        return Count("product__producer", distinct=True, filter=_target_q(target))
    return Count("product", distinct=True, filter=_target_q(target))  # products, counted once each


def targets_achieved(plan: Plan, targets: list[PlanTarget], until: dt.date | None = None) -> dict[int, int]:
    """What each of the plan's `targets` achieved (by `until`: progress_end), by target pk: products (new producers:
    producers), each once however many certificates it got in the period (the list behind the figure,
    target_certificates, holds them all). One query, one conditional count per target: the plan's page, the
    report and a target's own page read the same figure."""
    counts = _plan_certificates(plan, until).aggregate(**{f"t{t.pk}": _target_count(t) for t in targets})
    return {t.pk: counts[f"t{t.pk}"] for t in targets}


def target_achieved(target: PlanTarget, until: dt.date | None = None) -> int:
    """What one target achieved (targets_achieved): the figure its page states above its certificates."""
    return targets_achieved(target.plan, [target], until)[target.pk]


def _pipeline_q(target: PlanTarget) -> Q | None:
    kinds = PIPELINE_KINDS.get(target.metric)
    if kinds is None:
        return None
    q = Q(kind__in=kinds)
    if target.metric == TargetMetric.RECOGNISED_STAR:  # and what keeps nothing any more: held_at_decision
        q |= Q(kind__in=KEEPING_KINDS) & _holds_nothing_today()
    elif target.metric in (TargetMetric.REEVALUATED, TargetMetric.UPGRADED):
        q &= ~_holds_nothing_today()
    if target.metric in (TargetMetric.NEW_RECOGNISED, TargetMetric.SECTOR_RECOGNISED):  # a product never certified
        q &= ~Q(Exists(Certificate.objects.filter(product=OuterRef("product"))))
    if target.sector_id:  # the sector of any target (_target_q)
        q &= Q(product__product_set__group__sector_id=target.sector_id)
    if target.metric == TargetMetric.UPGRADED and target.from_star:
        # From the star the product holds today, the one the upgrade must exceed (its live certificate's:
        # evaluation.selectors.dossier.upgrade_held_star), as the certificates counted are from `previous_star`.
        q &= Q(product__current_star=target.from_star)
    if target.star:  # a dossier's star is known once the council has scored it; until then it may reach any
        q &= Q(result_star__isnull=True) | Q(result_star=target.star)
    return q


# The dossiers whose council result stands and which wait for what comes of it: the decision, the Chủ tịch UBND
# tỉnh's approval of a potential 5★, the ministry's council.
SCORED_STATUSES = [
    RegistrationStatus.SCORED,
    RegistrationStatus.PROVINCE_APPROVAL,
    RegistrationStatus.FORWARDED_TO_CENTRAL,
]


def _result_star() -> Case:
    """The star a scored dossier in the pipeline is heading for: its latest council result's, 5★ for a province's
    potential 5★ (Điều 7.3e: the ministry's council evaluates it for 5★); none before the council has scored it."""
    latest = CouncilResult.objects.filter(registration=OuterRef("pk")).order_by("-decided_at", "-pk")
    star = Case(When(potential_five=True, then=Value(5)), default=F("final_star"), output_field=IntegerField())
    return Case(
        When(status__in=SCORED_STATUSES, then=Subquery(latest.annotate(heading=star).values("heading")[:1])),
        default=None,
        output_field=IntegerField(),
    )


def _plan_pipeline(plan: Plan) -> QuerySet[Registration]:
    """The dossiers of the plan's unit under evaluation, each of which may still count for a target: none once the
    plan's period is over (a certificate issued from now on falls outside it)."""
    dossiers = (
        Registration.objects.filter(status__in=IN_PIPELINE)
        .filter(unit_producer_q(plan.unit))
        .annotate(result_star=_result_star())
    )
    return dossiers.none() if plan.period_end < timezone.localdate() else dossiers


def target_pipeline(target: PlanTarget) -> QuerySet[Registration]:
    """The dossiers under evaluation that could still count for the target (the list behind its number in the
    pipeline); none for a target that no dossier counts for (new producers)."""
    q = _pipeline_q(target)
    dossiers = _plan_pipeline(target.plan).filter(q) if q is not None else Registration.objects.none()
    return dossiers.select_related("product__producer", "commune", "round").order_by("-pk")


def plan_progress(plan: Plan, until: dt.date | None = None) -> list[dict]:
    """Each target with what it achieved (by `until` when given: progress_end), its share and the pipeline (dossiers
    of the plan's unit under evaluation that could still count for it): three queries per plan whatever its
    targets, one conditional count per target."""
    targets = list(plan.targets.select_related("sector"))
    if not targets:
        return []
    achieved = targets_achieved(plan, targets, until)
    pipelines = {f"t{t.pk}": _pipeline_q(t) for t in targets}
    counted = {key: Count("pk", filter=q) for key, q in pipelines.items() if q is not None}
    pipeline = _plan_pipeline(plan).aggregate(**counted) if counted else {}
    rows = []
    for target in targets:
        done = achieved[target.pk]
        rows.append(
            {
                "target": target,
                "achieved": done,
                "share": min(100, percent(done, target.quantity) or 0),
                "pipeline": pipeline.get(f"t{target.pk}", 0),
            }
        )
    return rows


def plan_list(*, user) -> QuerySet[Plan]:
    """The plans `user` sees, each with its number of targets (`target_count`, counted for the page's rows only)."""
    return (
        Plan.objects.for_user(user)
        .select_related("unit", "unit__parent", "province")
        .annotate(target_count=count_of(PlanTarget.objects.filter(plan=OuterRef("pk"))))
        .distinct()
    )


TARGET_FIELDS = ("metric", "star", "from_star", "sector", "quantity", "note")


def following_period(plan: Plan) -> tuple[dt.date, dt.date]:
    """The period after the plan's, as long in years (2026 → 2027, 2021–2025 → 2026–2030): the one a plan copied
    from it is for. A 29 February lands on the 28th."""
    years = plan.period_end.year - plan.period_start.year + 1

    def later(day: dt.date) -> dt.date:
        if day.month == 2 and day.day == 29:
            day = day.replace(day=28)
        return day.replace(year=day.year + years)

    return later(plan.period_start), later(plan.period_end)


def plan_target_rows(plan: Plan) -> list[dict]:
    """The plan's targets in their order, as the plan form's rows ({field: value}, the sector as its record)."""
    targets = plan.targets.select_related("sector").order_by("order", "pk")
    return [{name: getattr(target, name) for name in TARGET_FIELDS} for target in targets]


def targets_fingerprint(rows: list[dict]) -> str:
    """A short digest of target rows (their values and order): an edit page sends back the one of the targets it
    showed, so that a save can tell whether someone changed them meanwhile (dashboard.services.plan_update)."""
    canonical = [
        [
            str(getattr(row.get(name), "pk", row.get(name)) if row.get(name) is not None else "")
            for name in TARGET_FIELDS
        ]
        for row in rows
    ]
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()[:20]
