"""Writes for the producer's dossier (Mẫu 01, Mẫu 02) and the commune's report (Mẫu 03)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.cache import statistics_cache_bump
from ocop.choices import Role
from ocop.edits import edit_changes
from ocop.models import User, province_copies_refresh
from ocop.services import audit_record, duplicates_refused, errors_collected, model_changes
from ocop.text import nfc
from products.choices import ProductStatus
from products.models import Product
from products.permissions import acts_for_producer

from ..choices import Level, RegistrationKind, RegistrationStatus
from ..models import (
    CommuneProposal,
    CommuneReport,
    CriteriaVersion,
    Criterion,
    DossierDocument,
    EvaluationRound,
    Registration,
    Scorecard,
    SelfAssessmentAnswer,
)
from ..models.registrations import CaseVariant
from ..permissions.registrations import ensure_can, ensure_can_act
from ..selectors.dossier import (
    criteria_version_in_force,
    product_holds_live_certificate,
    registration_status_for,
    upgrade_top_star_reached,
)
from ..selectors.reevaluation import reevaluation_window_error, reevaluation_window_state
from ..workflow import CLOSED
from .checks import case_variant_error, commune_letter_check, ensure_editable, round_filing_refusal, samples_day_check
from .documents import OFFICER_ONLY_KINDS
from .star_rule import counted_points
from .workflow import product_status_follow

S = RegistrationStatus

# Why an upgrade is refused to a 5★ product, beside the form's kind, wherever a dossier is filed or copied.
UPGRADE_TOP_STAR = gettext_lazy(
    "Sản phẩm đang có giấy chứng nhận OCOP 5 sao, hạng cao nhất (Điều 3.3a): không còn hạng nào để nâng hạng. Khi giấy "
    "chứng nhận đến thời hạn, hãy đăng ký đánh giá lại: Bộ Nông nghiệp và Môi trường đánh giá lại sản phẩm 5 sao "
    "(Điều 7.6e)."
)
# Why a dossier is not copied into an upgrade or a re-evaluation: the product holds no live certificate.
COPY_NEEDS_LIVE_CERTIFICATE = gettext_lazy(
    "Sản phẩm chưa có giấy chứng nhận OCOP còn hiệu lực: chỉ lập hồ sơ nâng hạng hoặc đánh giá lại từ hồ sơ trước khi "
    "sản phẩm đã được công nhận và giấy chứng nhận còn hiệu lực (Điều 6.1b, c)."
)


def open_dossier_refusal(registration: Registration, *, by: User | None) -> ValidationError:
    """Why a product with a dossier still open (`registration`) gets no new one: that dossier, named with its status
    as `by` is shown it, and its id in the params (`registration`) for a page to link it, only when `by` may read
    it; otherwise nothing about it (a dossier is not revealed to whoever may not see it)."""
    if by is None or not Registration.objects.for_user(by).filter(pk=registration.pk).exists():
        return ValidationError(_("Sản phẩm này đã có một hồ sơ đang xử lý."), code="open_dossier")
    return ValidationError(
        _(
            "Sản phẩm này đã có một hồ sơ đang xử lý: %(dossier)s — %(status)s. Hãy tiếp tục hồ sơ đó, không tạo phiếu mới."
        ),
        code="open_dossier",
        params={
            "dossier": str(registration),
            "status": str(registration_status_for(by, registration)["label"]),
            "registration": registration.pk,
        },
    )


def _scorecard_for(version: CriteriaVersion, product: Product) -> Scorecard | None:
    return Scorecard.objects.filter(version=version, product_set_id=product.product_set_id).first()


@transaction.atomic
def registration_create(
    *,
    product: Product,
    kind: str,
    by: User,
    evaluation_round: EvaluationRound | None = None,
    previous: Registration | None = None,
    case_variant: int = CaseVariant.NONE,
) -> Registration:
    """A draft Mẫu 01 for `product`, bound to the criteria version in force today (and, for set 26, to the
    case the product is scored by). Filing is the producer's own act (the workflow's `own`): an officer files only for
    a producer without an account (acts_for_producer), whose paper dossier it types in; a dossier it filed for one
    with an account could only be completed by that producer."""
    ensure_can(by, "create")
    if not Product.objects.for_user(by).filter(pk=product.pk).exists():
        raise PermissionDenied
    product = Product.objects.select_for_update().select_related("producer__commune").get(pk=product.pk)
    if not acts_for_producer(by, product.producer):
        raise PermissionDenied
    registration_create_check(
        product=product,
        kind=kind,
        evaluation_round=evaluation_round,
        case_variant=case_variant,
        previous=previous,
        by=by,
    )
    commune = product.producer.commune
    version = criteria_version_in_force()
    scorecard = _scorecard_for(version, product)
    case_variant = int(case_variant or 0)
    registration = Registration(
        product=product,
        kind=kind,
        round=evaluation_round,
        criteria_version=version,
        scorecard=scorecard,
        case_variant=case_variant,
        legal_basis=version.legal_basis,
        commune=commune,
        year=evaluation_round.year if evaluation_round else timezone.localdate().year,
        previous=previous,
        created_by=by,
        entered_by_officer=by.role != Role.PRODUCER,
    )
    registration.full_clean()
    registration.save()
    audit_record(
        actor=by,
        action="registration.create",
        target=registration,
        changes={
            "kind": kind,
            "product": product.pk,
            "previous": previous.pk if previous else None,
            **({"case_variant": case_variant} if case_variant else {}),
        },
    )
    statistics_cache_bump(units=[registration.commune_id])  # a new dossier in the commune's pipeline
    product_status_follow(product.pk)  # a product with nothing before reads "Đang lập hồ sơ" from its first draft
    return registration


def registration_create_check(
    *,
    product: Product | None,
    kind: str | None,
    evaluation_round: EvaluationRound | None,
    case_variant: int | None,
    previous: Registration | None = None,
    by: User | None = None,
) -> None:
    """Every refusal of a new dossier at once, each beside its field (registration_create runs it on the product it
    locked): the kind, the round (its province, and round_filing_refusal: one still taking dossiers, before its
    proposals deadline), the product's open dossier (named to `by` when `by` may read it), the case of set 26. A form
    runs it on what it could read (ocop.forms.check_with_the_form), so its refusals come with the form's own: with no
    product read, only the kind is judged, and the round a first evaluation needs only once its kind is accepted (the
    kind decides what else the form needs)."""
    errors: dict = {}
    if kind not in RegistrationKind.values:
        errors["kind"] = _("Hình thức đăng ký không hợp lệ.")
    if product is None:
        if errors:
            raise ValidationError(errors)
        return
    commune = product.producer.commune
    if evaluation_round is not None:
        if evaluation_round.level != Level.PROVINCE or evaluation_round.unit_id != commune.parent_id:
            errors["round"] = _("Đợt đánh giá không thuộc tỉnh của chủ thể.")
        elif refusal := round_filing_refusal(evaluation_round, kind=kind or ""):
            # planned or open, and before its proposals deadline unless a re-evaluation (the form says it beside the
            # round, from the same rule, before the service runs)
            errors["round"] = refusal
    if open_dossier := Registration.objects.filter(product=product).exclude(status__in=CLOSED).first():
        errors["product"] = open_dossier_refusal(open_dossier, by=by)
    if "kind" not in errors:
        refusal = _kind_refusal(product=product, kind=kind, previous=previous)
        if refusal:
            errors["kind"] = refusal
        elif kind == RegistrationKind.FIRST and evaluation_round is None:
            errors["round"] = _("Đăng ký lần đầu phải chọn đợt đánh giá.")
    with errors_collected(errors):
        error = case_variant_error(_scorecard_for(criteria_version_in_force(), product), int(case_variant or 0))
        if error:
            errors["case_variant"] = error
    if errors:
        raise ValidationError(errors)


def _kind_refusal(*, product: Product, kind: str, previous: Registration | None) -> str | None:
    """Why `product` is not filed as `kind` (copying `previous`), or None."""
    if previous is not None and not product_holds_live_certificate(product):
        # A copy of a dossier scored but awaiting its decision, or not recognised: nothing recognised to upgrade or
        # renew (Điều 6.1b, c). The dossier page offers no copy then (the workflow's `copy` guard).
        return COPY_NEEDS_LIVE_CERTIFICATE
    if kind in {RegistrationKind.UPGRADE, RegistrationKind.REEVALUATION} and product.status in {
        ProductStatus.EXPIRED,
        ProductStatus.REVOKED,
    }:
        # Nothing left to upgrade or renew: the product starts again with a first evaluation.
        return _(
            "Sản phẩm không còn giấy chứng nhận OCOP hiệu lực (%(status)s): không nâng hạng hay đánh giá "
            "lại được, hãy đăng ký đánh giá lần đầu."
        ) % {"status": product.get_status_display().lower()}
    window = reevaluation_window_state(product_id=product.pk)  # the product's certificate, if one is live
    live = window is not None and window["state"] != "expired"
    if kind == RegistrationKind.REEVALUATION:
        return reevaluation_window_error(window)
    if kind == RegistrationKind.UPGRADE and not live:
        # An upgrade reports the changes "so với sản phẩm OCOP đã được công nhận" (Điều 6.1b): it needs a
        # recognition still in force; a product never recognised starts with a first evaluation.
        return _(
            "Chỉ nâng hạng sản phẩm OCOP đã được công nhận, đang có giấy chứng nhận còn hiệu lực "
            "(Điều 6.1b): sản phẩm này chưa có, hãy đăng ký đánh giá lần đầu."
        )
    if kind == RegistrationKind.UPGRADE and upgrade_top_star_reached(product):
        # 5★ is the highest star (Điều 3.3a): nothing to upgrade to. A provincial council would score the dossier and
        # a province's decision replace the Minister's certificate; the 5★ product comes back by re-evaluation,
        # which the ministry does (Điều 7.6e).
        return UPGRADE_TOP_STAR
    if kind == RegistrationKind.FIRST and live:
        # A product whose certificate is still valid is already recognised: it comes back as an
        # upgrade (Điều 7.5) or a re-evaluation (Điều 7.6), not as a first evaluation.
        return _(
            "Sản phẩm đang có giấy chứng nhận OCOP còn hiệu lực đến ngày %(exp)s: "
            "hãy chọn “Nâng hạng” hoặc “Đánh giá lại”, không đăng ký lần đầu."
        ) % {"exp": f"{window['valid_until']:%d/%m/%Y}"}
    return None


@transaction.atomic
def registration_create_from_previous(
    *,
    previous: Registration,
    kind: str,
    by: User,
    evaluation_round: EvaluationRound | None = None,
    case_variant: int | None = None,
) -> Registration:
    """Re-evaluation or upgrade starts from a copy of the previous dossier: its self-assessment answers
    (where the criterion is on the new scorecard), its documents (new rows, same stored files) and, for set 26,
    its case (Trường hợp 1/2) unless another one is chosen."""
    if kind not in {RegistrationKind.UPGRADE, RegistrationKind.REEVALUATION}:
        raise ValidationError({"kind": _("Chỉ nâng hạng hoặc đánh giá lại mới sao chép hồ sơ trước.")})
    registration = registration_create(
        product=previous.product,
        kind=kind,
        by=by,
        evaluation_round=evaluation_round,
        previous=previous,
        case_variant=previous.case_variant if case_variant is None else case_variant,
    )
    if registration.scorecard_id is not None:
        on_card = set(
            Criterion.objects.filter(group__part__scorecard_id=registration.scorecard_id).values_list("pk", flat=True)
        )
        SelfAssessmentAnswer.objects.bulk_create(
            [
                SelfAssessmentAnswer(
                    registration=registration,
                    criterion_id=a.criterion_id,
                    option_id=a.option_id,
                    points=a.points,
                    note=a.note,
                )
                for a in previous.answers.all()
                if a.criterion_id in on_card
            ]
        )
    now = timezone.now()
    DossierDocument.objects.bulk_create(
        [
            DossierDocument(
                registration=registration,
                kind=d.kind,
                criterion_id=d.criterion_id,
                file=d.file.name,
                original_name=d.original_name,
                sha256=d.sha256,
                size=d.size,
                content_type=d.content_type,
                note=d.note,
                uploaded_by=d.uploaded_by,
                uploaded_at=now,
                copied_from=d,
            )
            for d in previous.documents.exclude(kind__in=OFFICER_ONLY_KINDS)
        ]
    )
    audit_record(actor=by, action="registration.copy_previous", target=registration, changes={"previous": previous.pk})
    return registration


@transaction.atomic
def registration_file(
    *,
    product: Product,
    kind: str,
    by: User,
    evaluation_round: EvaluationRound | None = None,
    case_variant: int | None = None,
) -> Registration:
    """The registration page's entry point: an upgrade or a re-evaluation starts from a copy of the product's
    last recognised dossier when there is one (Điều 6.1b–c: the producer updates what changed); a first
    evaluation, or a product recognised before this system, starts blank."""
    previous = _previous_for(product, kind)
    if previous is not None:
        return registration_create_from_previous(
            previous=previous,
            kind=kind,
            by=by,
            evaluation_round=evaluation_round,
            case_variant=case_variant or None,
        )
    return registration_create(
        product=product, kind=kind, by=by, evaluation_round=evaluation_round, case_variant=case_variant or 0
    )


def registration_file_check(
    *,
    product: Product | None,
    kind: str | None,
    evaluation_round: EvaluationRound | None,
    case_variant: int | None,
    by: User | None = None,
) -> None:
    """registration_create_check on what registration_file would create (the copy of the last recognised dossier, its
    case unless another is chosen), for a form to show the service's refusals with its own."""
    previous = _previous_for(product, kind) if product is not None else None
    if previous is not None and not case_variant:
        case_variant = previous.case_variant
    registration_create_check(
        product=product,
        kind=kind,
        evaluation_round=evaluation_round,
        case_variant=case_variant,
        previous=previous,
        by=by,
    )


