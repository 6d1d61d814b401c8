"""Reads of supervision, each starting from a `for_user` scope: plan candidates by rule, lists, the coverage
panel, the lines of the officers' digest and the public note of an open remedy."""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.choices import CertificateStatus, RevocationGround, RevocationStatus
from certificates.models import Certificate, Revocation
from certificates.models.status import live_today_q
from ocop.choices import Role
from ocop.db import count_of
from ocop.models import User
from ocop.numbers import percent
from ocop.phrases import Phrase
from products.models import Product

from .choices import (
    OPEN_INSPECTION_STATUSES,
    CaseSource,
    CheckArea,
    ComplaintSource,
    ComplaintStatus,
    InspectionKind,
    InspectionStatus,
    ItemResult,
    Outcome,
    PlanLevel,
    RemedyStatus,
    SelectionReason,
    Severity,
)
from .filters import InspectionFilter
from .models import (
    Complaint,
    Inspection,
    InspectionItem,
    Remedy,
    RemedyReport,
    RevocationCase,
    SupervisionPlan,
    remedy_overdue,
    remedy_overdue_q,
    remedy_state,
)

logger = logging.getLogger(__name__)

COVERAGE_MONTHS = 36  # a certificate's life (Điều 4.3): every certified product inspected at least once in it
EXPIRING_MONTHS = 6  # "nearing expiry": inside the last six months, when the re-evaluation window opens
CASE_WARNING_DAYS = 5  # a revocation limit enters the digest this many days before its last day


def _inspected_since(since):
    """The concluded inspections of the product of the certificate at hand (the outer query's row) inspected on
    `since` (a day, or the outer row's own date) or later: the one rule of coverage and of the plan's proposals.
    Counted per product, whichever of its certificates the inspection was made under: a re-evaluation's certificate
    (Điều 7.6) does not make the product uninspected again."""
    return Inspection.objects.filter(
        product_id=OuterRef("product_id"), status=InspectionStatus.CONCLUDED, inspected_on__gte=since
    )


def plan_scope_certificates(plan: SupervisionPlan, *, today: dt.date | None = None):
    """The certificates a plan may cover: those live on `today` (by default the day), its province's products or
    every 5★ product for the ministry. Live by their status of the day (live_today_q), not by the one the night's
    sweep last stored: a certificate past its last valid day is no longer in force, and its product cannot be
    inspected any more (inspection_create refuses it); one extended while its re-evaluation is pending (Điều 12.3)
    is. Today even for a past year's plan: what is put into a plan is inspected from today on."""
    live = Certificate.objects.filter(live_today_q(today=today or timezone.localdate()))
    if plan.level == PlanLevel.MINISTRY:
        return live.filter(star=5)
    return live.filter(product__producer__commune__parent_id=plan.unit_id)


def plan_unplanned_certificates(plan: SupervisionPlan, *, today: dt.date | None = None):
    """The plan's scope (plan_scope_certificates) less the products already in the plan, whichever of their
    certificates they were put in under: a product re-certified since (a re-evaluation, an upgrade) is the same
    product (Điều 9 inspects products), never planned twice in one plan (inspection_once_per_plan)."""
    planned = Inspection.objects.filter(plan=plan).values("product_id")
    return plan_scope_certificates(plan, today=today).exclude(product_id__in=planned)


def plan_candidates(
    *, plan: SupervisionPlan, today: dt.date | None = None, certificates=None, reason: str = ""
) -> list[dict]:
    """Certified products the rules select for the plan, each with its reasons and the first of them (in the
    order of RULE_REASONS): no inspection of the product in the last 36 months; expiring within six months without
    an inspection of the product since its issue (both _inspected_since); an open complaint; a producer that is no
    longer the one named on the certificate. Products already in the plan are left out (plan_unplanned_certificates).
    `certificates` narrows the plan's scope (the page's filter), `reason` keeps the products that have that reason
    among theirs."""
    today = today or timezone.localdate()
    scope = plan_unplanned_certificates(plan, today=today)
    if certificates is not None:
        scope &= certificates  # narrowed, never widened
    since = today - relativedelta(months=COVERAGE_MONTHS)
    open_complaint = Complaint.objects.filter(product_id=OuterRef("product_id"), status=ComplaintStatus.NEW)
    rows = (
        scope.annotate(
            recent=Exists(_inspected_since(since)),
            in_life=Exists(_inspected_since(OuterRef("issued_on"))),
            complained=Exists(open_complaint),
        )
        .select_related("product__producer__commune")
        .order_by("valid_until", "pk")
    )
    expiring_before = today + relativedelta(months=EXPIRING_MONTHS)
    out = []
    for certificate in rows:
        reasons = []
        if not certificate.recent:
            reasons.append(SelectionReason.NOT_INSPECTED)
        if certificate.valid_until <= expiring_before and not certificate.in_life:
            reasons.append(SelectionReason.EXPIRING)
        if certificate.complained:
            reasons.append(SelectionReason.COMPLAINT)
        if certificate.producer_name.strip().casefold() != certificate.product.producer.name.strip().casefold():
            reasons.append(SelectionReason.PRODUCER_CHANGED)
        if reasons and (not reason or reason in reasons):
            out.append({"certificate": certificate, "reasons": reasons, "reason": reasons[0]})
    return out


