"""Writes for evaluation rounds and registrations: D26 Điều 6–7 from the producer's dossier to the council.

Every transition is one service: role check, compare-and-swap on the status (a double click or a second
tab cannot move a dossier twice), an audit row, an in-app notice, and the e-mail queued on commit.

    draft ─submit→ submitted ─forward→ forwarded ─start_review→ advisory_review ─mark_ready→ ready_for_council
      ↑               │  (commune, 15 working days,                │   ↑
      └──returned ←───┘   Mẫu 03)          supplement_requested ←──┘   └── supply_supplement
    withdrawn / returned / rejected / eliminated always carry a reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ocop.choices import Role
from ocop.models import User
from ocop.numbers import format_points
from ocop.services import audit_record, counter_next, duplicates_refused, model_changes, notify, outbox_enqueue
from ocop.workdays import add_working_days
from products.choices import ProductStatus
from products.models import Product
from products.services import product_refresh_status

from .. import hooks
from ..choices import (
    FROZEN_STATUSES,
    REEVALUATION_DAYS,
    REEVALUATION_RUNNING,
    Level,
    RegistrationKind,
    RegistrationStatus,
)
from ..models import (
    CommuneProposal,
    CommuneReport,
    CriteriaVersion,
    Criterion,
    DocumentKind,
    DossierDocument,
    EvaluationRound,
    Registration,
    RoundStatus,
    Scorecard,
    SelfAssessmentAnswer,
    SiteVisit,
    SupplementRequest,
    TestRequest,
)
from ..models.registrations import (
    CHECKLIST,
    MASKED_LABEL,
    OFFICE_DOCUMENT_KINDS,
    RESULT_MASKED,
    RESULT_NOTIFIABLE,
    SAMPLES_REQUIRED,
    CaseVariant,
)
from ..permissions.registrations import PROVINCE_SIDE, ensure_can

S = RegistrationStatus
COMMUNE_CHECK_WORKING_DAYS = 15  # D26 Điều 7.2
EDITABLE = {S.DRAFT, S.RETURNED}
CLOSED = {S.DECIDED, S.NOT_RECOGNISED, S.WITHDRAWN, S.REJECTED, S.ELIMINATED}

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: {".pdf"}, JPEG: {".jpg", ".jpeg"}, PNG: {".png"}, DOCX: {".docx"}, XLSX: {".xlsx"}}
OFFICER_ONLY_KINDS = {DocumentKind.SITE_VISIT, DocumentKind.TEST_RESULT}


# ---------------------------------------------------------------- rounds


def round_default_dates(*, level: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    """D26 Điều 5: province rounds 30/4 → 30/6 and 30/10 → 30/12; central 30/7 → 30/9 and 30/01 → 30/3
    (the second central round falls early the next year)."""
    if level == Level.CENTRAL:
        if number == 1:
            return dt.date(year, 7, 30), dt.date(year, 9, 30)
        return dt.date(year + 1, 1, 30), dt.date(year + 1, 3, 30)
    if number == 1:
        return dt.date(year, 4, 30), dt.date(year, 6, 30)
    return dt.date(year, 10, 30), dt.date(year, 12, 30)


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


@transaction.atomic
def round_create(
    *,
    by: User,
    level: str,
    year: int,
    number: int,
    unit=None,
    proposals_due: dt.date | None = None,
    done_by: dt.date | None = None,
    criteria_version: CriteriaVersion | None = None,
    title: str = "",
    status: str = RoundStatus.PLANNED,
) -> EvaluationRound:
    """Plan a round. A province officer plans rounds of their own province only; central rounds are the
    ministry's. Missing dates default to the D26 calendar."""
    if by.is_read_only or by.role not in {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}:
        raise PermissionDenied
    if level == Level.CENTRAL:
        if not by.is_national:
            raise PermissionDenied
        unit = None
    elif level == Level.PROVINCE:
        if not by.is_national:
            unit = by.unit if by.unit_id == by.province_id else None
        if unit is None or unit.level != "province":
            raise ValidationError({"unit": _("Đợt cấp tỉnh phải do một tỉnh tổ chức.")})
    else:
        raise ValidationError({"level": _("Không tạo đợt cấp huyện mới (cấp huyện đã bỏ từ 01/07/2025).")})
    default_due, default_done = round_default_dates(level=level, year=year, number=number)
    evaluation_round = EvaluationRound(
        level=level,
        unit=unit,
        year=year,
        number=number,
        title=title,
        proposals_due=proposals_due or default_due,
        done_by=done_by or default_done,
        criteria_version=criteria_version or criteria_version_in_force(proposals_due or default_due),
        status=status,
    )
    evaluation_round.full_clean()
    with duplicates_refused(EvaluationRound):  # the same round planned twice by a double click
        evaluation_round.save()
    audit_record(actor=by, action="round.create", target=evaluation_round, summary=str(evaluation_round))
    return evaluation_round


ROUND_ORDER = [RoundStatus.PLANNED, RoundStatus.OPEN, RoundStatus.EVALUATING, RoundStatus.CLOSED]


def round_next_status(evaluation_round: EvaluationRound) -> RoundStatus | None:
    index = ROUND_ORDER.index(evaluation_round.status)
    return ROUND_ORDER[index + 1] if index + 1 < len(ROUND_ORDER) else None


@transaction.atomic
def round_set_status(*, evaluation_round: EvaluationRound, status: str, by: User) -> EvaluationRound:
    """PLANNED → OPEN → EVALUATING → CLOSED, one step at a time, by whoever may plan the round."""
    if by.is_read_only or by.role not in {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}:
        raise PermissionDenied
    old = evaluation_round.status
    if status != round_next_status(evaluation_round):
        raise ValidationError(_("Không thể chuyển đợt từ “%(a)s” sang “%(b)s”.") % {"a": old, "b": status})
    moved = EvaluationRound.objects.filter(pk=evaluation_round.pk, status=old).update(status=status)
    if moved != 1:
        raise ValidationError(_("Đợt đánh giá vừa được người khác thay đổi."))
    evaluation_round.refresh_from_db()
    audit_record(actor=by, action="round.set_status", target=evaluation_round, changes={"status": [old, status]})
    return evaluation_round


# ---------------------------------------------------------------- re-evaluation window (Điều 7.6a)

