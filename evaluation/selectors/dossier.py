"""Reads about one dossier: what its user is shown of the status, what is still missing, the open supplement,
the criteria set in force and the council's latest result."""

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, CharField, Exists, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.choices import Role
from ocop.models import User
from products.models import Producer

from .. import hooks
from ..choices import DocumentKind, Level, RegistrationKind, RegistrationStatus, Star
from ..models import CouncilResult, CriteriaVersion, Criterion, Registration, Scorecard, SupplementRequest
from ..models.registrations import CHECKLIST, MASKED_LABEL, RESULT_MASKED, SAMPLES_REQUIRED, WAITING_FOR_OFFICER
from ..permissions.councils import may_open_result
from ..services.star_rule import not_applicable
from ..workflow import PRODUCER_TURN, upgrade_achieved, waiting_statuses

S = RegistrationStatus


def criteria_version_in_force(on: dt.date | None = None) -> CriteriaVersion:
    on = on or timezone.localdate()
    version = (
        CriteriaVersion.objects.filter(effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("-effective_from")
        .first()
    )
    if version is None:
        raise ValidationError(_("Chưa có bộ tiêu chí nào có hiệu lực vào ngày %(d)s.") % {"d": on.strftime("%d/%m/%Y")})
    return version


def criteria_outdated(registration: Registration) -> CriteriaVersion | None:
    """The criteria version in force when `registration` is a dossier never submitted (a draft) bound to another one:
    D26 Điều 12.2 keeps the earlier rules only for a dossier filed (nộp) before the new ones took effect, so a draft
    typed in under 148/2023 and not yet filed on 22/05/2026 is filed under D26 or not at all
    (services.rebind.registration_rebind moves it; services.checks.submit_errors refuses it until then). None for a
    dossier filed once (it keeps its rules, even returned), one already on the version in force, or when no version is
    in force (the submission's other checks say so)."""
    if registration.status != S.DRAFT or registration.first_submitted_at or registration.submitted_at:
        return None
    try:
        version = criteria_version_in_force()
    except ValidationError:
        return None
    if version.pk == registration.criteria_version_id:
        return None
    # Only rules that replaced the draft's own: never back to older ones (a version bound ahead of its day).
    return version if version.effective_from > registration.criteria_version.effective_from else None


def open_supplement(registration: Registration) -> SupplementRequest | None:
    return registration.supplement_requests.filter(resolved_at__isnull=True).first()


def supplement_missing_kinds(request: SupplementRequest) -> list[str]:
    """The document kinds `request` asks that have no file uploaded since it was made: the supplement cannot be
    sent until there are none."""
    fresh = set(
        request.registration.documents.filter(uploaded_at__gte=request.requested_at).values_list("kind", flat=True)
    )
    return [k for k in request.document_kinds if k not in fresh]


def supplement_items(request: SupplementRequest) -> dict:
    """What the producer is shown of an open supplement: the advisory team's note, each document asked (its label,
    whether a new file came in, the upload form preset to its kind) and each criterion asked (the upload form preset
    to it, and its self-assessment)."""
    registration = request.registration
    documents_url = reverse("evaluation:registration_documents", args=[registration.pk])
    missing = supplement_missing_kinds(request)
    return {
        "request": request,
        "documents": [
            {
                "kind": kind,
                "label": DocumentKind(kind).label if kind in DocumentKind.values else kind,
                "missing": kind in missing,
                "url": f"{documents_url}?{urlencode({'kind': kind})}",
            }
            for kind in request.document_kinds
        ],
        "criteria": [
            {"criterion": criterion, "url": f"{documents_url}?{urlencode({'criterion': criterion.pk})}"}
            for criterion in request.criteria.order_by("group__part__letter", "group__order", "order", "id")
        ],
        "documents_url": documents_url,
        "selfassessment_url": reverse("evaluation:registration_selfassessment", args=[registration.pk]),
    }


def case_variant_product_sets() -> set[int]:
    """Product sets whose scorecard in force has Trường hợp 1/2 (the registration form asks for the case).
    None while no criteria set is in force: the form still opens, and creating says why it cannot."""
    try:
        version = criteria_version_in_force()
    except ValidationError:
        return set()
    return set(
        Scorecard.objects.filter(version=version, has_case_variants=True).values_list("product_set_id", flat=True)
    )


def missing_documents(registration: Registration, documents=None) -> list[str]:
    """The kinds the dossier of its kind needs that have no file. `documents`: the dossier's, when read already."""
    if documents is None:
        present = set(registration.documents.values_list("kind", flat=True))
    else:
        present = {document.kind for document in documents}
    return [k for k in CHECKLIST[registration.kind] if k not in present]


def unanswered_criteria(registration: Registration) -> list[str]:
    """The numbers of the criteria the producer's self-assessment (Mẫu 02) still has to answer: every one, but for a
    conditional criterion whose condition is answered with 0 (star_rule.not_applicable: no story in 5.1, no 5.2)."""
    if registration.scorecard_id is None:
        return []
    answer = registration.answers.filter(criterion_id=OuterRef("pk"))
    rows = list(  # one query, as before: each criterion with its answer's points, if answered
        Criterion.objects.filter(group__part__scorecard_id=registration.scorecard_id)
        .annotate(answered=Exists(answer), answer_points=Subquery(answer.values("points")[:1]))
        .values_list("pk", "number", "applies_if_id", "answered", "answer_points")
    )
    answered = {pk: points for pk, _number, _condition, is_answered, points in rows if is_answered}
    not_asked = not_applicable(answered, {pk: condition for pk, _number, condition, *_answer in rows})
    return [number for pk, number, *_rest in rows if pk not in answered and pk not in not_asked]


def samples_required(registration: Registration) -> int:
    """Sản phẩm mẫu sent to the province with the dossier: 5, none for a tourism service (Điều 6.2d)."""
    return 0 if registration.product.product_set.is_tourism else SAMPLES_REQUIRED


# `S.values` builds the list of every status on each read; lists ask once a row.
STATUS_VALUES = frozenset(S.values)


def registration_status_for(user: User, registration: Registration) -> dict:
    """What `user` is shown of the dossier's status: the one place deciding it. A producer sees the council's
    outcome only once it is announced (the decision, or the written notice); until then one neutral status."""
    masked = (
        user.is_authenticated
        and user.role == Role.PRODUCER
        and registration.status in RESULT_MASKED
        and not registration.result_announced
    )
    if masked:
        return {
            "code": "awaiting_result",
            "label": MASKED_LABEL,
            "css": "text-bg-primary",
            "waiting_for": _("Cơ quan OCOP công bố kết quả đánh giá, phân hạng"),
            "masked": True,
        }
    status = registration.status
    if status in PRODUCER_TURN:
        css = "text-bg-warning"
    elif status in {S.READY_FOR_COUNCIL, S.DECIDED}:
        css = "text-bg-success"
    elif status in {S.REJECTED, S.ELIMINATED, S.WITHDRAWN, S.NOT_RECOGNISED}:
        css = "text-bg-secondary"
    else:
        css = "text-bg-primary"
    return {
        "code": status,
        # The label of the status itself, not get_status_display(): that one builds a dict of every status and hashes
        # each lazy label (15 translations) on each call, a third of the registration list's rendering (issue 15).
        "label": str(S(status).label) if status in STATUS_VALUES else status,
        "css": css,
        "waiting_for": _pending_act_waiting_for(registration) or _waiting_for(registration),
        "masked": False,
    }


def _waiting_for(registration: Registration) -> str:
    """What the dossier waits for; the producer's turn on the paper dossier of a producer without an account is the
    commune's, which types it in for the producer (`producer_without_account`, set by the dossier's pages:
    registration_producer_without_account)."""
    if getattr(registration, "producer_without_account", False) and registration.status in WAITING_FOR_OFFICER:
        return str(WAITING_FOR_OFFICER[registration.status])
    return registration.waiting_for


def _producer_accounts():
    return Producer.members.through.objects.filter(producer_id=OuterRef("product__producer_id"), user__is_active=True)


def producer_without_account_annotation():
    """registration_producer_without_account for a list's rows, in its query: only in the producer's turn."""
    return Case(
        When(status__in=PRODUCER_TURN, then=~Exists(_producer_accounts())),
        default=Value(False),
        output_field=BooleanField(),
    )


def waiting_for_commune_q() -> Q:
    """The paper dossiers a commune types in for their producer (registration_producer_without_account): the
    producer's turn (a draft, returned by the commune or the province, a supplement asked) while the producer has no
    active account. Its officers do the producer's part (D26 Điều 7.1, 7.3a); its home counts them, the list's
    `paper` filter opens them."""
    return Q(status__in=PRODUCER_TURN) & ~Exists(_producer_accounts())


def waiting_for_user_q(user: User) -> Q:
    """The dossiers waiting for `user`'s side to act: those in its turn (workflow.waiting_statuses) and, for a
    commune's officer, the paper dossiers it completes for their producer (waiting_for_commune_q), which wait for it
    as much as those it is to check. The registration list puts them first."""
    waiting = Q(status__in=waiting_statuses(user))
    if user.role == Role.COMMUNE_OFFICER:
        waiting |= waiting_for_commune_q()
    return waiting


def registration_producer_without_account(registration: Registration, *, user: User) -> None:
    """Mark the dossier whose producer's turn it is while the producer has no active account: only an officer can
    act for it (products.permissions.acts_for_producer). One query, only in the producer's turn and only for an
    officer: a producer's account reading its own dossier is the account it has."""
    registration.producer_without_account = (
        registration.waits_for_producer
        and user.role != Role.PRODUCER
        and not registration.product.producer.members.filter(is_active=True).exists()
    )


def pending_act(registration: Registration) -> str:
    """Which of PENDING_ACTS a scored dossier waits for instead of a decision ("" for none). A list annotates it
    (`pending_act`, registration_list: one query for the page); one dossier reads its rules."""
    if registration.status != S.SCORED:
        return ""
    annotated = getattr(registration, "pending_act", None)
    if annotated is not None:
        return annotated
    if upgrade_kept(registration):
        return "upgrade_kept"
    return "to_central" if central_reevaluation_scored(registration) else ""


def _pending_act_waiting_for(registration: Registration) -> str:
    act = pending_act(registration)
    if act == "upgrade_kept":
        return _("Cơ quan OCOP tỉnh kết luận không đạt nâng hạng, gửi thông báo (Điều 7.5)")
    if act == "to_central":
        return _("Cơ quan OCOP tỉnh gửi Bộ đánh giá lại (sản phẩm 5 sao, Điều 7.6e)")
    return ""


# The statuses in which the dossier's latest council result is its outcome (a dossier sent back for a new provincial
# evaluation, Điều 7.4g, waits for its next result instead).
OUTCOME_STATUSES = frozenset(
    {S.SCORED, S.PROVINCE_APPROVAL, S.FORWARDED_TO_CENTRAL, S.DECIDED, S.NOT_RECOGNISED, S.ELIMINATED}
)


def registration_outcome(*, user: User, registration: Registration) -> dict | None:
    """What the dossier page says of the outcome, once there is one that `user` may know (registration_status_for
    masks it from the producer until it is announced): the council's latest result, the certificates issued on it
    (through evaluation.hooks.registration_certificates) and whether the result page opens for `user`."""
    if registration.status not in OUTCOME_STATUSES or registration_status_for(user, registration)["masked"]:
        return None
    result = latest_result(registration)
    if result is None:
        return None
    decided = registration.status == S.DECIDED
    return {
        "result": result,
        "certificates": hooks.registration_certificates(user, registration) if decided else [],
        "result_url": (
            reverse("evaluation:result_detail", args=[result.item_id])
            if result.item_id and may_open_result(user, result.item_id)
            else None
        ),
    }


def central_referrals_of(registration: Registration) -> list:
    """The province's approvals and letters sending the dossier to the ministry (newest first; a second one only
    after a new provincial evaluation, Điều 7.4g); who may read them: permissions.registrations.can_read_referrals."""
    return list(registration.central_referrals.select_related("recorded_by"))


def latest_result(registration: Registration):
    from ..models import CouncilResult

    return CouncilResult.objects.filter(registration=registration).order_by("-decided_at", "-id").first()


def central_reevaluation(registration: Registration) -> bool:
    """D26 Điều 6.3b, 7.6e: the re-evaluation of a 5★ product is the central council's. The province's OCOP office
    checks the dossier and sends it, with its report, to the ministry; the provincial council does not score it.
    A 5★ product is one whose live certificate is 5★ (Product.current_star)."""
    return registration.kind == RegistrationKind.REEVALUATION and registration.product.current_star == Star.FIVE


def central_reevaluation_scored(registration: Registration, result=None) -> bool:
    """A 5★ product's re-evaluation (central_reevaluation) that a provincial council scored nonetheless: before the
    province sent these to the ministry, or the product's 5★ certificate came after the dossier went before the
    council. No decision may take its result (a province never replaces the Minister's 5★ certificate on its own
    council's result, certificates' kept_certificate_q; the ministry decides on its council's only), so the
    province's OCOP office sends it to the ministry from "scored" (workflow row `forward_central`, Điều 6.3b, 7.6e).
    Not one the central council evaluated: its result below 90 follows Điều 7.4g (send_back_allowed).
    `result`: the dossier's latest, when read."""
    if registration.status != S.SCORED or not central_reevaluation(registration):
        return False
    result = result if result is not None else latest_result(registration)
    if result is None or result.level != Level.PROVINCE or result.eliminated:
        return False
    return not registration.results.filter(level=Level.CENTRAL).exists()


def upgrade_held_star(registration: Registration) -> int | None:
    """For an upgrade (Điều 7.5), the star the product holds today, which the upgrade must exceed
    (workflow.upgrade_achieved): its live certificate's (Product.current_star, kept by the certificates app). None
    for the other kinds, and for a product whose certificate is no longer in force."""
    if registration.kind != RegistrationKind.UPGRADE:
        return None
    return registration.product.current_star


def upgrade_kept(registration: Registration, result=None) -> bool:
    """D26 Điều 7.5: a scored upgrade whose council result does not exceed the star of the product's live certificate
    (upgrade_held_star, workflow.upgrade_achieved): no decision may recognise it, the product keeps its certificate,
    and the dossier ends "không đạt" (workflow row `upgrade_kept`). `result`: the dossier's latest, when read."""
    if registration.kind != RegistrationKind.UPGRADE or registration.status != S.SCORED:
        return False
    result = result if result is not None else latest_result(registration)
    held = upgrade_held_star(registration)
    if result is None or result.eliminated or held is None:
        return False
    return not upgrade_achieved(star=result.final_star, held_star=held)


def upgrade_kept_q(path: str = "") -> Q:
    """upgrade_kept on the database, for counts and lists (the office's home, the registration list's `pending`, the
    statistics' "awaiting a decision"): a scored upgrade whose latest result, not eliminated, does not exceed the star
    of the product's live certificate (Product.current_star). `path`: where the registration is ("registration__"
    from a council result)."""
    newer = CouncilResult.objects.filter(registration=OuterRef("registration"), decided_at__gt=OuterRef("decided_at"))
    kept = CouncilResult.objects.filter(
        registration=OuterRef(f"{path}pk"),
        eliminated=False,
        final_star__lte=OuterRef(f"{path}product__current_star"),
    ).exclude(Exists(newer))
    return Q(**{f"{path}kind": RegistrationKind.UPGRADE, f"{path}status": S.SCORED}) & Exists(kept)


def central_reevaluation_scored_q(path: str = "") -> Q:
    """central_reevaluation_scored on the database (a scored dossier's results are the province's unless the central
    council took one; its latest is not eliminated, or it would not be scored). `path` as upgrade_kept_q's."""
    central = CouncilResult.objects.filter(registration=OuterRef(f"{path}pk"), level=Level.CENTRAL)
    return Q(
        **{
            f"{path}kind": RegistrationKind.REEVALUATION,
            f"{path}status": S.SCORED,
            f"{path}product__current_star": Star.FIVE,
        }
    ) & ~Exists(central)


# Scored dossiers no decision can take, each waiting for an act of the OCOP office instead (the workflow row it
# takes): counted on the office's home (registration_counts_for_home), listed by the registration list's `pending`.
PENDING_ACTS = {"upgrade_kept": upgrade_kept_q, "to_central": central_reevaluation_scored_q}


def pending_act_annotation() -> Case:
    """pending_act on the database, for a list's rows (registration_list)."""
    return Case(
        *(When(q(), then=Value(name)) for name, q in PENDING_ACTS.items()),
        default=Value(""),
        output_field=CharField(),
    )


def product_holds_live_certificate(product) -> bool:
    """Whether the product holds a live certificate today (the certificates app keeps Product.current_star: the star
    of its live certificate, None when none is live, products.services.product_refresh_status). Only such a product
    comes back as an upgrade (Điều 6.1b, 7.5) or a re-evaluation (Điều 6.1c, 7.6) copied from an earlier dossier: a
    dossier scored but awaiting its decision, or not recognised, has nothing recognised to upgrade or renew (the
    workflow's `copy`, services.dossier.registration_create_from_previous)."""
    return product.current_star is not None


def upgrade_top_star_reached(product) -> bool:
    """Whether the product's live certificate is already 5★, the highest star (Điều 3.3a): an upgrade has nothing
    higher to reach (Điều 7.5), so none is filed (services.dossier.registration_create) or offered (the copy form)."""
    return product.current_star == Star.FIVE


def send_back_allowed(registration: Registration, result=None) -> bool:
    """D26 Điều 7.4g: "Trường hợp sản phẩm không đạt 90 điểm, Chủ tịch UBND cấp tỉnh có thể … công nhận … 3 sao,
    4 sao hoặc tổ chức đánh giá và phân hạng sản phẩm theo thẩm quyền": a dossier whose latest result is the central
    council's, below 90, not eliminated, and not yet decided."""
    if registration.status not in (S.SCORED, S.NOT_RECOGNISED):
        return False
    result = result if result is not None else latest_result(registration)
    return (
        result is not None
        and result.level == Level.CENTRAL
        and not result.eliminated
        and result.mean_score < 90
        and result.final_star < 5
    )