def _with_remedy(inspections, today: dt.date | None = None):
    """The inspections with their remedy (if any), `remedy_overdue`, by the digest's rule (remedy_overdue_q) on
    `today` (by default the day), and `remedy_kept`, the reports the inspectors did not accept and kept: what
    models.remedy_state reads, in the same query whatever the number of rows."""
    overdue = remedy_overdue_q(today or timezone.localdate(), prefix="remedy__")
    return inspections.select_related("remedy").annotate(
        remedy_overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()),
        remedy_kept=count_of(RemedyReport.objects.filter(remedy__inspection=OuterRef("pk"))),
    )


def remedy_state_of(remedy: Remedy, *, kept: int | None = None, today: dt.date | None = None) -> str:
    """Where one remedy stands (models.remedy_state), as the inspection list says it: `kept`, its reports not
    accepted, when the caller read them (else one query)."""
    if kept is None:
        kept = remedy.reports.count()
    return remedy_state(remedy, overdue=remedy_overdue(remedy, today or timezone.localdate()), kept=kept)


def plan_inspections(*, plan: SupervisionPlan, user: User):
    return (
        _with_remedy(Inspection.objects.for_user(user).filter(plan=plan))
        .select_related("certificate", "product__producer__commune")
        .prefetch_related("inspectors")
        .order_by("scheduled_on", "pk")
    )


def inspection_list(*, user: User, mine: bool = False):
    qs = Inspection.objects.for_user(user)
    if mine:
        qs = qs.filter(assignments__inspector=user)
    return (
        _with_remedy(qs)
        .select_related("certificate", "product__producer__commune", "plan")
        .prefetch_related("inspectors")
        .order_by(F("concluded_on").desc(nulls_first=True), "scheduled_on", "pk")
    )


def inspection_search(*, user: User, filters) -> tuple:
    """The inspection list as its page shows it (and its Excel export): the user's inspections, only those assigned
    to the user with `mine=1`, narrowed by the filter; `filters` is the query string. Returns the rows and the
    InspectionFilter."""
    mine = filters.get("mine") == "1"
    found = InspectionFilter(filters, queryset=inspection_list(user=user, mine=mine), user=user)
    return found.qs, found


def complaint_list(*, user: User):
    """The complaints the user may see, newest first (the list's filter is `filters.ComplaintFilter`)."""
    return Complaint.objects.for_user(user).select_related("product__producer__commune").order_by("-created_at", "-pk")


def complaint_receipt(*, submission) -> Complaint | None:
    """A public complaint by its form's token, for its receipt (public: what the sender was told, nothing more)."""
    return (
        Complaint.objects.filter(submission=submission, source=ComplaintSource.PUBLIC).select_related("product").first()
    )


# How long the receipt of a robot's sending (the public form's hidden field filled, complaint_discard) answers.
COMPLAINT_DISCARDED_SECONDS = 24 * 60 * 60


def complaint_discarded_key(submission) -> str:
    return f"supervision:complaint-discarded:{submission}"


def complaint_discarded_product(*, submission) -> Product | None:
    """The product a robot's sending was about, for the receipt it is answered with as if its complaint had been
    recorded (complaint_discard): none once COMPLAINT_DISCARDED_SECONDS have passed, or when the cache is down."""
    try:
        product_id = cache.get(complaint_discarded_key(submission))
    except Exception:  # noqa: BLE001 - the cache down: the address answers 404, as any unknown one
        logger.warning("complaint receipt: cache unavailable", exc_info=True)
        return None
    return Product.objects.filter(pk=product_id).first() if product_id else None


def open_case_of(certificate: Certificate, *, lock: bool = False) -> RevocationCase | None:
    """The certificate's open 15-day case (Điều 8.4), if any: a certificate has one at most. With `lock`, read under
    its row's lock (inside a transaction: two tabs recording on it take turns)."""
    cases = RevocationCase.objects.filter(certificate=certificate, closed_on=None)
    return (cases.select_for_update() if lock else cases).first()