# A re-evaluation dossier reaches the commune "không sớm hơn 180 ngày và không muộn hơn 120 ngày" before the
# certificate expires (calendar days). The rule lives here so that both the registration pages and the
# certificates app's one-click re-evaluation use it; evaluation never imports certificates, so the
# certificates app tells us how to find a product's certificate expiry (`evaluation.hooks.certificate_expiry`).
REEVALUATION_OPENS_DAYS = 180
REEVALUATION_CLOSES_DAYS = 120


def reevaluation_window(valid_until: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day on which a re-evaluation dossier may be filed (Điều 7.6a)."""
    return (
        valid_until - dt.timedelta(days=REEVALUATION_OPENS_DAYS),
        valid_until - dt.timedelta(days=REEVALUATION_CLOSES_DAYS),
    )


def reevaluation_window_state(*, product_id: int, today: dt.date | None = None) -> dict | None:
    """Where today falls against the filing window of the product's certificate: "early" (refused),
    "open", "late" (after the window, before expiry: accepted, the certificate is extended while the
    dossier is pending, Điều 12.3) or "expired" (refused: a new first evaluation is needed). None when no
    certificate is on record (a paper certificate: its copy is in the dossier checklist)."""
    valid_until = hooks.certificate_expiry(product_id)
    if valid_until is None:
        return None
    today = today or timezone.localdate()
    start, end = reevaluation_window(valid_until)
    if today < start:
        state = "early"
    elif today <= end:
        state = "open"
    elif today <= valid_until:
        state = "late"
    else:
        state = "expired"
    return {"state": state, "valid_until": valid_until, "start": start, "end": end}


def reevaluation_window_error(window: dict | None) -> str | None:
    """The refusal for a re-evaluation filed outside what Điều 7.6a and 12.3 allow, or None."""
    if window is None:
        return None
    if window["state"] == "early":
        return _(
            "Chưa đến thời hạn nộp hồ sơ đánh giá lại: giấy chứng nhận hết hạn ngày %(exp)s, "
            "hồ sơ nộp từ ngày %(start)s đến ngày %(end)s (Điều 7.6a)."
        ) % {
            "exp": f"{window['valid_until']:%d/%m/%Y}",
            "start": f"{window['start']:%d/%m/%Y}",
            "end": f"{window['end']:%d/%m/%Y}",
        }
    if window["state"] == "expired":
        return _("Giấy chứng nhận đã hết hạn ngày %(exp)s: không còn đánh giá lại, hãy đăng ký đánh giá lần đầu.") % {
            "exp": f"{window['valid_until']:%d/%m/%Y}"
        }
    return None


# ---------------------------------------------------------------- helpers


def _recipients(registration: Registration, who: str) -> list[User]:
    if who == "producer":
        return list(registration.product.producer.members.filter(is_active=True))
    if who == "commune":
        return list(User.objects.filter(role=Role.COMMUNE_OFFICER, unit_id=registration.commune_id, is_active=True))
    return list(
        User.objects.filter(
            role__in=[Role.PROVINCE_OFFICER, Role.ADVISORY_MEMBER],
            unit_id=registration.commune.parent_id,
            is_active=True,
        )
    )


def _announce(registration: Registration, event: str, who: str, message: str) -> None:
    """In-app notices now (same transaction), e-mails once the transaction commits."""
    from ..tasks import registration_send_email_task

    users = _recipients(registration, who)
    url = reverse("evaluation:registration_detail", args=[registration.pk])
    notify(users=users, message=message, url=url)
    user_ids = [u.pk for u in users if u.email]
    if user_ids:
        text = str(message)
        outbox_enqueue(task=registration_send_email_task, args=[registration.pk, event, user_ids, text])


def _move(
    registration: Registration, *, from_: Iterable[str], to: str, by: User, action: str, reason: str = "", **fields
) -> Registration:
    """Compare-and-swap the status; refuse with a clear message when the dossier is elsewhere."""
    from_ = list(from_)
    if registration.status not in from_:
        raise ValidationError(
            _("Không thể thực hiện khi hồ sơ đang ở trạng thái “%(s)s”.") % {"s": registration.get_status_display()}
        )
    old = registration.status
    # The reason belongs to this step only: a dossier supplied and made ready must not keep showing (and
    # e-mailing) the supplement request's reason as if it still applied. Earlier reasons stay in the audit.
    updates = {"status": to, "updated_at": timezone.now(), "status_reason": reason, **fields}
    moved = Registration.objects.filter(pk=registration.pk, status=old).update(**updates)
    if moved != 1:  # someone else moved it between our read and this write
        raise ValidationError(_("Hồ sơ vừa được người khác thay đổi; vui lòng tải lại trang."))
    registration.refresh_from_db()
    audit_record(
        actor=by,
        action=action,
        target=registration,
        summary=reason,
        changes={"status": [old, to], **({"reason": reason} if reason else {})},
    )
    return registration


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Phải nêu lý do.")})
    return reason


def open_supplement(registration: Registration) -> SupplementRequest | None:
    return registration.supplement_requests.filter(resolved_at__isnull=True).first()


def _ensure_editable(
    registration: Registration,
    *,
    criteria: Iterable[int] = (),
    document_kind: str | None = None,
    criterion_id: int | None = None,
) -> None:
    """Producer-side content may change in draft or when returned; while a supplement is requested only
    the named items; never while the dossier is with the commune or under evaluation."""
    status = registration.status
    if status in EDITABLE:
        return
    if status == S.SUPPLEMENT_REQUESTED:
        request = open_supplement(registration)
        allowed_criteria = set(request.criteria.values_list("pk", flat=True)) if request else set()
        allowed_kinds = set(request.document_kinds) if request else set()
        wanted = set(criteria)
        if wanted and not wanted <= allowed_criteria:
            raise ValidationError(_("Chỉ được sửa các tiêu chí mà Tổ tư vấn yêu cầu bổ sung."))
        if document_kind is not None and document_kind not in allowed_kinds and criterion_id not in allowed_criteria:
            raise ValidationError(_("Chỉ được bổ sung các tài liệu mà Tổ tư vấn yêu cầu."))
        return
    if status in FROZEN_STATUSES:
        raise ValidationError(_("Hồ sơ đang được đánh giá nên không thể sửa."))
    raise ValidationError(_("Không thể sửa hồ sơ ở trạng thái “%(s)s”.") % {"s": registration.get_status_display()})


# ---------------------------------------------------------------- create


def _scorecard_for(version: CriteriaVersion, product: Product) -> Scorecard | None:
    return Scorecard.objects.filter(version=version, product_set_id=product.product_set_id).first()


def case_variant_error(scorecard: Scorecard | None, case_variant: int) -> str | None:
    """Bộ 26 (tourism) is scored by Trường hợp 1 or 2, chosen once on Mẫu 01; no other set has cases."""
    if scorecard is not None and scorecard.has_case_variants:
        if case_variant not in {CaseVariant.COMMUNITY, CaseVariant.PROVIDER}:
            return _("Sản phẩm bộ 26 (du lịch): chọn Trường hợp 1 hoặc Trường hợp 2.")
    elif case_variant:
        return _("Chỉ sản phẩm bộ 26 (du lịch) mới chọn trường hợp áp dụng.")
    return None


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
    case the product is scored by)."""
    ensure_can(by, "create")
    if not Product.objects.for_user(by).filter(pk=product.pk).exists():
        raise PermissionDenied
    product = Product.objects.select_for_update().select_related("producer__commune").get(pk=product.pk)
    if kind not in RegistrationKind.values:
        raise ValidationError({"kind": _("Hình thức đăng ký không hợp lệ.")})
    commune = product.producer.commune
    if evaluation_round is not None:
        if evaluation_round.level != Level.PROVINCE or evaluation_round.unit_id != commune.parent_id:
            raise ValidationError({"round": _("Đợt đánh giá không thuộc tỉnh của chủ thể.")})
        if evaluation_round.status not in {RoundStatus.PLANNED, RoundStatus.OPEN}:
            raise ValidationError({"round": _("Đợt đánh giá này không còn nhận hồ sơ.")})
    if kind == RegistrationKind.FIRST and evaluation_round is None:
        raise ValidationError({"round": _("Đăng ký lần đầu phải chọn đợt đánh giá.")})
    if Registration.objects.filter(product=product).exclude(status__in=CLOSED).exists():
        raise ValidationError({"product": _("Sản phẩm này đã có một hồ sơ đang xử lý.")})
    if kind in {RegistrationKind.UPGRADE, RegistrationKind.REEVALUATION} and product.status in {
        ProductStatus.EXPIRED,
        ProductStatus.REVOKED,
    }:
        # Nothing left to upgrade or renew: the product starts again with a first evaluation.
        raise ValidationError(
            {
                "kind": _(
                    "Sản phẩm không còn giấy chứng nhận OCOP hiệu lực (%(status)s): không nâng hạng hay đánh giá "
                    "lại được, hãy đăng ký đánh giá lần đầu."
                )
                % {"status": product.get_status_display().lower()}
            }
        )
    if kind == RegistrationKind.REEVALUATION:
        error = reevaluation_window_error(reevaluation_window_state(product_id=product.pk))
        if error:
            raise ValidationError({"kind": error})
    if kind == RegistrationKind.FIRST:
        # A product whose certificate is still valid is already recognised: it comes back as an
        # upgrade (Điều 7.5) or a re-evaluation (Điều 7.6), not as a first evaluation.
        window = reevaluation_window_state(product_id=product.pk)
        if window is not None and window["state"] != "expired":
            raise ValidationError(
                {
                    "kind": _(
                        "Sản phẩm đang có giấy chứng nhận OCOP còn hiệu lực đến ngày %(exp)s: "
                        "hãy chọn “Nâng hạng” hoặc “Đánh giá lại”, không đăng ký lần đầu."
                    )
                    % {"exp": f"{window['valid_until']:%d/%m/%Y}"}
                }
            )
    version = criteria_version_in_force()
    scorecard = _scorecard_for(version, product)
    case_variant = int(case_variant or 0)
    error = case_variant_error(scorecard, case_variant)
    if error:
        raise ValidationError({"case_variant": error})
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
    return registration


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
    previous = None
    if kind in {RegistrationKind.UPGRADE, RegistrationKind.REEVALUATION}:
        previous = Registration.objects.filter(product=product, status=S.DECIDED).order_by("-created_at", "-id").first()
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
    ensure_can(by, "edit")
    _ensure_editable(registration)
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


# ---------------------------------------------------------------- self-assessment (Mẫu 02)


@transaction.atomic
def selfassessment_save(*, registration: Registration, answers: dict[int, int | str | None], by: User) -> int:
    """Save the producer's choice per criterion. `answers` maps criterion id → option id, "yes"/"no" for a
    yes/no criterion, or None (nothing applies: 0 points). Returns the new total."""
    ensure_can(by, "edit")
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
    _ensure_editable(registration, criteria=changed)
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
    return sum(a.points for a in registration.answers.all())


# ---------------------------------------------------------------- documents


def _detect(uploaded_file) -> str:
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    guess = filetype.guess(head)
    return guess.mime if guess else ""


def _safe_name(name: str) -> str:
    path = PurePath(name or "tep")
    stem = slugify(path.stem)[:80] or "tep"
    suffix = slugify(path.suffix.lstrip("."))[:10]
    return f"{stem}.{suffix}" if suffix else stem


@transaction.atomic
def document_upload(
    *,
    registration: Registration,
    kind: str,
    uploaded_file,
    by: User,
    criterion: Criterion | None = None,
    note: str = "",
) -> DossierDocument:
    """Store one evidence file privately, after checking its real type (by content), its size and the
    dossier's state. If the row cannot be saved, the stored file is removed: nothing is half-saved."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Loại tài liệu không hợp lệ.")})
    # Lock and re-read: the status the page showed may have moved on (submitted, frozen) meanwhile.
    registration = Registration.objects.select_for_update().select_related("commune").get(pk=registration.pk)
    if kind in OFFICER_ONLY_KINDS:
        if by.is_read_only or by.role not in PROVINCE_SIDE:
            raise PermissionDenied
        if registration.status != S.ADVISORY_REVIEW:
            raise ValidationError(_("Chỉ đính kèm biên bản, kết quả kiểm nghiệm khi Tổ tư vấn đang xem xét."))
    else:
        ensure_can(by, "edit")
        _ensure_editable(registration, document_kind=kind, criterion_id=criterion.pk if criterion else None)
    if (
        criterion is not None
        and not Criterion.objects.filter(pk=criterion.pk, group__part__scorecard_id=registration.scorecard_id).exists()
    ):
        raise ValidationError({"criterion": _("Tiêu chí không thuộc phiếu đánh giá của hồ sơ.")})

    size = uploaded_file.size or 0
    cap = settings.OCOP_MAX_UPLOAD_BYTES
    if size <= 0:
        raise ValidationError({"file": _("Tệp rỗng.")})
    if size > cap:
        raise ValidationError({"file": _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": cap // (1024 * 1024)}})
    mime = _detect(uploaded_file)
    allowed = {PDF, JPEG, PNG} | ({DOCX, XLSX} if kind in OFFICE_DOCUMENT_KINDS else set())
    if mime not in allowed:
        raise ValidationError(
            {
                "file": _("Chỉ nhận tệp PDF, JPEG, PNG%(office)s; nội dung tệp này không hợp lệ.")
                % {"office": _(", DOCX, XLSX") if kind in OFFICE_DOCUMENT_KINDS else ""}
            }
        )
    suffix = PurePath(uploaded_file.name or "").suffix.lower()
    if suffix not in EXTENSIONS[mime]:
        raise ValidationError({"file": _("Phần mở rộng của tệp không khớp với nội dung (%(mime)s).") % {"mime": mime}})

    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():  # a temp file above FILE_UPLOAD_MAX_MEMORY_SIZE: never all in memory
        digest.update(chunk)
    uploaded_file.seek(0)
    name = f"dossiers/{registration.pk}/{secrets.token_urlsafe(16)}/{_safe_name(uploaded_file.name)}"
    stored = default_storage.save(name, uploaded_file)
    try:
        with transaction.atomic():
            document = DossierDocument(
                registration=registration,
                kind=kind,
                criterion=criterion,
                file=stored,
                original_name=(uploaded_file.name or "tep")[:255],
                sha256=digest.hexdigest(),
                size=size,
                content_type=mime,
                note=note,
                uploaded_by=by,
            )
            document.full_clean()
            document.save()
            audit_record(
                actor=by,
                action="registration.document_upload",
                target=registration,
                changes={"document": document.pk, "kind": kind, "sha256": document.sha256, "size": size},
            )
    except BaseException:
        default_storage.delete(stored)
        raise
    return document


def documents_upload_many(
    *, registration: Registration, files: list[tuple[str, object]], by: User
) -> tuple[list[DossierDocument], list[dict]]:
    """Several files at once (a producer's eight required documents in one go). Each goes through
    `document_upload` on its own, with the same checks and its own transaction: a refused file is returned with
    its name, kind and reasons and does not hold back the others. A permission refusal stops the whole batch."""
    saved, refused = [], []
    for kind, uploaded_file in files:
        try:
            saved.append(document_upload(registration=registration, kind=kind, uploaded_file=uploaded_file, by=by))
        except ValidationError as exc:
            refused.append({"name": uploaded_file.name or "", "kind": kind, "reasons": exc.messages})
    return saved, refused


@transaction.atomic
def document_delete(*, document: DossierDocument, by: User) -> None:
    registration = Registration.objects.select_for_update().get(pk=document.registration_id)
    if document.kind in OFFICER_ONLY_KINDS:
        raise ValidationError(_("Không xoá biên bản của Tổ tư vấn."))
    ensure_can(by, "edit")
    _ensure_editable(registration, document_kind=document.kind, criterion_id=document.criterion_id)
    if registration.status == S.SUPPLEMENT_REQUESTED:
        request = open_supplement(registration)
        if request is None or document.uploaded_at < request.requested_at:
            raise ValidationError(_("Khi bổ sung, chỉ xoá được tài liệu vừa tải lên."))
    name, pk = document.file.name, document.pk
    document.delete()
    audit_record(
        actor=by,
        action="registration.document_delete",
        target=registration,
        changes={"document": pk, "name": document.original_name},
    )
    # Copies made for a re-evaluation share the stored file: remove it only when no row points at it.
    if not DossierDocument.objects.filter(file=name).exists():
        transaction.on_commit(lambda: default_storage.delete(name))


# ---------------------------------------------------------------- checks before submitting


def missing_documents(registration: Registration) -> list[str]:
    present = set(registration.documents.values_list("kind", flat=True))
    return [k for k in CHECKLIST[registration.kind] if k not in present]


def unanswered_criteria(registration: Registration) -> list[str]:
    if registration.scorecard_id is None:
        return []
    answered = registration.answers.values("criterion_id")
    return list(
        Criterion.objects.filter(group__part__scorecard_id=registration.scorecard_id)
        .exclude(pk__in=answered)
        .values_list("number", flat=True)
    )


def _allocate_form_number(registration: Registration) -> str:
    number = counter_next(f"form-number:{registration.commune_id}:{registration.year}")
    province = registration.commune.parent
    return f"{number:03d}/PĐK-{province.code if province else ''}-{registration.commune.code}-{registration.year}"


# ---------------------------------------------------------------- transitions


@transaction.atomic
def registration_submit(*, registration: Registration, by: User) -> Registration:
    """DRAFT or RETURNED → SUBMITTED: the commune has 15 working days from today (D26 Điều 7.2)."""
    ensure_can(by, "submit")
    if registration.status not in EDITABLE:
        raise ValidationError(
            _("Không thể nộp khi hồ sơ đang ở trạng thái “%(s)s”.") % {"s": registration.get_status_display()}
        )
    errors = []
    if registration.kind in {RegistrationKind.FIRST, RegistrationKind.UPGRADE} and registration.round_id is None:
        errors.append(_("Chưa chọn đợt đánh giá."))
    if registration.round_id is not None and registration.round.status not in {RoundStatus.PLANNED, RoundStatus.OPEN}:
        errors.append(_("Đợt đánh giá “%(r)s” không còn nhận hồ sơ: hãy chọn đợt khác.") % {"r": registration.round})
    if registration.scorecard_id is None:
        errors.append(_("Chưa có phiếu đánh giá cho bộ sản phẩm này."))
    missing = missing_documents(registration)
    if missing:
        labels = ", ".join(str(DocumentKind(k).label) for k in missing)
        errors.append(_("Còn thiếu tài liệu: %(list)s.") % {"list": labels})
    unanswered = unanswered_criteria(registration)
    if unanswered:
        errors.append(_("Chưa tự đánh giá các tiêu chí: %(list)s.") % {"list": ", ".join(unanswered)})
    if registration.kind == RegistrationKind.REEVALUATION:
        error = reevaluation_window_error(reevaluation_window_state(product_id=registration.product_id))
        if error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    fields = {
        "submitted_at": timezone.now(),
        "commune_due_on": add_working_days(today, COMMUNE_CHECK_WORKING_DAYS),
        "commune_overdue_notified_at": None,  # a new deadline, so a new notice if it is missed
    }
    if not registration.form_number:
        fields["form_number"] = _allocate_form_number(registration)
    registration = _move(registration, from_=EDITABLE, to=S.SUBMITTED, by=by, action="registration.submit", **fields)
    _announce(
        registration,
        "submitted",
        "commune",
        _("Hồ sơ “%(p)s” đã nộp, chờ UBND xã kiểm tra trước %(d)s.")
        % {"p": registration.product.name, "d": registration.commune_due_on.strftime("%d/%m/%Y")},
    )
    return registration


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
) -> CommuneReport:
    """Mẫu 03: the commune's assessment of the four local contents, while it checks the dossier; with the
    product-name check and the samples received (Điều 6.2d)."""
    ensure_can(by, "commune_report")
    if registration.status != S.SUBMITTED:
        raise ValidationError(_("Chỉ lập Mẫu 03 khi hồ sơ đang chờ UBND xã kiểm tra."))
    if samples_received_on is not None and samples_received_on > timezone.localdate():
        raise ValidationError({"samples_received_on": _("Ngày nhận mẫu không thể ở tương lai.")})
    report = CommuneReport.objects.filter(registration=registration).first() or CommuneReport(registration=registration)
    fields = [
        "dossier_complete",
        "local_raw_material",
        "local_labour",
        "idea_origin",
        "local_identity",
        "proposal",
        "name_consistent",
        "samples_received",
        "samples_received_on",
    ]
    before = {f: getattr(report, f) for f in fields}
    report.name_consistent = name_consistent
    report.samples_received = samples_received or 0
    report.samples_received_on = samples_received_on
    report.dossier_complete = dossier_complete
    report.local_raw_material = local_raw_material
    report.local_labour = local_labour
    report.idea_origin = idea_origin
    report.local_identity = local_identity
    report.proposal = proposal
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


@transaction.atomic
def registration_forward(*, registration: Registration, by: User) -> Registration:
    """SUBMITTED → FORWARDED: the commune sends the dossier with its Mẫu 03 to the province."""
    ensure_can(by, "forward")
    report = CommuneReport.objects.filter(registration=registration).first()
    if registration.status == S.SUBMITTED:
        if report is None:
            raise ValidationError(_("Cần lập báo cáo đánh giá của UBND xã (Mẫu 03) trước khi chuyển cấp tỉnh."))
        if report.proposal != CommuneProposal.FORWARD:
            raise ValidationError(
                _(
                    "Mẫu 03 đề xuất trả lại hồ sơ, không đề nghị chuyển cấp tỉnh: hãy trả lại hồ sơ để chủ thể "
                    "hoàn thiện, hoặc sửa đề xuất trong Mẫu 03."
                )
            )
        if not report.dossier_complete:
            raise ValidationError(
                _(
                    "Mẫu 03 chưa xác nhận “Hồ sơ đầy đủ, hợp lệ”: sửa Mẫu 03 và đánh dấu ô này nếu hồ sơ đã đủ, "
                    "nếu chưa thì trả lại hồ sơ để chủ thể hoàn thiện."
                )
            )
        problems = []
        if not report.name_consistent:
            problems.append(
                _(
                    "Chưa xác nhận tên sản phẩm thống nhất trên Mẫu 01, Mẫu 02, nhãn và phiếu kiểm nghiệm "
                    "(nếu tên khác nhau, trả lại hồ sơ để chủ thể sửa)."
                )
            )
        needed = samples_required(registration)
        if report.samples_received < needed:
            problems.append(
                _("Chưa nhận đủ %(n)s sản phẩm mẫu (Điều 6.2d): mới nhận %(got)s.")
                % {"n": needed, "got": report.samples_received}
            )
        if problems:
            raise ValidationError(problems)
    now = timezone.now()
    registration = _move(
        registration,
        from_=[S.SUBMITTED],
        to=S.FORWARDED,
        by=by,
        action="registration.forward",
        forwarded_at=now,
        commune_checked_at=now,
        **reevaluation_clock(registration),
    )
    _announce(
        registration,
        "forwarded",
        "province",
        _("UBND xã đã chuyển hồ sơ “%(p)s” lên cấp tỉnh.") % {"p": registration.product.name},
    )
    _announce(
        registration,
        "forwarded",
        "producer",
        _("Hồ sơ “%(p)s” đã được chuyển lên cấp tỉnh.") % {"p": registration.product.name},
    )
    return registration


def reevaluation_clock(registration: Registration, *, today: dt.date | None = None) -> dict:
    """D26 Điều 7.6g: a re-evaluation takes at most 45 days "kể từ ngày nhận đủ hồ sơ đề nghị của UBND cấp xã hoặc
    UBND cấp tỉnh". Interpretation: the clock (re)starts when the province receives the commune's dossier, again when
    a supplement the province asked for arrives (only then is the dossier complete), and when the ministry receives
    the province's dossier of a 5★ product. Calendar days (the article says "ngày", not "ngày làm việc").
    Returns the fields to write (nothing for a first evaluation)."""
    if registration.kind != RegistrationKind.REEVALUATION:
        return {}
    today = today or timezone.localdate()
    return {
        "reevaluation_due_on": today + dt.timedelta(days=REEVALUATION_DAYS),
        "reevaluation_overdue_notified_at": None,  # a new deadline, so a new notice if it is missed
    }


def samples_required(registration: Registration) -> int:
    """Sản phẩm mẫu sent to the province with the dossier: 5, none for a tourism service (Điều 6.2d)."""
    return 0 if registration.product.product_set.is_tourism else SAMPLES_REQUIRED


def _stage_check(registration: Registration, by: User, commune_action: str, province_action: str) -> list[str]:
    """The statuses `by` may act from: the commune while it checks, the province afterwards."""
    if registration.status == S.SUBMITTED:
        ensure_can(by, commune_action)
        return [S.SUBMITTED]
    ensure_can(by, province_action)
    return [S.FORWARDED, S.ADVISORY_REVIEW]


@transaction.atomic
def registration_return(*, registration: Registration, by: User, reason: str) -> Registration:
    """SUBMITTED (commune) or FORWARDED (province completeness check) → RETURNED, with a reason; the
    producer completes the dossier and submits again."""
    reason = _require_reason(reason)
    if registration.status == S.SUBMITTED:
        ensure_can(by, "commune_return")
        from_ = [S.SUBMITTED]
    else:
        ensure_can(by, "province_return")
        from_ = [S.FORWARDED]
    registration = _move(registration, from_=from_, to=S.RETURNED, by=by, action="registration.return", reason=reason)
    _announce(
        registration,
        "returned",
        "producer",
        _("Hồ sơ “%(p)s” bị trả lại: %(r)s") % {"p": registration.product.name, "r": reason},
    )
    return registration


@transaction.atomic
def registration_reject(*, registration: Registration, by: User, reason: str) -> Registration:
    """→ REJECTED with a reason: by the commune while it checks, by the province until the council."""
    reason = _require_reason(reason)
    from_ = _stage_check(registration, by, "commune_reject", "reject")
    registration = _move(registration, from_=from_, to=S.REJECTED, by=by, action="registration.reject", reason=reason)
    _announce(
        registration,
        "rejected",
        "producer",
        _("Hồ sơ “%(p)s” bị từ chối: %(r)s") % {"p": registration.product.name, "r": reason},
    )
    return registration


@transaction.atomic
def registration_eliminate(*, registration: Registration, by: User, reason: str) -> Registration:
    """FORWARDED / ADVISORY_REVIEW → ELIMINATED: a knock-out found on review (forged dossier, …)."""
    reason = _require_reason(reason)
    ensure_can(by, "eliminate")
    registration = _move(
        registration,
        from_=[S.FORWARDED, S.ADVISORY_REVIEW],
        to=S.ELIMINATED,
        by=by,
        action="registration.eliminate",
        reason=reason,
        # Told to the producer now, with its reason: nothing is left to announce.
        result_notified_at=timezone.now(),
        result_notified_status=S.ELIMINATED,
    )
    _announce(
        registration,
        "eliminated",
        "producer",
        _("Hồ sơ “%(p)s” bị loại: %(r)s") % {"p": registration.product.name, "r": reason},
    )
    return registration


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


@transaction.atomic
def registration_send_back_to_province(*, registration: Registration, by: User, reason: str) -> Registration:
    """SCORED / NOT_RECOGNISED → READY_FOR_COUNCIL: the central council's result is below 90, and instead of a 3★/4★
    decision on it the dossier goes back for a new evaluation by the provincial council (Điều 7.4g, second option).
    The central result stays on record but no decision can recognise it any more (a newer result supersedes it)."""
    reason = _require_reason(reason)
    ensure_can(by, "send_back")
    if not send_back_allowed(registration):
        raise ValidationError(
            _(
                "Chỉ hồ sơ có kết quả của Hội đồng cấp trung ương dưới 90 điểm, chưa có quyết định, được đánh giá lại cấp tỉnh."
            )
        )
    registration = _move(
        registration,
        from_=[S.SCORED, S.NOT_RECOGNISED],
        to=S.READY_FOR_COUNCIL,
        by=by,
        action="registration.send_back_to_province",
        reason=reason,
    )
    message = _("Hồ sơ “%(p)s” được chuyển về Hội đồng cấp tỉnh để đánh giá lại (Điều 7.4g): %(r)s") % {
        "p": registration.product.name,
        "r": reason,
    }
    _announce(registration, "sent_back", "province", message)
    _announce(registration, "sent_back", "producer", message)
    return registration


WITHDRAWABLE = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.FORWARDED, S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED]


@transaction.atomic
def registration_withdraw(*, registration: Registration, by: User, reason: str) -> Registration:
    reason = _require_reason(reason)
    ensure_can(by, "withdraw")
    # Withdrawing is the producer's decision; an officer records it only for a paper dossier it typed in
    # on the producer's behalf (otherwise officers return, reject or eliminate, with their own reasons).
    officer = by.role not in {Role.PRODUCER, Role.ADMIN} and not by.is_superuser
    if officer and not registration.entered_by_officer:
        raise PermissionDenied
    was = registration.status
    registration = _move(
        registration, from_=WITHDRAWABLE, to=S.WITHDRAWN, by=by, action="registration.withdraw", reason=reason
    )
    if was != S.DRAFT:
        _announce(
            registration,
            "withdrawn",
            "commune" if was == S.SUBMITTED else "province",
            _("Chủ thể đã rút hồ sơ “%(p)s”: %(r)s") % {"p": registration.product.name, "r": reason},
        )
    return registration


@transaction.atomic
def registration_start_review(*, registration: Registration, by: User) -> Registration:
    """FORWARDED → ADVISORY_REVIEW: the provincial agency accepts the dossier for the Tổ tư vấn."""
    ensure_can(by, "start_review")
    registration = _move(
        registration, from_=[S.FORWARDED], to=S.ADVISORY_REVIEW, by=by, action="registration.start_review"
    )
    _announce(
        registration,
        "advisory_review",
        "producer",
        _("Cơ quan OCOP tỉnh đã tiếp nhận hồ sơ “%(p)s”; Tổ tư vấn đang xem xét.") % {"p": registration.product.name},
    )
    return registration


@transaction.atomic
def registration_request_supplement(
    *,
    registration: Registration,
    by: User,
    reason: str,
    document_kinds: Iterable[str] = (),
    criteria: Iterable[Criterion] = (),
) -> SupplementRequest:
    """ADVISORY_REVIEW → SUPPLEMENT_REQUESTED. The reason is mandatory and the items asked bound what the
    producer may change."""
    ensure_can(by, "request_supplement")
    reason = _require_reason(reason)
    document_kinds = [k for k in document_kinds if k]
    criteria = list(criteria)
    if any(k not in DocumentKind.values or k in OFFICER_ONLY_KINDS for k in document_kinds):
        raise ValidationError({"document_kinds": _("Loại tài liệu không hợp lệ.")})
    if not document_kinds and not criteria:
        raise ValidationError(_("Nêu ít nhất một tài liệu hoặc tiêu chí cần bổ sung."))
    on_card = set(
        Criterion.objects.filter(group__part__scorecard_id=registration.scorecard_id).values_list("pk", flat=True)
    )
    if any(c.pk not in on_card for c in criteria):
        raise ValidationError({"criteria": _("Tiêu chí không thuộc phiếu đánh giá của hồ sơ.")})
    registration = _move(
        registration,
        from_=[S.ADVISORY_REVIEW],
        to=S.SUPPLEMENT_REQUESTED,
        by=by,
        action="registration.request_supplement",
        reason=reason,
    )
    request = SupplementRequest(
        registration=registration, reason=reason, document_kinds=document_kinds, requested_by=by
    )
    request.full_clean()
    request.save()
    request.criteria.set(criteria)
    _announce(
        registration,
        "supplement_requested",
        "producer",
        _("Tổ tư vấn yêu cầu bổ sung hồ sơ “%(p)s”: %(r)s") % {"p": registration.product.name, "r": reason},
    )
    return request


@transaction.atomic
def registration_supply_supplement(*, registration: Registration, by: User, note: str = "") -> Registration:
    """SUPPLEMENT_REQUESTED → ADVISORY_REVIEW once every document asked for has a new upload."""
    ensure_can(by, "supply")
    request = open_supplement(registration)
    if registration.status == S.SUPPLEMENT_REQUESTED and request is not None:
        fresh = set(registration.documents.filter(uploaded_at__gte=request.requested_at).values_list("kind", flat=True))
        missing = [k for k in request.document_kinds if k not in fresh]
        if missing:
            raise ValidationError(
                _("Còn thiếu tài liệu bổ sung: %(list)s.")
                % {"list": ", ".join(str(DocumentKind(k).label) for k in missing)}
            )
    registration = _move(
        registration,
        from_=[S.SUPPLEMENT_REQUESTED],
        to=S.ADVISORY_REVIEW,
        by=by,
        action="registration.supply_supplement",
        **reevaluation_clock(registration),
    )
    if request is not None:
        SupplementRequest.objects.filter(pk=request.pk).update(resolved_at=timezone.now(), response_note=note)
    _announce(
        registration,
        "supplement_supplied",
        "province",
        _("Chủ thể đã bổ sung hồ sơ “%(p)s”.") % {"p": registration.product.name},
    )
    return registration


@transaction.atomic
def sitevisit_record(
    *, registration: Registration, by: User, visited_on: dt.date, participants: str, findings: str
) -> SiteVisit:
    ensure_can(by, "site_visit")
    if registration.status not in {S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED}:
        raise ValidationError(_("Chỉ ghi biên bản khảo sát khi Tổ tư vấn đang xem xét hồ sơ."))
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("Ngày khảo sát không thể ở tương lai.")})
    visit = SiteVisit(
        registration=registration, visited_on=visited_on, participants=participants, findings=findings, recorded_by=by
    )
    visit.full_clean()
    visit.save()
    audit_record(
        actor=by,
        action="registration.site_visit",
        target=registration,
        changes={"site_visit": visit.pk, "visited_on": visited_on.isoformat()},
    )
    return visit


@transaction.atomic
def testrequest_create(
    *, registration: Registration, by: User, indicators: str, laboratory: str = "", reason: str = ""
) -> TestRequest:
    ensure_can(by, "test_request")
    if registration.status not in {S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED}:
        raise ValidationError(_("Chỉ đề nghị kiểm nghiệm bổ sung khi Tổ tư vấn đang xem xét hồ sơ."))
    test_request = TestRequest(
        registration=registration, indicators=indicators, laboratory=laboratory, reason=reason, requested_by=by
    )
    test_request.full_clean()
    test_request.save()
    audit_record(
        actor=by, action="registration.test_request", target=registration, changes={"test_request": test_request.pk}
    )
    _announce(
        registration,
        "test_requested",
        "producer",
        _("Tổ tư vấn đề nghị kiểm nghiệm bổ sung cho “%(p)s”: %(i)s")
        % {"p": registration.product.name, "i": indicators},
    )
    return test_request


@transaction.atomic
def testrequest_complete(*, test_request: TestRequest, by: User, result_note: str) -> TestRequest:
    ensure_can(by, "test_request")
    result_note = (result_note or "").strip()
    if not result_note:
        raise ValidationError({"result_note": _("Nhập kết quả kiểm nghiệm.")})
    moved = TestRequest.objects.filter(pk=test_request.pk, completed_at__isnull=True).update(
        completed_at=timezone.now(), result_note=result_note
    )
    if moved != 1:
        raise ValidationError(_("Đề nghị kiểm nghiệm này đã có kết quả."))
    test_request.refresh_from_db()
    audit_record(
        actor=by,
        action="registration.test_result",
        target=test_request.registration,
        changes={"test_request": test_request.pk},
    )
    return test_request


@transaction.atomic
def registration_mark_ready(*, registration: Registration, by: User) -> Registration:
    """ADVISORY_REVIEW → READY_FOR_COUNCIL, once no supplement or extra test is pending."""
    ensure_can(by, "mark_ready")
    if registration.status == S.ADVISORY_REVIEW:
        if registration.test_requests.filter(completed_at__isnull=True).exists():
            raise ValidationError(_("Còn đề nghị kiểm nghiệm bổ sung chưa có kết quả."))
        if open_supplement(registration) is not None:
            raise ValidationError(_("Còn yêu cầu bổ sung chưa được đáp ứng."))
    registration = _move(
        registration,
        from_=[S.ADVISORY_REVIEW],
        to=S.READY_FOR_COUNCIL,
        by=by,
        action="registration.mark_ready",
        ready_at=timezone.now(),
    )
    _announce(
        registration,
        "ready_for_council",
        "producer",
        _("Hồ sơ “%(p)s” đã sẵn sàng trình Hội đồng đánh giá, phân hạng.") % {"p": registration.product.name},
    )
    return registration


def registrations_notify_overdue(*, today: dt.date | None = None) -> int:
    """The daily sweep: tell the commune (and the provincial agency) once about each dossier whose 15 working
    days have passed without a check, and the provincial agency once about each re-evaluation past its 45 days
    (D26 Điều 7.6g). Each row is claimed by compare-and-swap before anything is sent, so a
    retry, a second worker or a manual rerun sends one notice. Returns how many were sent."""
    today = today or timezone.localdate()
    commune = _overdue_sweep(
        due=Q(status=S.SUBMITTED, commune_due_on__lt=today),
        due_field="commune_due_on",
        stamp_field="commune_overdue_notified_at",
        event="commune_overdue",
        audiences=("commune", "province"),
        message=_("Quá hạn UBND xã kiểm tra hồ sơ “%(p)s” (hạn %(d)s)."),
    )
    reevaluation = _overdue_sweep(
        due=Q(kind=RegistrationKind.REEVALUATION, status__in=REEVALUATION_RUNNING, reevaluation_due_on__lt=today),
        due_field="reevaluation_due_on",
        stamp_field="reevaluation_overdue_notified_at",
        event="reevaluation_overdue",
        audiences=("province",),
        message=_("Quá hạn 45 ngày đánh giá lại sản phẩm “%(p)s” (hạn %(d)s, Điều 7.6g)."),
    )
    return commune + reevaluation


def _overdue_sweep(*, due: Q, due_field: str, stamp_field: str, event: str, audiences: tuple, message: str) -> int:
    """Announce once each dossier matching `due` whose `stamp_field` is unset: the row is claimed by
    compare-and-swap (the stamp) before anything is sent, in its own transaction."""
    unsent = Q(due, **{f"{stamp_field}__isnull": True})
    sent = 0
    for pk in list(Registration.objects.filter(unsent).values_list("pk", flat=True).iterator()):
        with transaction.atomic():
            claimed = Registration.objects.filter(unsent, pk=pk).update(**{stamp_field: timezone.now()})
            if claimed != 1:
                continue
            registration = Registration.objects.select_related("product", "commune").get(pk=pk)
            due_on = getattr(registration, due_field)
            text = message % {"p": registration.product.name, "d": due_on.strftime("%d/%m/%Y")}
            for audience in audiences:
                _announce(registration, event, audience, text)
            audit_record(
                actor=None,
                action=f"registration.{event}",
                target=registration,
                changes={due_field: due_on.isoformat()},
            )
            sent += 1
    return sent


# ---------------------------------------------------------------- the result told to the producer


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
    if status in {S.DRAFT, S.RETURNED, S.SUPPLEMENT_REQUESTED}:
        css = "text-bg-warning"
    elif status in {S.READY_FOR_COUNCIL, S.DECIDED}:
        css = "text-bg-success"
    elif status in {S.REJECTED, S.ELIMINATED, S.WITHDRAWN, S.NOT_RECOGNISED}:
        css = "text-bg-secondary"
    else:
        css = "text-bg-primary"
    return {
        "code": status,
        "label": registration.get_status_display(),
        "css": css,
        "waiting_for": registration.waiting_for,
        "masked": False,
    }


def latest_result(registration: Registration):
    from ..models import CouncilResult

    return CouncilResult.objects.filter(registration=registration).order_by("-decided_at", "-id").first()


def result_notice_text(registration: Registration, result) -> str:
    """The written notice (D26 Điều 7.3g): the outcome, the mean score, the star, the unmet minimum markers."""
    product = registration.product.name
    if registration.status == S.FORWARDED_TO_CENTRAL:
        head = _(
            "Sản phẩm “%(p)s” được Hội đồng cấp tỉnh đánh giá đạt %(m)s điểm, tiềm năng 5 sao; hồ sơ đã được chuyển "
            "Bộ Nông nghiệp và Môi trường để Hội đồng cấp trung ương đánh giá, phân hạng."
        )
    elif registration.status == S.ELIMINATED:
        head = _("Hồ sơ sản phẩm “%(p)s” bị Hội đồng đánh giá, phân hạng loại (điểm trung bình %(m)s).")
    else:
        head = _(
            "Sản phẩm “%(p)s” không đủ điều kiện công nhận sản phẩm OCOP: điểm trung bình của Hội đồng là %(m)s "
            "điểm, tương ứng %(s)s sao (công nhận từ 3 sao)."
        )
    lines = [head % {"p": product, "m": format_points(result.mean_score), "s": result.final_star}]
    for reason in result.knockouts or []:
        lines.append(_("Lý do loại: %(r)s") % {"r": reason})
    for marker in result.failed_markers or []:
        lines.append(
            _("Tiêu chí %(c)s: cần tối thiểu %(r)s điểm để đạt %(s)s sao, Hội đồng chấm trung bình %(p)s điểm.")
            % {
                "c": marker.get("criterion"),
                "r": marker.get("required_points"),
                "s": marker.get("min_star"),
                "p": format_points(marker.get("points")),
            }
        )
    return "\n".join(str(line) for line in lines)


def can_notify_result(user: User, registration: Registration, result=None) -> bool:
    """Province officers tell the results of their province's council, central officers those of the central one."""
    from ..permissions.registrations import can_do

    if not can_do(user, "notify_result") or registration.status not in RESULT_NOTIFIABLE:
        return False
    if registration.result_announced:
        return False
    result = result if result is not None else latest_result(registration)
    if result is None:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role == (Role.CENTRAL_OFFICER if result.level == Level.CENTRAL else Role.PROVINCE_OFFICER)


@transaction.atomic
def registration_notify_result(*, registration: Registration, by: User) -> Registration:
    """Tell the producer in writing the council's result that no decision announces (D26 Điều 7.3g): not
    recognised, eliminated, or potential five stars forwarded to the ministry. Once per outcome."""
    ensure_can(by, "notify_result")
    registration = Registration.objects.select_related("product__producer").get(pk=registration.pk)
    if registration.status == S.SCORED:
        raise ValidationError(_("Sản phẩm đạt được công bố bằng quyết định công nhận, không gửi thông báo riêng."))
    if registration.status not in RESULT_NOTIFIABLE:
        raise ValidationError(
            _("Không thể thông báo kết quả khi hồ sơ đang ở trạng thái “%(s)s”.")
            % {"s": registration.get_status_display()}
        )
    result = latest_result(registration)
    if result is None:
        raise ValidationError(_("Hồ sơ chưa có kết quả của Hội đồng."))
    if not can_notify_result(by, registration, result):
        if registration.result_announced:
            raise ValidationError(_("Kết quả này đã được thông báo cho chủ thể."))
        raise PermissionDenied
    status = registration.status
    now = timezone.now()
    claimed = (
        Registration.objects.filter(pk=registration.pk, status=status)
        .exclude(result_notified_status=status)
        .update(result_notified_at=now, result_notified_status=status, updated_at=now)
    )
    if claimed != 1:  # a second click or another officer got there first
        raise ValidationError(_("Kết quả này đã được thông báo cho chủ thể."))
    registration.refresh_from_db()
    text = result_notice_text(registration, result)
    audit_record(
        actor=by,
        action="registration.notify_result",
        target=registration,
        summary=text[:200],
        changes={"status": status, "mean": str(result.mean_score), "star": result.final_star, "result": result.pk},
    )
    # The product's own status may now show the announced outcome (products derives it from registrations).
    product_refresh_status(product=registration.product)
    users = _recipients(registration, "producer")
    notify(users=users, message=text, url=reverse("evaluation:registration_detail", args=[registration.pk]))
    user_ids = [u.pk for u in users if u.email]
    if user_ids:
        from ..tasks import registration_result_email_task

        outbox_enqueue(task=registration_result_email_task, args=[registration.pk, result.pk, user_ids, text])
    return registration
