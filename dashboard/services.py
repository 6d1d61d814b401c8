"""Writes of the dashboard app: programme plans and their targets (Điều 10.3a)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.models import Certificate
from evaluation.choices import DISTRICTS_ABOLISHED_ON, OCOP_PROGRAMME_STARTS_ON
from evaluation.services.star_rule import star_band
from ocop.cache import statistics_cache_bump
from ocop.choices import JobKind, UnitLevel
from ocop.edits import EditConflict, change_author, edit_changes, last_change_of
from ocop.models import BackgroundJob, User
from ocop.services import (
    audit_record,
    errors_collected,
    job_claim,
    job_fail,
    job_finish,
    job_language,
    job_progress,
    job_start,
    model_changes,
    stored_files_undone_on_error,
)
from ocop.text import nfc
from ocop.uploads import pdf_upload_check
from ocop.xlsx import XLSX
from products.models import Product
from products.selectors import product_commune_ids

from .choices import HistoricLevel
from .models import HistoricEvaluation, Plan, PlanTarget, ReportSigner
from .permissions import can_record_history, can_remember_report_signer, plan_unit_allowed, unit_current_province
from .reports import report_file_name, report_office_id
from .selectors.plans import plan_target_rows, targets_fingerprint


def plan_document_check(upload) -> None:
    """A plan's document is a PDF (by its content, not its name) within the upload limit."""
    if upload is not None:
        pdf_upload_check(upload, field="document")


# How far ahead of its signing a plan may run: the programme's plans are yearly or for five years (2021–2025,
# 2026–2030), at most for a decade; a period ending later than this is a mistyped year.
PLAN_MAX_YEARS_AHEAD = 10


def plan_dates_check(*, signed_on: dt.date | None, start: dt.date | None, end: dt.date | None) -> None:
    """A plan's dates as an OCOP plan can have them: signed (not a date to come), not before the programme began
    (Quyết định 490/QĐ-TTg of 07/05/2018), for a period that starts no earlier than that year and ends within
    PLAN_MAX_YEARS_AHEAD years of the signing. Each refusal is given next to its field."""
    errors = {}
    programme = OCOP_PROGRAMME_STARTS_ON.strftime("%d/%m/%Y")
    if signed_on is not None:
        if signed_on > timezone.localdate():
            errors["signed_on"] = _("Ngày ban hành không thể sau hôm nay (%(today)s).") % {
                "today": f"{timezone.localdate():%d/%m/%Y}"
            }
        elif signed_on < OCOP_PROGRAMME_STARTS_ON:
            errors["signed_on"] = _(
                "Chương trình OCOP bắt đầu từ ngày %(d)s (Quyết định 490/QĐ-TTg): không có kế hoạch OCOP ban hành "
                "trước ngày này. Kiểm tra lại năm đã nhập."
            ) % {"d": programme}
    if start is not None and start.year < OCOP_PROGRAMME_STARTS_ON.year:
        errors["period_start"] = _(
            "Chương trình OCOP bắt đầu từ năm %(y)s: thời gian thực hiện không thể bắt đầu trước năm này."
        ) % {"y": OCOP_PROGRAMME_STARTS_ON.year}
    signed = signed_on if signed_on is not None and "signed_on" not in errors else timezone.localdate()
    last_year = signed.year + PLAN_MAX_YEARS_AHEAD
    if end is not None and end.year > last_year:
        errors["period_end"] = _(
            "Kế hoạch kết thúc chậm nhất năm %(y)s (%(n)s năm sau năm ban hành). Kiểm tra lại năm đã nhập."
        ) % {"y": last_year, "n": PLAN_MAX_YEARS_AHEAD}
    if errors:
        raise ValidationError(errors)


def plan_update_dates_check(*, plan: Plan, changes: dict) -> None:
    """A correction's dates (plan_dates_check), judged only when one of them is among `changes` (the fields changed;
    None for one a page's form could not read), the others as the plan has them: dates left as they were are not
    judged again."""
    if {"signed_on", "period_start", "period_end"} & set(changes):
        plan_dates_check(
            signed_on=changes.get("signed_on", plan.signed_on),
            start=changes.get("period_start", plan.period_start),
            end=changes.get("period_end", plan.period_end),
        )