def revocation_inspection_concluded_on(certificate: Certificate, ground: str) -> dt.date | None:
    """certificates.hooks.revocation_inspection_concluded_on: the day the inspection of `certificate` concluded
    `ground` (outcome REVOKE), when the case its conclusion opened (revocation_case_open, source FINDING) is still
    open on that ground: its 15 days (Điều 8.4) run from that day, so a proposal made on the certificate page rests
    on it as one made from the case would (a proposal withdrawn, a ground another office concluded). None without
    one, or once the office closed the case without revoking."""
    case = open_case_of(certificate)
    if case is None or case.source != CaseSource.FINDING or case.ground != ground or case.inspection_id is None:
        return None
    inspection = case.inspection
    if inspection.status != InspectionStatus.CONCLUDED or inspection.outcome != Outcome.REVOKE:
        return None
    return inspection.concluded_on


def revocation_commune_confirmation(certificate: Certificate) -> tuple[dt.date, str] | None:
    """certificates.hooks.revocation_commune_confirmation: the commune's confirmation that the producer no longer
    produces (its day and number), when the case it opened (production_stop_confirm, source COMMUNE) is still open:
    its 15 days (Điều 8.4) run from that day, so a proposal on đ made on the certificate page rests on it as one made
    from the case would. None without one, or once the office closed the case without revoking."""
    case = open_case_of(certificate)
    if case is None or case.source != CaseSource.COMMUNE or case.ground != RevocationGround.STOPPED_PRODUCTION:
        return None
    return case.opened_on, case.document_number


def revocation_under_way(*, certificate: Certificate) -> dict:
    """What already stands in the way of a new revocation start on `certificate`: its open 15-day case (Điều 8.4),
    if any, and whether a proposal waits for another officer to issue it. A certificate has one of each at most,
    so a second proposal on a conclusion or a second confirmation of a stop is refused: the certificate page does
    not offer them then, and their pages send the officer to what is under way instead."""
    case = open_case_of(certificate)
    proposed = Revocation.objects.filter(certificate=certificate, status=RevocationStatus.PROPOSED).exists()
    return {"case": case, "proposed": proposed, "any": case is not None or proposed}


def open_cases(*, user: User):
    """Revocation cases whose certificate is not revoked yet, with their limit (Điều 8.4)."""
    return (
        RevocationCase.objects.for_user(user)
        .filter(closed_on=None)
        .exclude(certificate__status=CertificateStatus.REVOKED)
        .select_related("certificate__product__producer__commune", "certificate__revocation")
        .order_by("due_on", "pk")
    )


def overdue_remedies(*, user: User, today: dt.date):
    visible = Inspection.objects.for_user(user).values("pk")
    return (
        Remedy.objects.filter(remedy_overdue_q(today), inspection__in=visible)
        .select_related("inspection__product__producer__commune", "inspection__certificate")
        .order_by("due_on", "pk")
    )


# A producer's remedies under way: open (its turn: fix and report) or answered (the inspectors' turn to review).
PRODUCER_REMEDY_STATUSES = (RemedyStatus.OPEN, RemedyStatus.ANSWERED)


def producer_remedies(*, user: User, today: dt.date, limit: int = 8) -> list[Remedy]:
    """The remedy requests under way on a producer's products (its home page, dashboard.selectors.home): the open
    ones first, soonest deadline first, then those answered and waiting for review; each with `overdue` (open past
    its deadline, as `remedy_overdue_q` says), `state`, where it stands as the inspectors' pages say it (overdue,
    sent back how many times: remedy_state_of), and `open_total`, how many wait for the producer's report in all (the
    home's count, producer_open_remedy_count, read off the same query). One query whatever the number; none for
    another role."""
    if not user.is_authenticated or user.role != Role.PRODUCER:
        return []
    visible = Inspection.objects.for_user(user).values("pk")
    remedies = list(
        Remedy.objects.filter(status__in=PRODUCER_REMEDY_STATUSES, inspection__in=visible)
        .select_related("inspection__product")
        .annotate(
            open_total=Window(Sum(Case(When(status=RemedyStatus.OPEN, then=1), default=0))),
            kept=count_of(RemedyReport.objects.filter(remedy=OuterRef("pk"))),  # its reports sent back, kept
        )
        .order_by(Case(When(status=RemedyStatus.OPEN, then=0), default=1), "due_on", "pk")[:limit]
    )
    for remedy in remedies:
        remedy.overdue = remedy_overdue(remedy, today)
        remedy.state = remedy_state_of(remedy, kept=remedy.kept, today=today)
    return remedies


