"""Reads for rounds and registrations. Every query starts from `for_user`; lists keep a constant query count."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ocop.choices import Role
from ocop.db import count_of
from ocop.numbers import format_points
from ocop.text import fold
from products.permissions import acts_for_producer
from products.selectors import timeline_at, timeline_url

from .. import hooks
from ..choices import REEVALUATION_RUNNING, DocumentKind, Level, RegistrationKind, RegistrationStatus
from ..filters import PENDING_CHOICES, RegistrationFilter, RoundFilter
from ..models import (
    CommuneReport,
    Criterion,
    CriterionGroup,
    EvaluationRound,
    Option,
    Part,
    Registration,
    SelfAssessmentAnswer,
)
from ..models.registrations import CHECKLIST, CHECKLIST_OPTIONAL, MASKED_CHOICE, MASKED_LABEL, result_masked_q
from ..permissions.registrations import can_create_round, can_do
from ..services.checks import submission_state
from ..services.round_calendar import REGULAR_NUMBERS, round_calendar_next, round_default_dates
from ..services.star_rule import BANDS, counted_points, star_band
from ..workflow import CLOSED, EDITABLE, PRODUCER_TURN, waiting_statuses
from .deadlines import registration_round_due, round_file_by
from .dossier import (
    PENDING_ACTS,
    pending_act_annotation,
    producer_without_account_annotation,
    registration_producer_without_account,
    registration_status_for,
    waiting_for_commune_q,
    waiting_for_user_q,
)
from .reevaluation import filing_window_state
from .transition import transitional_overdue_q, transitional_state

S = RegistrationStatus


def registration_list(*, user, data=None, request=None) -> RegistrationFilter:
    """The filtered registrations `user` may see; `.qs` is ready to render (no per-row queries). Unless the
    user picks an order, the dossiers waiting for the user's side come first (waiting_for_user_q: a commune officer's
    to check and the paper dossiers it completes for their producer), the nearest commune deadline first, then the
    newest."""
    queryset = (
        Registration.objects.for_user(user)
        # What the page shows: the product, its producer and the round (each table joined costs the planner more
        # than the page's query runs; the API picks its own, `api.views`).
        .select_related("product__producer", "round")
        .annotate(
            my_turn=Case(When(waiting_for_user_q(user), then=Value(0)), default=Value(1)),
            check_due=Case(When(status=S.SUBMITTED, then=F("commune_due_on")), default=None),
            # What a scored dossier no decision can take waits for (the "waiting for" column).
            pending_act=pending_act_annotation(),
            # A paper dossier of a producer without an account waits for the commune, not the producer.
            producer_without_account=producer_without_account_annotation(),
        )
        .order_by("my_turn", F("check_due").asc(nulls_last=True), "-created_at", "-id")
    )
    return RegistrationFilter(data, queryset=queryset, request=request)


def round_list(*, user, data=None, request=None) -> RoundFilter:
    queryset = (
        EvaluationRound.objects.for_user(user)
        .select_related("unit", "criteria_version")
        # Only the dossiers this user may see are counted (a producer sees its own, not the province's), for the
        # page's rounds only (a subquery per row, not a join and GROUP BY over every dossier before paging).
        .annotate(registration_count=count_of(Registration.objects.for_user(user).filter(round=OuterRef("pk"))))
        .order_by("-year", "-number", "level")
    )
    return RoundFilter(data, queryset=queryset, request=request)


def round_next(*, level: str, unit_id: int | None, today) -> tuple[int, int]:
    """The year and number of the next round to plan (the round form's suggestion): the first of the D26 calendar
    whose proposals are still to come and that unit has not planned yet (`round_calendar_next`). Planning in
    December suggests the next year's first round, not a first round of this year, long past, which would also take
    the scorecards then in force."""
    planned = EvaluationRound.objects.filter(level=level, unit_id=unit_id, year__gte=today.year - 1)
    return round_calendar_next(level=level, today=today, planned=frozenset(planned.values_list("year", "number")))


def rounds_not_planned(*, user, today=None) -> list[dict]:
    """The rounds of Điều 5's calendar for this year that the user's office has not planned: a province evaluates at
    least twice a year (5.1: round 1 done by 30/6 for the communes' proposals by 30/4, round 2 by 30/12 for those by
    30/10), the ministry too (5.2). Each with its two days and whether its last day has passed; nothing for those who
    plan no rounds. One query."""
    if not can_create_round(user):
        return []
    today = today or timezone.localdate()
    if user.is_national:
        level, unit_id = Level.CENTRAL, None
    elif user.province_id:
        level, unit_id = Level.PROVINCE, user.province_id
    else:
        return []
    planned = set(
        EvaluationRound.objects.filter(level=level, unit_id=unit_id, year=today.year).values_list("number", flat=True)
    )
    missing = []
    for number in REGULAR_NUMBERS:
        if number in planned:
            continue
        due, done_by = round_default_dates(level=level, year=today.year, number=number)
        missing.append(
            {
                "number": number,
                "year": today.year,
                "proposals_due": due,
                "done_by": done_by,
                "past": done_by < today,
                "level": level,
            }
        )
    return missing


def round_status_counts(*, user, evaluation_round: EvaluationRound) -> list[tuple[str, str, int]]:
    """Dossiers of the round by status, as `user` is shown them: a producer sees unannounced outcomes as one group."""
    choices = list(S.choices)
    shown = F("status")
    if user.role == "producer":
        choices.insert(choices.index((S.SCORED.value, S.SCORED.label)), (MASKED_CHOICE, MASKED_LABEL))
        shown = Case(When(result_masked_q(), then=Value(MASKED_CHOICE)), default=F("status"))
    rows = dict(
        Registration.objects.for_user(user)
        .filter(round=evaluation_round)
        .annotate(shown=shown)
        .values_list("shown")
        .annotate(n=Count("id"))
        .values_list("shown", "n")
    )
    return [(value, label, rows.get(value, 0)) for value, label in choices if rows.get(value)]


# Mẫu 03's four local contents and the criteria they inform (set-1 numbering 1.1, 2.1, 3.3, 5.3; the title is
# checked too, since a few sets number differently, e.g. set 26's 1.1 is the tour operator).
COMMUNE_FINDINGS = [
    ("1.1", ("nguyen lieu", "nguon goc san pham"), "local_raw_material", _("Nguồn nguyên liệu địa phương")),
    ("2.1", ("y tuong",), "idea_origin", _("Nguồn gốc ý tưởng sản phẩm")),
    ("3.3", ("lao dong dia phuong",), "local_labour", _("Sử dụng lao động địa phương")),
    ("5.3", ("ban sac", "tri tue"), "local_identity", _("Bản sắc, tri thức địa phương")),
]


def commune_finding_for(criterion, report) -> tuple[str, str] | None:
    """(label, text) of the commune's Mẫu 03 finding that bears on `criterion`, or None."""
    if report is None:
        return None
    title = fold(criterion.title)
    for number, words, field, label in COMMUNE_FINDINGS:
        if criterion.number == number and any(w in title for w in words):
            return str(label), getattr(report, field)
    return None


# The bands as the page's script reads them (json_script): [lowest total, star], highest first.
STAR_BANDS = [[str(lower), star] for lower, star in BANDS]


def selfassessment_sheet(registration: Registration) -> dict:
    """The scorecard laid out for Mẫu 02 with the producer's answers, the total and the star it would give."""
    if registration.scorecard_id is None:
        return {"parts": [], "total": 0, "star": None, "bands": STAR_BANDS}
    answers = {a.criterion_id: a for a in SelfAssessmentAnswer.objects.filter(registration=registration)}
    options = Option.objects.all()
    if registration.case_variant:  # set 26: only the options of the case chosen on Mẫu 01
        options = options.filter(case_variant__in=[0, registration.case_variant])
    parts = list(
        Part.objects.filter(scorecard_id=registration.scorecard_id).prefetch_related(
            Prefetch("groups", queryset=CriterionGroup.objects.order_by("order", "id")),
            Prefetch(
                "groups__criteria", queryset=Criterion.objects.select_related("applies_if").order_by("order", "id")
            ),
            Prefetch("groups__criteria__options", queryset=options.order_by("order", "id")),
        )
    )
    evidence: dict[int, list] = {}
    for document in registration.documents.filter(criterion__isnull=False).only("pk", "criterion_id", "original_name"):
        evidence.setdefault(document.criterion_id, []).append(document)
    report = CommuneReport.objects.filter(registration=registration).first()
    criteria = [criterion for part in parts for group in part.groups.all() for criterion in group.criteria.all()]
    counted = counted_points({cid: a.points for cid, a in answers.items()}, {c.pk: c.applies_if_id for c in criteria})
    for criterion in criteria:
        criterion.answer = answers.get(criterion.pk)
        criterion.counted = counted.get(criterion.pk)  # the answer's points, or 0 while its condition scores 0
        criterion.evidence = evidence.get(criterion.pk, [])
        criterion.commune_finding = commune_finding_for(criterion, report)
    total = sum(counted.values())
    return {
        "parts": parts,
        "total": total,
        "star": star_band(Decimal(total)),
        "answered": len(answers),
        "bands": STAR_BANDS,
    }


def checklist(registration: Registration, documents) -> list[dict]:
    """What the dossier of this kind needs, what is attached and what is missing."""
    by_kind: dict[str, list] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    rows = [
        {"kind": k, "label": DocumentKind(k).label, "required": True, "documents": by_kind.get(k, [])}
        for k in CHECKLIST[registration.kind]
    ]
    rows += [
        {"kind": k, "label": DocumentKind(k).label, "required": False, "documents": by_kind.get(k, [])}
        for k in CHECKLIST_OPTIONAL
    ]
    listed = {r["kind"] for r in rows}
    rows += [
        {"kind": k, "label": DocumentKind(k).label, "required": False, "documents": docs}
        for k, docs in by_kind.items()
        if k not in listed
    ]
    return rows


def registration_detail(*, registration: Registration, user) -> dict:
    registration_producer_without_account(registration, user=user)  # what it waits for names who can act
    documents = list(registration.documents.select_related("criterion", "uploaded_by"))
    rows = checklist(registration, documents)
    supplements = list(registration.supplement_requests.prefetch_related("criteria").select_related("requested_by"))
    submission = submission_state(registration, documents=documents) if registration.status in EDITABLE else None
    return {
        "documents": documents,
        "checklist": rows,
        "missing": [r for r in rows if r["required"] and not r["documents"]],
        "supplements": supplements,
        "open_supplement": next((s for s in supplements if s.is_open), None),
        "site_visits": list(registration.site_visits.select_related("recorded_by")),
        "test_requests": list(registration.test_requests.select_related("requested_by")),
        "commune_report": getattr(registration, "commune_report", None),
        "today": timezone.localdate(),
        # The last day to file so that the commune's 15 working days end by the round's proposal deadline.
        "file_by": (
            round_file_by(registration.round)
            if registration.round_id
            and registration.status in EDITABLE
            # a re-evaluation is bound by its certificate's window (shown separately), not the round's dates
            and registration.kind != RegistrationKind.REEVALUATION
            else None
        ),
        # The round deadline the dossier waits under, where it is now: a dossier sent to the ministry is on the
        # central round's calendar, not its province's round's (shown after what it waits for).
        "round_due": (
            registration_round_due(registration, user=user)
            if registration.status not in EDITABLE and not registration.is_closed
            else None
        ),
        # What still stops the producer from submitting (shown before they press the button): the counts at the top
        # of the page, and the refusals beside the button derived from them (read by the view for whoever submits).
        "submission": submission,
        "unanswered": submission.unanswered if submission else [],
        "reevaluation_window": (
            filing_window_state(registration)  # a dossier returned to complete: judged on its first filing
            if registration.kind == RegistrationKind.REEVALUATION and registration.status in EDITABLE
            else None
        ),
        # The certificate a re-evaluation renews, and whether the dossier was filed within its window (Điều 7.6a).
        "renews": reevaluation_renews(user, registration)
        if registration.kind == RegistrationKind.REEVALUATION
        else None,
        "history": [],
        # D26 Điều 12.2: a dossier pending when D26 took effect, its deadline and whether it missed it.
        "transition": transitional_state_for(user, registration),
    }


def reevaluation_renews(user, registration: Registration) -> dict | None:
    """The certificate a re-evaluation dossier renews (hooks.reevaluation_certificate: number, star, expiry, status,
    its page if `user` may open it) with `filing`: the dossier's filing judged against that certificate's window
    (filing_window_state: "open" filed in time, "late", "early", with `filed_on`), or None while it is not filed by
    that certificate's last day. None when no certificate is on record."""
    certificate = hooks.reevaluation_certificate(user, registration)
    if certificate is None:
        return None
    window = filing_window_state(registration, valid_until=certificate["valid_until"])
    return {**certificate, "filing": window if window and window.get("filed_on") else None}


def transitional_state_for(user, registration: Registration) -> dict | None:
    """transitional_state as `user` is shown it: a producer whose outcome is not yet announced (Điều 7.3g) reads the
    deadline, not the day the council took its result."""
    state = transitional_state(registration)
    if state is not None and state["finished_on"] is not None and registration_status_for(user, registration)["masked"]:
        return {"deadline": state["deadline"], "finished_on": None, "late": False, "overdue": False}
    return state


def registration_counts_for_home(*, user) -> dict:
    """One aggregate query: dossiers waiting for this user's side, overdue commune checks and re-evaluations, the
    transitional dossiers still open past their deadline of D26 Điều 12.2 (selectors.transition), the scored
    dossiers waiting for the OCOP office's act rather than a decision (PENDING_ACTS), and for a commune's officer
    the paper dossiers it completes for their producer (`paper`, waiting_for_commune_q)."""
    today = timezone.localdate()
    qs = Registration.objects.for_user(user)
    waiting = Q(status__in=waiting_statuses(user))
    # Every count is of dossiers in one of these statuses: read only those (an index on the status), not the
    # country's 100,000 dossiers of ten years (the ministry's home page counted them all on every view). A filed
    # dossier still open is in one of them, or returned to its producer.
    counted = {*waiting_statuses(user), S.SUBMITTED, S.SCORED, *REEVALUATION_RUNNING, S.RETURNED}
    extra = {}
    if user.role == Role.COMMUNE_OFFICER:
        # The paper dossiers the commune completes for their producer, in the same query (waiting_for_commune_q).
        counted |= PRODUCER_TURN
        extra["paper"] = Count("id", filter=waiting_for_commune_q())
    return qs.filter(status__in=counted).aggregate(
        **extra,
        waiting=Count("id", filter=waiting),
        overdue=Count("id", filter=commune_overdue_q(today)),
        # D26 Điều 7.6g: re-evaluations past their 45 days.
        reevaluation_overdue=Count("id", filter=reevaluation_overdue_q(today)),
        transitional_overdue=Count("id", filter=transitional_overdue_q(today)),
        # Scored, and no decision can take them: the OCOP office's own act ends each (PENDING_ACTS).
        **{name: Count("id", filter=q()) for name, q in PENDING_ACTS.items()},
    )


def pending_act_lists(*, user) -> list[dict]:
    """The scored dossiers in `user`'s scope that wait for an act of the OCOP office rather than a decision
    (selectors.dossier.PENDING_ACTS), one entry per act that has any: its label, count and the registration list on
    exactly those (`pending`). One query. The decision draft page names them beside what it may recognise."""
    counts = (
        Registration.objects.for_user(user)
        .filter(status=S.SCORED)
        .aggregate(**{name: Count("id", filter=q()) for name, q in PENDING_ACTS.items()})
    )
    url = reverse("evaluation:registration_list")
    return [
        {"name": name, "label": label, "count": counts[name], "url": f"{url}?{urlencode({'pending': name})}"}
        for name, label in PENDING_CHOICES
        if counts.get(name)
    ]


def product_timeline_registrations(*, product, user) -> list[dict]:
    """The product page's history entries for its dossiers and council results (products.hooks.
    product_timeline_entries). A producer sees a council's outcome only once it is announced (Điều 7.3g)."""
    entries = []
    registrations = product.registrations.select_related("round").prefetch_related("results").order_by("created_at")
    for reg in registrations:
        shown = registration_status_for(user, reg)
        entries.append(
            {
                "at": timeline_at(reg.submitted_at or reg.created_at),
                "kind": "registration",
                "icon": "folder2-open",
                "title": capfirst(
                    _("Hồ sơ %(kind)s năm %(year)s") % {"kind": reg.get_kind_display().lower(), "year": reg.year}
                ),
                "detail": shown["label"],
                "url": timeline_url("evaluation:registration_detail", reg.pk),
            }
        )
        if shown["masked"]:
            continue
        for result in reg.results.all():
            entries.append(
                {
                    "at": timeline_at(result.decided_at),
                    "kind": "result",
                    "icon": "clipboard-check",
                    "title": _("Kết quả hội đồng (%(level)s)") % {"level": result.get_level_display()},
                    # The result as the dossier's page words it: a province's potential 5★ is no 5 stars.
                    "detail": _("Điểm trung bình %(score)s, %(result)s")
                    % {"score": format_points(result.mean_score), "result": result.star_label},
                    "star": result.star_shown,
                    "url": "",
                }
            )
    return entries


def product_evaluation_state(*, product, user) -> dict:
    """The product page's next step (products.hooks.product_evaluation_state): the dossier in progress, or
    whether the user may open a new registration for it; an officer's role would, but the producer has an account
    and files it itself (products.permissions.acts_for_producer): the page says so instead. The dossier's status as
    the user is shown it (selectors.dossier.registration_status_for)."""
    open_registration = (
        Registration.objects.filter(product=product).exclude(status__in=CLOSED).order_by("-created_at").first()
    )
    may_file = can_do(user, "create") and open_registration is None
    files_itself = may_file and not acts_for_producer(user, product.producer)
    return {
        "open_registration": open_registration,
        # What the user is shown of its status: a producer reads an unannounced outcome as the neutral status.
        "open_registration_status": registration_status_for(user, open_registration)["label"]
        if open_registration
        else "",
        "can_register": may_file and not files_itself,
        "producer_files_itself": files_itself,
    }


def commune_overdue_q(today) -> Q:
    """Dossiers the commune has not checked within its 15 working days (Điều 7.2)."""
    return Q(status=S.SUBMITTED, commune_due_on__lt=today)


def reevaluation_overdue_q(today) -> Q:
    """Re-evaluations not decided within 45 days of the complete dossier (Điều 7.6g)."""
    return Q(kind=RegistrationKind.REEVALUATION, status__in=REEVALUATION_RUNNING, reevaluation_due_on__lt=today)