def _target_key(row) -> tuple:
    """What a target counts (its metric, stars and sector): two rows counting the same thing are one target typed
    twice, whose figures the report would show side by side and the history as a change."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    sector = get("sector")
    return (get("metric"), get("star"), get("from_star"), getattr(sector, "pk", sector))


def target_duplicates(targets: list, *, existing: list = ()) -> dict[int, int | None]:
    """The positions in `targets` (dicts of PlanTarget fields, or PlanTarget rows) of the rows that count the same
    as an earlier row or as one of `existing` (the plan's targets when rows are added to it), each with the position
    of the first row it repeats, or None when it repeats one of `existing`."""
    seen: dict[tuple, int | None] = {_target_key(row): None for row in existing}
    repeated = {}
    for index, row in enumerate(targets):
        key = _target_key(row)
        if key in seen:
            repeated[index] = seen[key]
        else:
            seen[key] = index
    return repeated


NO_TARGET = gettext_lazy("Kế hoạch cần ít nhất một chỉ tiêu.")


def plan_targets_check(targets) -> None:
    """A plan counts at least one target; refused under `targets` (no field of the plan's form: the plan pages put it
    above the target rows)."""
    if not targets:
        raise ValidationError({"targets": [NO_TARGET]})


DUPLICATE_TARGET = gettext_lazy("Chỉ tiêu này đã có ở một dòng khác của kế hoạch: mỗi chỉ tiêu ghi một lần.")


@transaction.atomic
def plan_create(*, by: User, fields: dict, targets: list[dict], document=None) -> Plan:
    """Record a plan with its targets, all or nothing. The unit must be in the officer's scope (re-checked
    here whatever the form offered)."""
    unit = fields.get("unit")
    if not plan_unit_allowed(by, unit):
        raise PermissionDenied
    # Every refusal at once, each next to its field (a plan with no target was refused before its date to come).
    errors: dict = {}
    province = unit_current_province(unit)
    if province is None:
        errors["unit"] = [_("Không xác định được tỉnh hiện nay của đơn vị này.")]
    with errors_collected(errors):
        plan_targets_check(targets)
    with errors_collected(errors):
        plan_dates_check(
            signed_on=fields.get("signed_on"), start=fields.get("period_start"), end=fields.get("period_end")
        )
    with errors_collected(errors):
        plan_document_check(document)
    plan = Plan(**fields, province=province, created_by=by)
    if document is not None:
        plan.document = document
    with errors_collected(errors):
        plan.full_clean(exclude=["province"] if province is None else None)
    rows = []
    with errors_collected(errors):  # before the document is stored (a refusal leaves no file)
        rows = _targets_checked(targets=targets, first_order=0)
    if errors:
        raise ValidationError(errors)
    # The document is stored with the plan's row: a write that fails after it (the row, its targets, the audit row)
    # takes the file along, instead of leaving it in storage with no plan naming it.
    with stored_files_undone_on_error(plan):
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError:  # two tabs saving the same plan: the unique constraint answers
            raise ValidationError({"number": _("Đơn vị đã có kế hoạch cùng số và ngày ban hành.")}) from None
        _targets_write(plan=plan, rows=rows)
        audit_record(
            actor=by,
            action="plan.create",
            target=plan,
            summary=str(plan),
            changes={"targets": [target.audit_value() for target in rows]},
        )
    statistics_cache_bump(units=[plan.province_id])
    return plan


PLAN_FIELDS = ("unit", "number", "signed_on", "title", "period_start", "period_end")


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    by: User,
    data: dict,
    targets: list[dict],
    seen: dict | None = None,
    targets_shown: str | None = None,
    document=None,
) -> Plan:
    """Correct a recorded plan: its fields, its targets (the rows as the form sends them, replacing the plan's) and,
    when one is given, its document (the former file is kept in storage; the audit row names both). What the person
    left as their page showed keeps what someone else saved meanwhile (`seen`, ocop.edits.edit_changes); the
    targets likewise: `targets_shown` is the fingerprint of the targets the page showed, and rows changed from those
    while someone else changed them too (an Excel import, another officer) are refused with who did it, the page
    then going on from the targets as they are now (EditConflict). All or nothing."""
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if not plan_unit_allowed(by, plan.unit):
        raise PermissionDenied
    fields = edit_changes(record=plan, data={f: v for f, v in data.items() if f in PLAN_FIELDS}, seen=seen)
    if "unit" in fields and not plan_unit_allowed(by, fields["unit"]):
        raise PermissionDenied
    errors: dict = {}  # every refusal at once, each next to its field
    with errors_collected(errors):
        plan_targets_check(targets)
    with errors_collected(errors):
        plan_update_dates_check(plan=plan, changes=fields)
    before = {name: getattr(plan, name) for name in (*fields, "province")}
    for name, value in fields.items():
        setattr(plan, name, nfc(value) if isinstance(value, str) else value)
    province = unit_current_province(plan.unit)
    if province is None:
        errors.setdefault("unit", []).append(_("Không xác định được tỉnh hiện nay của đơn vị này."))
    else:
        plan.province = province
    with errors_collected(errors):
        plan_document_check(document)
    old_document = plan.document.name if plan.document else ""
    if document is not None:
        plan.document = document
    with errors_collected(errors):
        plan.full_clean()
    if errors:
        raise ValidationError(errors)
    changes = model_changes(plan, before, fields)
    # The targets first: a refusal there comes before the new document is written to storage (a file no row names).
    target_changes = _plan_targets_replace(plan=plan, targets=targets, shown=targets_shown)
    if changes or document is not None:  # targets alone leave the plan's row as it is
        try:
            with stored_files_undone_on_error(plan), transaction.atomic():
                plan.save()
        except IntegrityError:
            raise ValidationError({"number": _("Đơn vị đã có kế hoạch cùng số và ngày ban hành.")}) from None
    if document is not None:
        changes["document"] = [old_document or None, plan.document.name]
    changes |= target_changes
    if not changes:
        return plan
    audit_record(actor=by, action="plan.update", target=plan, summary=str(plan), changes=changes)
    statistics_cache_bump(units=sorted({before["province"].pk, plan.province_id}))
    return plan


def _plan_targets_replace(*, plan: Plan, targets: list[dict], shown: str | None) -> dict:
    """The plan's targets become `targets` when the person changed them from what the page showed (`shown`, their
    fingerprint; None from a caller without a page: written); {"targets": [before, after]} for the audit row."""
    current = plan_target_rows(plan)
    wanted, now = targets_fingerprint(targets), targets_fingerprint(current)
    if wanted == now or (shown is not None and wanted == shown):
        return {}  # nothing to write, or the person left the targets as their page showed them
    if shown is not None and now != shown:
        author = change_author(last_change_of(plan, "targets"))
        message = (
            _("%(who)s đã thay đổi các chỉ tiêu lúc %(when)s, sau khi bạn mở trang.") % author
            if author
            else _("Các chỉ tiêu đã được thay đổi sau khi bạn mở trang.")
        )
        listing = "; ".join(str(PlanTarget(**row)) for row in current)
        again = _("Hiện có: %(targets)s. Nếu vẫn giữ các chỉ tiêu bạn nhập, bấm lưu lần nữa.") % {"targets": listing}
        raise EditConflict({"targets": f"{message} {again}"}, {"targets_shown": now})
    plan.targets.all().delete()
    rows = _targets_write(plan=plan, rows=_targets_checked(targets=targets, first_order=0))
    return {"targets": [[PlanTarget(**row).audit_value() for row in current], [row.audit_value() for row in rows]]}


@transaction.atomic
def plan_delete(*, plan: Plan, by: User) -> None:
    if not plan_unit_allowed(by, plan.unit):
        raise PermissionDenied
    audit_record(actor=by, action="plan.delete", target=None, summary=str(plan))
    document = plan.document.name if plan.document else ""
    province_id = plan.province_id
    plan.delete()
    statistics_cache_bump(units=[province_id])
    if document:
        storage = Plan._meta.get_field("document").storage
        transaction.on_commit(lambda: storage.delete(document))


def _targets_checked(*, targets: list[dict], first_order: int, existing: list = ()) -> list[PlanTarget]:
    """The target rows, each checked by the model's rules (they do not depend on the plan, which may not be
    written yet), and none counting the same as another or as one of `existing`; unsaved."""
    rows = [PlanTarget(order=order, **fields) for order, fields in enumerate(targets, start=first_order)]
    for target in rows:
        target.full_clean(exclude=["plan"])
    if target_duplicates(rows, existing=existing):
        raise ValidationError(DUPLICATE_TARGET)
    return rows


def _targets_write(*, plan: Plan, rows: list[PlanTarget]) -> list[PlanTarget]:
    """Write checked target rows (`_targets_checked`) of `plan` together."""
    for target in rows:
        target.plan = plan
    return PlanTarget.objects.bulk_create(rows)


@transaction.atomic
def plan_targets_add(*, plan: Plan, by: User, targets: list[dict]) -> list[PlanTarget]:
    """Add targets to a recorded plan (the Excel import), all or none."""
    if not plan_unit_allowed(by, plan.unit):
        raise PermissionDenied
    if not targets:
        raise ValidationError(_("Tệp không có chỉ tiêu nào."))
    Plan.objects.select_for_update().filter(pk=plan.pk).first()  # two imports at once number their rows in turn
    last = plan.targets.order_by("-order").values_list("order", flat=True).first()
    first = (last + 1) if last is not None else 0
    existing = list(plan.targets.all())
    rows = _targets_write(plan=plan, rows=_targets_checked(targets=targets, first_order=first, existing=existing))
    audit_record(
        actor=by,
        action="plan.targets_add",
        target=plan,
        changes={"targets": [target.audit_value() for target in rows]},
    )
    statistics_cache_bump(units=[plan.province_id])
    return rows


LEVEL_UNIT = {
    HistoricLevel.DISTRICT: {UnitLevel.DISTRICT},
    HistoricLevel.PROVINCE: {UnitLevel.PROVINCE},
    HistoricLevel.MINISTRY: {UnitLevel.PROVINCE},  # the province whose product the ministry evaluated
}


# The unique constraint's message (HistoricEvaluation.Meta), given next to the product when a row repeats one recorded.
ALREADY_RECORDED = gettext_lazy("Sản phẩm này đã có kết quả đánh giá cùng ngày, cùng cấp.")


def historic_evaluation_check(*, by: User, fields: dict) -> HistoricEvaluation:
    """Every rule of one past evaluation, without writing it (the form and each Excel row go through here).
    Raises a ValidationError naming the field at fault."""
    product, unit, day = fields.get("product"), fields.get("unit"), fields.get("evaluated_on")
    if product is None or not Product.objects.for_user(by).filter(pk=product.pk).exists():
        raise ValidationError({"product": _("Không có sản phẩm này trong phạm vi của bạn.")})
    if unit is None or not plan_unit_allowed(by, unit):
        raise ValidationError({"unit": _("Đơn vị này không thuộc phạm vi của bạn.")})
    errors = {}
    level = fields.get("level")
    if level in LEVEL_UNIT and unit.level not in LEVEL_UNIT[level]:
        errors["unit"] = _("Đơn vị không khớp cấp đánh giá (%(level)s).") % {"level": HistoricLevel(level).label}
    if day is not None:
        if day > timezone.localdate():
            errors["evaluated_on"] = _("Ngày đánh giá không thể sau hôm nay (%(today)s).") % {
                "today": f"{timezone.localdate():%d/%m/%Y}"
            }
        elif day < OCOP_PROGRAMME_STARTS_ON:
            errors["evaluated_on"] = _(
                "Chương trình OCOP bắt đầu từ ngày %(d)s (Quyết định 490/QĐ-TTg): không có đánh giá sản phẩm OCOP "
                "trước ngày này. Kiểm tra lại ngày đã nhập."
            ) % {"d": OCOP_PROGRAMME_STARTS_ON.strftime("%d/%m/%Y")}
        elif level == HistoricLevel.DISTRICT and day >= DISTRICTS_ABOLISHED_ON:
            errors["evaluated_on"] = _("Từ 01/07/2025 không còn hội đồng cấp huyện.")
    star_error = historic_star_error(star=fields.get("star"), score=fields.get("mean_score"))
    if star_error:
        errors["star"] = star_error
    if errors:
        raise ValidationError(errors)
    evaluation = HistoricEvaluation(
        product=product,
        evaluated_on=day,
        mean_score=fields.get("mean_score"),
        star=fields.get("star"),
        level=level,
        unit=unit,
        issuer_name=nfc(fields.get("issuer_name") or "").strip() or default_issuer_name(unit),
        note=nfc(fields.get("note") or "").strip(),
        created_by=by,
    )
    evaluation.full_clean(exclude=["product", "unit", "created_by"])
    # Excluding the product leaves out the unique constraint (product, evaluated_on, level): checked here, so that a
    # row recorded before is refused next to its product rather than by the IntegrityError when writing.
    if HistoricEvaluation.objects.filter(product=product, evaluated_on=day, level=level).exists():
        raise ValidationError({"product": ALREADY_RECORDED})
    if day is not None and Certificate.objects.filter(product=product, issued_on=day).exists():
        raise ValidationError(
            {"product": _("Sản phẩm đã có giấy chứng nhận ngày này: một sản phẩm được công nhận không ghi ở đây.")}
        )
    return evaluation


def historic_star_error(*, star: int | None, score) -> str | None:
    """Why a past evaluation's star cannot come from its score, or None. The score gives the band (D26 Điều 3.3;
    1048/2019 and 148/2023 had the same bands); the star-minimum markers may lower the star under its band, never
    raise it, and missing a 3★ minimum still leaves 2★ (star_rule: the highest star whose minimums are met), so a
    band of 2★ or more never gives 1★. 0 ("không xếp hạng": a dossier eliminated) fits any score."""
    if not star or score is None:
        return None
    band = star_band(score)
    if star == band or 2 <= star < band:
        return None
    return _("%(score)s điểm thuộc hạng %(band)s sao (Điều 3.3): không thể đạt %(star)s sao.") % {
        "score": number_format(score),
        "band": band,
        "star": star,
    }


def default_issuer_name(unit) -> str:
    """'UBND huyện Na Rì' from 'Huyện Na Rì': how the round's organiser is written on its documents."""
    return f"UBND {unit.name_in_text}"


