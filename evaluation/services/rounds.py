"""Writes for evaluation rounds (D26 Điều 5): planned by a province (or the ministry), then moved one step at a time."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.choices import Role
from ocop.edits import edit_changes, moved_on_refusal
from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, duplicates_refused, model_changes, notify_each, outbox_enqueue_many
from ocop.text import nfc

from ..choices import Level, RegistrationStatus
from ..models import CriteriaVersion, EvaluationRound, Registration, RoundStatus
from ..permissions.registrations import can_manage_round
from ..selectors.dossier import criteria_version_in_force
from ..workflow import EDITABLE
from .round_calendar import round_calendar_errors, round_default_dates

S = RegistrationStatus


def round_criteria_version(*, proposals_due: dt.date) -> CriteriaVersion:
    """The criteria version the new dossiers of a round take, so the round's own: the one in force on its proposals
    deadline (`criteria_version_in_force`, the rule a new dossier is bound by), or today if that deadline has passed,
    as a dossier filed now into a late round is bound to the version in force now."""
    return criteria_version_in_force(max(proposals_due, timezone.localdate()))


def round_criteria_choices() -> QuerySet[CriteriaVersion]:
    """The versions a round planned today may take: the one new dossiers take today and any taking effect later
    (a round whose proposals close after it). Legacy versions, kept for old records, never."""
    today = timezone.localdate()
    later = CriteriaVersion.objects.filter(effective_from__gt=today)
    try:
        return later | CriteriaVersion.objects.filter(pk=criteria_version_in_force(today).pk)
    except ValidationError:  # none in force yet: creating says why
        return later


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
    basis: str = "",
    status: str = RoundStatus.PLANNED,
) -> EvaluationRound:
    """Plan a round. A province officer plans rounds of their own province only; central rounds are the
    ministry's. Missing dates default to the D26 calendar. The dates keep to Điều 5's calendar of the round's level
    and number, and an extra round names its basis (`round_calendar_errors`); the criteria version is the one its
    new dossiers take (`round_criteria_version`): a round naming another would show one set of scorecards while its
    dossiers are scored on another."""
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
    proposals_due, done_by = proposals_due or default_due, done_by or default_done
    basis = nfc(basis or "").strip()
    errors = round_calendar_errors(
        level=level, year=year, number=number, proposals_due=proposals_due, done_by=done_by, basis=basis
    )
    if not errors:
        wanted = round_criteria_version(proposals_due=proposals_due)
        if criteria_version is not None and criteria_version != wanted:
            errors["criteria_version"] = _(
                "Hồ sơ mới của đợt này được chấm theo %(wanted)s: đợt không dùng %(chosen)s được."
            ) % {"wanted": wanted, "chosen": criteria_version}
        criteria_version = wanted
    evaluation_round = EvaluationRound(
        level=level,
        unit=unit,
        year=year,
        number=number,
        title=title,
        basis=basis,
        proposals_due=proposals_due,
        done_by=done_by,
        criteria_version=criteria_version,
        status=status,
    )
    _full_clean(evaluation_round, errors, exclude=["criteria_version"] if criteria_version is None else None)
    with duplicates_refused(EvaluationRound):  # the same round planned twice by a double click
        evaluation_round.save()
    audit_record(actor=by, action="round.create", target=evaluation_round, summary=str(evaluation_round))
    return evaluation_round


def _full_clean(evaluation_round: EvaluationRound, errors: dict, exclude=None) -> None:
    """full_clean, its messages said together with `errors` (a date outside the year and dates out of order)."""
    errors = {name: [message] for name, message in errors.items()}
    try:
        evaluation_round.full_clean(exclude=exclude)
    except ValidationError as exc:
        exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


ROUND_FIELDS = ("title", "basis", "proposals_due", "done_by")


@transaction.atomic
def round_update(
    *, evaluation_round: EvaluationRound, by: User, data: dict, seen: dict | None = None
) -> EvaluationRound:
    """Change a round's name or dates (a province extends the time for proposals, say), by its organiser, until it
    is closed. What the person left as their page showed keeps what someone else saved meanwhile (edit_changes).
    A changed date keeps to Điều 5's calendar (`round_calendar_errors`): a regular round's proposals are extended
    within its slot, never past it (later proposals are a later or an extra round's). A new proposals deadline that
    would give the round's new dossiers another criteria version takes the round to it, unless the round has
    dossiers already (they keep theirs)."""
    evaluation_round = EvaluationRound.objects.select_for_update().get(pk=evaluation_round.pk)
    if not can_manage_round(by, evaluation_round):
        raise PermissionDenied
    if evaluation_round.status == RoundStatus.CLOSED:
        raise ValidationError(_("Đợt đánh giá đã kết thúc: không sửa được nữa."))
    fields = edit_changes(record=evaluation_round, data={f: v for f, v in data.items() if f in ROUND_FIELDS}, seen=seen)
    errors = round_calendar_errors(
        level=evaluation_round.level,
        year=evaluation_round.year,
        number=evaluation_round.number,
        **{name: value for name, value in fields.items() if name in {"proposals_due", "done_by", "basis"}},
    )
    if "proposals_due" in fields and "proposals_due" not in errors:
        was = round_criteria_version(proposals_due=evaluation_round.proposals_due)
        wanted = round_criteria_version(proposals_due=fields["proposals_due"])
        if wanted != was and wanted != evaluation_round.criteria_version:
            if Registration.objects.filter(round=evaluation_round).exists():
                errors["proposals_due"] = _(
                    "Đợt đã có hồ sơ theo %(version)s; hồ sơ mới đến hạn này sẽ được chấm theo %(wanted)s. Giữ hạn "
                    "trong thời gian áp dụng %(version)s, hoặc tạo đợt mới."
                ) % {"version": evaluation_round.criteria_version, "wanted": wanted}
            else:
                fields["criteria_version"] = wanted
    before = {name: getattr(evaluation_round, name) for name in fields}
    for name, value in fields.items():
        setattr(evaluation_round, name, nfc(value) if isinstance(value, str) else value)
    _full_clean(evaluation_round, errors)
    changes = model_changes(evaluation_round, before, fields)
    if not changes:
        return evaluation_round
    evaluation_round.save(update_fields=list(changes))
    audit_record(actor=by, action="round.update", target=evaluation_round, changes=changes)
    if "proposals_due" in changes:
        _tell_producers_the_new_deadline(evaluation_round)
    return evaluation_round


def _tell_producers_the_new_deadline(evaluation_round: EvaluationRound) -> None:
    """The producers whose dossier in the round is still theirs to file (a draft, or returned) learn the new
    proposal deadline: a notice with a link to the dossier, and an e-mail once the change commits."""
    from ..tasks import registration_send_email_task

    members = Prefetch("product__producer__members", queryset=User.objects.filter(is_active=True))
    dossiers = (
        Registration.objects.filter(round=evaluation_round, status__in=EDITABLE)
        .select_related("product__producer")
        .prefetch_related(members)
    )
    due = evaluation_round.proposals_due.strftime("%d/%m/%Y")
    notices, mails = [], []
    for registration in dossiers:
        users = list(registration.product.producer.members.all())
        message = Phrase(
            gettext_lazy("Hạn nhận đề nghị của %(round)s nay là %(due)s (hồ sơ %(product)s)."),
            round=str(evaluation_round),
            due=due,
            product=registration.product.name,
        )
        notices.append((users, message, reverse("evaluation:registration_detail", args=[registration.pk])))
        if addressed := [u.pk for u in users if u.email]:
            mails.append(((registration.pk, "deadline_changed", addressed, message.to_json(), registration.status), {}))
    notify_each(notices)
    outbox_enqueue_many(task=registration_send_email_task, calls=mails)


ROUND_ORDER = [RoundStatus.PLANNED, RoundStatus.OPEN, RoundStatus.EVALUATING, RoundStatus.CLOSED]


def round_next_status(evaluation_round: EvaluationRound) -> RoundStatus | None:
    index = ROUND_ORDER.index(evaluation_round.status)
    return ROUND_ORDER[index + 1] if index + 1 < len(ROUND_ORDER) else None


@transaction.atomic
def round_set_status(*, evaluation_round: EvaluationRound, status: str, by: User) -> EvaluationRound:
    """PLANNED → OPEN → EVALUATING → CLOSED, one step at a time, by the round's organiser."""
    if not can_manage_round(by, evaluation_round):
        raise PermissionDenied
    old = evaluation_round.status
    if status != round_next_status(evaluation_round):
        labels = dict(RoundStatus.choices)  # the statuses as the page names them, not their codes
        raise ValidationError(
            _("Không thể chuyển đợt từ “%(a)s” sang “%(b)s”.")
            % {"a": labels.get(old, old), "b": labels.get(status, status)}
        )
    moved = EvaluationRound.objects.filter(pk=evaluation_round.pk, status=old).update(status=status)
    if moved != 1:  # moved between our read and this write: by the other copy of a double click, or by someone else
        raise moved_on_refusal(
            target=evaluation_round,
            by=by,
            action="round.set_status",
            changes={"status": [old, status]},
            fallback=_("Đợt đánh giá vừa được thay đổi; tải lại trang để xem trạng thái mới."),
        )
    evaluation_round.refresh_from_db()
    audit_record(actor=by, action="round.set_status", target=evaluation_round, changes={"status": [old, status]})
    return evaluation_round