def producer_open_remedy_count(*, user: User) -> int:
    """How many remedy requests wait for the producer's report (the home's count; one query)."""
    if not user.is_authenticated or user.role != Role.PRODUCER:
        return 0
    visible = Inspection.objects.for_user(user).values("pk")
    return Remedy.objects.filter(status=RemedyStatus.OPEN, inspection__in=visible).count()


def coverage(*, user: User, today: dt.date | None = None) -> dict:
    """Supervision coverage within `user`'s scope: the share of the certificates live on `today` whose product was
    inspected in the last 36 months, findings by area and severity, outcomes, open remedies and cases. Live by their
    status of the day (live_today_q), not the one the night's sweep last stored: a certificate past its last valid
    day no longer counts among the certified products, one extended while its re-evaluation is pending (Điều 12.3)
    still does. A fixed number of queries whatever the number of rows."""
    today = today or timezone.localdate()
    since = today - relativedelta(months=COVERAGE_MONTHS)
    certified = Certificate.objects.for_user(user).filter(live_today_q(today=today))
    counts = certified.aggregate(
        total=Count("pk"),
        inspected=Count("pk", filter=Q(Exists(_inspected_since(since)))),
    )
    total, inspected = counts["total"], counts["inspected"]
    inspections = Inspection.objects.for_user(user).filter(status=InspectionStatus.CONCLUDED)
    by_outcome = dict(inspections.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    findings = (
        InspectionItem.objects.filter(inspection__in=inspections.values("pk"), result=ItemResult.FINDING)
        .values("area", "severity")
        .annotate(n=Count("pk"))
    )
    grid = {area: dict.fromkeys(Severity.values[1:], 0) for area in CheckArea.values}
    for row in findings:
        grid[row["area"]][row["severity"]] += row["n"]
    return {
        "today": today,
        "since": since,
        "certified": total,
        "inspected": inspected,
        "share": percent(inspected, total),
        # Each count opens the concluded inspections of that outcome on the inspection list.
        "outcomes": [
            (label, by_outcome.get(value, 0), _inspection_list_url(status=InspectionStatus.CONCLUDED, outcome=value))
            for value, label in Outcome.choices
        ],
        "findings": [
            {
                "area": CheckArea(area).label,
                "counts": [(Severity(s).label, grid[area][s]) for s in Severity.values[1:]],
                "total": sum(grid[area].values()),
            }
            for area in CheckArea.values
        ],
        "severities": [Severity(s).label for s in Severity.values[1:]],
        **_open_counts(user, today),
    }


def period_summary(*, certificates, start: dt.date, end: dt.date) -> dict:
    """What the programme's periodic report says of the time after recognition (D26 Điều 1.1), over `certificates`
    (the report's scope, a queryset): the inspections concluded in the period, periodic and ad hoc (Điều 9.2a), by
    outcome; and the certificates revoked in it (by the revoking decision's date), one row per ground of Điều 8.1
    and star. Plain counts, which the report caches; two queries whatever the number of rows."""
    scope = certificates.values("pk")
    inspections = Inspection.objects.filter(
        certificate__in=scope, status=InspectionStatus.CONCLUDED, concluded_on__gte=start, concluded_on__lte=end
    ).aggregate(
        total=Count("pk"),
        **{kind: Count("pk", filter=Q(kind=kind)) for kind in InspectionKind.values},
        **{outcome: Count("pk", filter=Q(outcome=outcome)) for outcome in Outcome.values},
    )
    revoked = (
        Revocation.objects.filter(
            certificate__in=scope, status=RevocationStatus.ISSUED, decision_date__gte=start, decision_date__lte=end
        )
        .values("ground", star=F("certificate__star"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {"inspections": inspections, "revoked": list(revoked)}


def _inspection_list_url(**filters) -> str:
    return f"{reverse('supervision:inspection_list')}?{urlencode({key: str(value) for key, value in filters.items()})}"


def _counted(queryset, name: str):
    """One row (name, COUNT) of `queryset`, for a UNION ALL with others."""
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return queryset.order_by().annotate(name=Value(name), n=count).values_list("name", "n")


def _open_counts(user: User, today: dt.date) -> dict:
    """The overdue remedies, the open revocation cases and the inspections assigned to `user` not yet concluded,
    counted in one query (the home page's budget, issue 15)."""
    remedies = _counted(overdue_remedies(user=user, today=today), "overdue_remedies")
    cases = _counted(open_cases(user=user), "open_cases")
    assigned = _counted(assigned_open_inspections(user=user), "assigned")
    return dict(remedies.union(cases, assigned, all=True))


def assigned_open_inspections(*, user: User):
    """The inspections `user` is sent on (an inspector of the office or of the advisory team) still to conclude."""
    return inspection_list(user=user, mine=True).filter(status__in=OPEN_INSPECTION_STATUSES)


# ---------------------------------------------------------------------------------------------------------
# The officers' daily digest (certificates.hooks) and the public verification page


def _digest_due(day: dt.date):
    remedies = Remedy.objects.filter(remedy_overdue_q(day))
    cases = (
        RevocationCase.objects.filter(closed_on=None)
        .exclude(certificate__status=CertificateStatus.REVOKED)
        .filter(due_on__lte=day + dt.timedelta(days=CASE_WARNING_DAYS))
    )
    return remedies, cases


def digest_recipients(*, day: dt.date) -> list[int]:
    """Officers who have overdue remedies or revocation limits due within CASE_WARNING_DAYS: the province's OCOP
    office of the product (the ministry's for 5★ cases) and the inspectors of an overdue remedy."""
    remedies, cases = _digest_due(day)
    provinces = set(remedies.values_list("inspection__product__producer__commune__parent_id", flat=True)) | set(
        cases.values_list("certificate__product__producer__commune__parent_id", flat=True)
    )
    office_q = Q(role=Role.PROVINCE_OFFICER, unit_id__in=provinces)
    if cases.filter(certificate__star=5).exists():  # the ministry revokes 5★ certificates (Điều 8.2b)
        office_q |= Q(role=Role.CENTRAL_OFFICER)
    office = User.objects.filter(is_active=True).filter(office_q)
    inspectors = remedies.values_list("inspection__assignments__inspector_id", flat=True)
    return sorted(set(office.values_list("pk", flat=True)) | {pk for pk in inspectors if pk})


DIGEST_SECTION_LINES = 100  # of the overdue remedies, and of the revocation limits, in one officer's mail


def digest_section(*, user: User, day: dt.date) -> dict | None:
    """The supervision lines of `user`'s digest: overdue remedies and revocation limits (Điều 8.4) in scope."""
    remedies_due = overdue_remedies(user=user, today=day)
    cases_due = open_cases(user=user).filter(due_on__lte=day + dt.timedelta(days=CASE_WARNING_DAYS))
    remedies, cases = list(remedies_due[:DIGEST_SECTION_LINES]), list(cases_due[:DIGEST_SECTION_LINES])
    if not remedies and not cases:
        return None
    total = remedies_due.count() + cases_due.count()  # the title and "… more" count them all, not the lines sent
    lines = [
        Phrase(
            gettext_lazy("Quá hạn khắc phục: %(p)s — %(o)s, hạn %(d)s."),
            p=remedy.inspection.product.name,
            o=remedy.inspection.product.producer.name,
            d=f"{remedy.due_on:%d/%m/%Y}",
        )
        for remedy in remedies
    ]
    for case in cases:
        template = (
            gettext_lazy("Quá thời hạn thu hồi 15 ngày (Điều 8.4): giấy chứng nhận %(n)s — %(p)s, hạn %(d)s.")
            if case.due_on < day
            else gettext_lazy("Thời hạn thu hồi (Điều 8.4): giấy chứng nhận %(n)s — %(p)s, hạn %(d)s.")
        )
        lines.append(
            Phrase(template, n=case.certificate.number, p=case.certificate.product_name, d=f"{case.due_on:%d/%m/%Y}")
        )
    title = Phrase.counted(
        "Kiểm tra, giám sát: %(n)s việc quá hạn hoặc sắp đến hạn",
        "Kiểm tra, giám sát: %(n)s việc quá hạn hoặc sắp đến hạn",
        "n",
        n=total,
    )
    return {"title": title, "lines": lines, "more": total - len(lines), "url": reverse("supervision:overview")}


def public_remedy_note(certificate_id: int) -> str:
    """The line the public verification page shows while a remedy is open on the certificate, only when the
    province publishes it (OCOP_PUBLIC_OPEN_REMEDY; D26 does not require it). Empty otherwise."""
    if not settings.OCOP_PUBLIC_OPEN_REMEDY:
        return ""
    remedy = (
        Remedy.objects.filter(
            inspection__certificate_id=certificate_id, status__in=[RemedyStatus.OPEN, RemedyStatus.ANSWERED]
        )
        .select_related("inspection")
        .order_by("-due_on")
        .first()
    )
    if remedy is None:
        return ""
    return _("Sản phẩm đang khắc phục theo kết luận kiểm tra ngày %(c)s (hạn khắc phục %(d)s).") % {
        "c": f"{remedy.inspection.concluded_on:%d/%m/%Y}",
        "d": f"{remedy.due_on:%d/%m/%Y}",
    }