@transaction.atomic
def historic_evaluations_record(*, by: User, rows: list[dict]) -> list[HistoricEvaluation]:
    """Record past evaluations that were not recognised, all or none (one from the form, many from Excel)."""
    if not can_record_history(by):
        raise PermissionDenied
    evaluations = [historic_evaluation_check(by=by, fields=row) for row in rows]
    try:
        with transaction.atomic():
            HistoricEvaluation.objects.bulk_create(evaluations)
    except IntegrityError:  # the same evaluation recorded twice at once
        raise ValidationError(ALREADY_RECORDED) from None
    audit_record(
        actor=by,
        action="historic_evaluation.record",
        changes={"products": [e.product_id for e in evaluations][:200]},
    )
    # Evaluated, not recognised: the dashboards' per-year and per-round figures of the products' provinces.
    statistics_cache_bump(units=product_commune_ids(*{e.product_id for e in evaluations}))
    return evaluations


@transaction.atomic
def historic_evaluation_delete(*, evaluation: HistoricEvaluation, by: User) -> None:
    if not (can_record_history(by) and plan_unit_allowed(by, evaluation.unit)):
        raise PermissionDenied
    audit_record(
        actor=by,
        action="historic_evaluation.delete",
        target=None,
        summary=str(evaluation),
    )
    units = product_commune_ids(evaluation.product_id)
    evaluation.delete()
    statistics_cache_bump(units=units)