def _previous_for(product: Product, kind: str | None) -> Registration | None:
    """The product's last recognised dossier, which an upgrade or a re-evaluation starts from."""
    if kind not in {RegistrationKind.UPGRADE, RegistrationKind.REEVALUATION}:
        return None
    return Registration.objects.filter(product=product, status=S.DECIDED).order_by("-created_at", "-id").first()


@transaction.atomic
def registration_update(
    *,
    registration: Registration,
    by: User,
    evaluation_round: EvaluationRound | None,
    case_variant: int | None = None,
) -> Registration:
    """The round of a draft or returned dossier and, for set 26, its case (None keeps it). Changing the case drops
    the self-assessment answers given on the other case's options: they no longer apply."""
    ensure_can_act(by, "edit", registration)
    ensure_editable(registration)
    if registration.status == S.SUPPLEMENT_REQUESTED:  # a supplement opens only the items asked, never the round
        raise ValidationError(_("Khi bổ sung hồ sơ, chỉ sửa các mục Tổ tư vấn yêu cầu; không đổi đợt đánh giá."))
    if evaluation_round is not None and (
        evaluation_round.level != Level.PROVINCE or evaluation_round.unit_id != registration.commune.parent_id
    ):
        raise ValidationError({"round": _("Đợt đánh giá không thuộc tỉnh của chủ thể.")})
    before = {"round": registration.round, "case_variant": registration.case_variant}
    if case_variant is not None and int(case_variant) != registration.case_variant:
        case_variant = int(case_variant)
        error = case_variant_error(registration.scorecard, case_variant)
        if error:
            raise ValidationError({"case_variant": error})
        registration.answers.filter(option__case_variant__gt=0).exclude(option__case_variant=case_variant).delete()
        registration.case_variant = case_variant
    registration.round = evaluation_round
    if evaluation_round is not None:
        registration.year = evaluation_round.year
    registration.full_clean()
    registration.save(update_fields=["round", "year", "case_variant", "updated_at"])
    audit_record(
        actor=by,
        action="registration.update",
        target=registration,
        changes=model_changes(registration, before, ["round", "case_variant"]),
    )
    return registration