# --- the periodic report built in the background -----------------------------------------------------------

REPORT_FORMATS = {"xlsx": XLSX, "pdf": "application/pdf"}


def report_job_start(
    *,
    by: User,
    kind: str,
    year: int,
    province_id: int | None,
    output: str,
    total: int,
    historic_units: bool = False,
    scope: str = "",
    signer: dict | None = None,
):
    """A background job that builds a large periodic report (the national summary) as Excel or PDF, queued
    through the outbox; the page follows its progress (ocop/_job_progress.html) and offers the file at the end.
    `signer`: who signs the PDF (signer_title, signer_name: ReportSignerForm's), kept for the office's next print."""
    from .permissions import ensure_can_view_statistics
    from .tasks import report_job_run_task

    ensure_can_view_statistics(by)
    if output not in REPORT_FORMATS:
        raise ValidationError(_("Định dạng báo cáo không hợp lệ."))
    job = job_start(
        kind=JobKind.REPORT,
        task=report_job_run_task,
        by=by,
        total=total + REPORT_FIXED_STEPS,
        params={
            "period": kind,
            "year": year,
            "province_id": province_id,
            "format": output,
            "historic_units": historic_units,
            **{key: (signer or {}).get(key, "") for key in ("signer_title", "signer_name") if output == "pdf"},
        },
        file_name=report_file_name(kind=kind, year=year, output=output, scope=scope),
        once=True,
    )
    if output == "pdf" and signer:  # offered on the office's next print
        report_signer_remember(office_id=report_office_id(by, province_id), by=by, **signer)
    return job


def report_signer_remember(*, office_id: int | None, signer_title: str, signer_name: str, by: User) -> bool:
    """Keep who signed the PDF of the report of the office `office_id` (dashboard.reports.report_office_id), so that
    its next print offers them (selectors.report_signer.report_signer_initial): one row per office, overwritten.
    Only when `by` writes for that office (permissions.can_remember_report_signer): a read-only user's print, or
    another office's, changes nothing. True when kept."""
    if not can_remember_report_signer(by, office_id):
        return False
    values = {"signer_title": nfc(signer_title).strip(), "signer_name": nfc(signer_name).strip(), "updated_by": by}
    with transaction.atomic():
        if ReportSigner.objects.filter(unit_id=office_id).update(**values, updated_at=timezone.now()):
            return True
        try:
            with transaction.atomic():
                ReportSigner.objects.create(unit_id=office_id, **values)
        except IntegrityError:  # another print of the office's report stored its signer meanwhile: this one is later
            ReportSigner.objects.filter(unit_id=office_id).update(**values, updated_at=timezone.now())
    return True


REPORT_FIXED_STEPS = 2  # the figures, then the file written; the certificate rows come in between


def report_job_run(*, job_id: int):
    """Build the report once, for the person who asked (their scope), with progress: claimed by compare-and-swap
    so a duplicated task builds it once; a job whose worker died is claimed again and starts over. The file is
    stored only at the end."""
    from . import reports

    job = job_claim(job_id=job_id)
    if job is None:
        return BackgroundJob.objects.get(pk=job_id)
    params = job.params
    try:
        with job_language(job):  # the workbook's headings (the PDF is Vietnamese whatever the language)
            period = reports.ReportPeriod(kind=params["period"], year=params["year"])
            data = reports.programme_report(
                user=job.created_by,
                period=period,
                province_id=params.get("province_id"),
                historic_units=bool(params.get("historic_units")),
            )
            total = len(data["issued"]) + REPORT_FIXED_STEPS
            job_progress(job=job, done=1, total=total)
            if params["format"] == "xlsx":
                content = reports.report_workbook(data, progress=lambda done: job_progress(job=job, done=1 + done))
            else:
                content = reports.report_pdf(
                    data, signer={key: params.get(key, "") for key in ("signer_title", "signer_name")}
                )
        name = default_storage.save(f"reports/{job.pk}-{get_random_string(12)}-{job.file_name}", ContentFile(content))
    except Exception as exc:  # the job row must say what went wrong
        job_fail(job=job, error=str(exc))
        raise
    return job_finish(job=job, output_file=name, done=total)