@transaction.atomic
def selfassessment_save(*, registration: Registration, answers: dict[int, int | str | None], by: User) -> int:
    """Save the producer's choice per criterion. `answers` maps criterion id → option id, "yes"/"no" for a
    yes/no criterion, or None (nothing applies: 0 points). Returns the new total."""
    ensure_can_act(by, "edit", registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.scorecard_id is None:
        raise ValidationError(_("Chưa có phiếu đánh giá cho bộ sản phẩm này."))
    criteria = {
        c.pk: c
        for c in Criterion.objects.filter(group__part__scorecard_id=registration.scorecard_id).prefetch_related(
            "options"
        )
    }
    existing = {a.criterion_id: a for a in registration.answers.all()}
    resolved: dict[int, tuple[int | None, int]] = {}
    for criterion_id, choice in answers.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ValidationError(_("Tiêu chí không thuộc phiếu đánh giá của hồ sơ."))
        options = list(criterion.options.all())
        if choice in ("yes", "no") and criterion.is_yes_no and options:
            # A yes/no criterion printed with its two options (0 and the maximum): store the option itself,
            # so the sheet shows the same choice and total as the dossier page.
            wanted = criterion.max_points if choice == "yes" else 0
            choice = next((str(o.pk) for o in options if o.points == wanted), choice)
        if choice in (None, "", "none"):
            resolved[criterion.pk] = (None, 0)
        elif choice == "yes" and criterion.is_yes_no:
            resolved[criterion.pk] = (None, criterion.max_points)
        elif choice == "no" and criterion.is_yes_no:
            resolved[criterion.pk] = (None, 0)
        else:
            option = next((o for o in options if str(o.pk) == str(choice)), None)
            if option is None:
                raise ValidationError(_("Phương án không thuộc tiêu chí %(n)s.") % {"n": criterion.number})
            if option.case_variant and registration.case_variant and option.case_variant != registration.case_variant:
                raise ValidationError(
                    _("Phương án của tiêu chí %(n)s thuộc trường hợp khác với trường hợp đã chọn trên phiếu đăng ký.")
                    % {"n": criterion.number}
                )
            resolved[criterion.pk] = (option.pk, option.points)
    changed = {
        cid
        for cid, (option_id, points) in resolved.items()
        if cid not in existing or (existing[cid].option_id, existing[cid].points) != (option_id, points)
    }
    ensure_editable(registration, criteria=changed)
    to_create, to_update, audit_changes = [], [], {}
    for cid in changed:
        option_id, points = resolved[cid]
        if cid in existing:
            answer = existing[cid]
            audit_changes[criteria[cid].number] = [answer.points, points]
            answer.option_id, answer.points = option_id, points
            to_update.append(answer)
        else:
            audit_changes[criteria[cid].number] = [None, points]
            to_create.append(
                SelfAssessmentAnswer(registration=registration, criterion_id=cid, option_id=option_id, points=points)
            )
    with duplicates_refused(SelfAssessmentAnswer):  # the same answers saved from two tabs
        SelfAssessmentAnswer.objects.bulk_create(to_create)
    SelfAssessmentAnswer.objects.bulk_update(to_update, ["option", "points"])
    if changed:
        audit_record(actor=by, action="registration.selfassessment", target=registration, changes=audit_changes)
    chosen = {a.criterion_id: a.points for a in registration.answers.all()}
    return sum(counted_points(chosen, {cid: c.applies_if_id for cid, c in criteria.items()}).values())


@transaction.atomic
def commune_report_save(
    *,
    registration: Registration,
    by: User,
    dossier_complete: bool,
    local_raw_material: str,
    local_labour: str,
    idea_origin: str,
    local_identity: str,
    proposal: str = CommuneProposal.FORWARD,
    name_consistent: bool = False,
    samples_received: int = 0,
    samples_received_on: dt.date | None = None,
    letter_number: str = "",
    letter_date: dt.date | None = None,
    seen: dict | None = None,
) -> CommuneReport:
    """Mẫu 03: the commune's assessment of the four local contents, while it checks the dossier; with the
    product-name check, the samples received (Điều 6.2d) and the commune's letter proposing the product (6.2a). `seen`: what the officer's page showed of a report
    already saved (another officer's change meanwhile is kept, or refused where both changed a field:
    ocop.edits.edit_changes)."""
    ensure_can(by, "commune_report")
    if registration.status != S.SUBMITTED:
        raise ValidationError(_("Chỉ lập Mẫu 03 khi hồ sơ đang chờ UBND xã kiểm tra."))
    report = CommuneReport.objects.select_for_update().filter(registration=registration).first()
    report = report or CommuneReport(registration=registration)
    samples_day_check(
        registration=registration, samples_received_on=samples_received_on, kept=report.samples_received_on
    )
    letter_number = nfc(letter_number or "").strip()
    commune_letter_check(registration=registration, letter_number=letter_number, letter_date=letter_date)
    typed = {
        "dossier_complete": dossier_complete,
        "local_raw_material": local_raw_material,
        "local_labour": local_labour,
        "idea_origin": idea_origin,
        "local_identity": local_identity,
        "proposal": proposal,
        "name_consistent": name_consistent,
        "samples_received": samples_received or 0,
        "samples_received_on": samples_received_on,
        "letter_number": letter_number,
        "letter_date": letter_date,
    }
    before = {f: getattr(report, f) for f in typed}
    for name, value in edit_changes(
        record=report, data=typed, seen=seen if report.pk else None, audit_target=registration
    ).items():
        setattr(report, name, value)
    report.officer = by
    report.full_clean()
    with duplicates_refused(CommuneReport):  # the first Mẫu 03 saved twice at once
        report.save()
    audit_record(
        actor=by,
        action="registration.commune_report",
        target=registration,
        changes=model_changes(report, before, before.keys()),
    )
    return report


def registration_province_refresh(producer_ids: list[int] | None) -> int:
    """products.hooks.province_refresh: a dossier stays with the commune that received it, so only a change of the
    units (None) can move it to another province; a producer's move leaves its dossiers where they were filed."""
    if producer_ids is not None:
        return 0
    return province_copies_refresh(Registration.objects.all(), "commune__parent_id")
