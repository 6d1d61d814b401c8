"""Inspections (D26 Điều 9): plans, scheduling (planned, ad hoc) and the record on site, its photos and its
conclusion. Every write: atomic, guarded by compare-and-swap, audited, side effects after the commit."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.choices import CONCLUSION_GROUNDS, conclusion_required
from certificates.models import Certificate
from certificates.permissions import can_manage_certificate
from certificates.services.revocations import agency_conclusion_clean, certificate_revoke_propose
from ocop.cache import statistics_cache_bump
from ocop.choices import Role
from ocop.edits import EditConflict, edit_changes
from ocop.models import AdministrativeUnit, User
from ocop.phrases import Phrase
from ocop.services import audit_record, duplicates_refused, model_changes, notify, stored_files_undone_on_error
from ocop.text import nfc
from ocop.uploads import pdf_upload_check
from products.selectors import product_commune_ids
from products.services import photo_thumbnail
from products.validators import validate_photo

from ..choices import (
    OPEN_INSPECTION_STATUSES,
    CaseSource,
    CheckArea,
    InspectionKind,
    InspectionStatus,
    ItemResult,
    Outcome,
    PlanLevel,
    Severity,
)
from ..models import (
    Assignment,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    Remedy,
    SupervisionPlan,
)
from ..permissions import (
    INSPECTOR_ROLES,
    can_manage_plan,
    can_office_certificate,
    is_inspector,
    is_office,
)
from .cases import finding_ground_check, proposal_basis, revocation_case_open, revocation_case_refer
from .common import MAX_PHOTOS, notify_producer


@transaction.atomic
def plan_create(
    *,
    by: User,
    level: str,
    unit: AdministrativeUnit | None,
    year: int,
    number: str,
    signed_on: dt.date,
    title: str,
    document=None,
) -> SupervisionPlan:
    """Record the year's plan: a province's office for its province, the ministry for 5★ products (Điều 9.4)."""
    if not is_office(by):
        raise PermissionDenied
    if level == PlanLevel.MINISTRY:
        if not by.is_national:
            raise PermissionDenied
        unit = None
    elif not by.is_national and (unit is None or unit.pk != by.province_id):
        raise PermissionDenied
    _check_signed_on(signed_on)
    if document:
        pdf_upload_check(document, field="document")
    plan = SupervisionPlan(
        level=level,
        unit=unit,
        year=year,
        number=nfc(number).strip(),
        signed_on=signed_on,
        title=nfc(title).strip(),
        created_by=by,
    )
    plan.full_clean()  # before the document is written (a refused plan leaves no file behind)
    with stored_files_undone_on_error(plan), duplicates_refused(SupervisionPlan):
        if document:
            plan.document.save(f"{uuid.uuid4().hex}.pdf", document, save=False)
        plan.save()
    audit_record(actor=by, action="supervision.plan_create", target=plan, summary=str(plan))
    return plan


PLAN_FIELDS = ("number", "signed_on", "title")


def _check_signed_on(signed_on: dt.date) -> None:
    """A plan is recorded once it has been signed: a signing date to come is a typing error (and would file the
    plan's number under a year that has not begun, supervisionplan_number_unique_per_year)."""
    if signed_on > timezone.localdate():
        raise ValidationError(
            {
                "signed_on": _("Ngày ban hành không thể sau hôm nay (%(today)s).")
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            }
        )


@transaction.atomic
def plan_update(*, plan: SupervisionPlan, by: User, data: dict, seen: dict | None = None, document=None):
    """Correct a recorded plan's number, date and title, or replace its document (the former file stays stored and
    the audit row names both), by the office that manages it. What the person left as their page showed keeps what
    someone else saved meanwhile (edit_changes)."""
    plan = SupervisionPlan.objects.select_for_update().get(pk=plan.pk)
    if not can_manage_plan(by, plan):
        raise PermissionDenied
    fields = edit_changes(record=plan, data={f: v for f, v in data.items() if f in PLAN_FIELDS}, seen=seen)
    if "signed_on" in fields:
        _check_signed_on(fields["signed_on"])
    before = {name: getattr(plan, name) for name in fields}
    for name, value in fields.items():
        setattr(plan, name, nfc(value).strip() if isinstance(value, str) else value)
    changes = model_changes(plan, before, fields)
    if document:
        pdf_upload_check(document, field="document")
    plan.full_clean()  # before the new document is written: a refusal leaves no file that no plan names
    if not changes and not document:
        return plan
    with stored_files_undone_on_error(plan), duplicates_refused(SupervisionPlan):
        if document:
            old_document = plan.document.name or None
            plan.document.save(f"{uuid.uuid4().hex}.pdf", document, save=False)
            changes["document"] = [old_document, plan.document.name]
        plan.save()
    audit_record(actor=by, action="supervision.plan_update", target=plan, summary=str(plan), changes=changes)
    return plan


def _check_inspectors(inspectors, certificate: Certificate) -> list[User]:
    chosen = list(inspectors)
    if not chosen:
        raise ValidationError({"inspectors": _("Phân công ít nhất một người kiểm tra.")})
    province_id = certificate.product.producer.commune.parent_id
    for user in chosen:
        if not user.is_active or user.role not in INSPECTOR_ROLES:
            raise ValidationError({"inspectors": _("%(name)s không thể được phân công kiểm tra.") % {"name": user}})
        if user.role != Role.CENTRAL_OFFICER and user.province_id != province_id:
            raise ValidationError({"inspectors": _("%(name)s không thuộc tỉnh của sản phẩm.") % {"name": user}})
    return chosen


def inspection_create(
    *,
    certificate: Certificate,
    kind: str,
    reason: str,
    inspectors,
    scheduled_on: dt.date,
    by: User,
    plan: SupervisionPlan | None = None,
    detail: str = "",
    agency_conclusion: tuple[str, str, dt.date] | None = None,
) -> Inspection:
    if not certificate.is_live_on(timezone.localdate()):  # its status of the day, not the sweep's
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực: không kiểm tra, giám sát."))
    # A new inspection is to come: not on a day already past (a past inspection is recorded, not scheduled), nor
    # before the certificate it checks was issued.
    if scheduled_on < timezone.localdate():
        raise ValidationError(
            {
                "scheduled_on": _("Ngày kiểm tra dự kiến không thể trước hôm nay (%(today)s).")
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            }
        )
    if scheduled_on < certificate.issued_on:
        raise ValidationError(
            {
                "scheduled_on": _("Ngày kiểm tra dự kiến không thể trước ngày cấp giấy chứng nhận (%(d)s).")
                % {"d": f"{certificate.issued_on:%d/%m/%Y}"}
            }
        )
    chosen = _check_inspectors(inspectors, certificate)
    inspection = Inspection(
        plan=plan,
        kind=kind,
        reason=reason,
        reason_detail=nfc(detail).strip(),
        **_agency_fields(agency_conclusion),
        certificate=certificate,
        product_id=certificate.product_id,
        scheduled_on=scheduled_on,
        created_by=by,
    )
    inspection.full_clean(validate_constraints=False)
    with duplicates_refused(Inspection):
        inspection.save()
    Assignment.objects.bulk_create(
        [Assignment(inspection=inspection, inspector=user, assigned_by=by) for user in chosen]
    )
    InspectionItem.objects.bulk_create([InspectionItem(inspection=inspection, area=area) for area in CheckArea])
    audit_record(
        actor=by,
        action="supervision.inspection_schedule",
        target=inspection,
        changes={"certificate": certificate.number, "reason": reason, "inspectors": [u.pk for u in chosen]},
    )
    url = reverse("supervision:inspection_detail", args=[inspection.pk])
    notify(
        users=chosen,
        url=url,
        message=Phrase(
            gettext_lazy("Bạn được phân công kiểm tra sản phẩm “%(p)s” ngày %(d)s."),
            p=certificate.product_name,
            d=f"{scheduled_on:%d/%m/%Y}",
        ),
    )
    notify_producer("scheduled", inspection.pk)
    return inspection


def _agency_fields(conclusion: tuple[str, str, dt.date] | None) -> dict:
    if conclusion is None:
        return {}
    agency, number, concluded_on = conclusion
    return {"agency": agency, "agency_document_number": number, "agency_concluded_on": concluded_on}


@transaction.atomic
def inspection_schedule(
    *,
    plan: SupervisionPlan,
    certificate: Certificate,
    reason: str,
    inspectors,
    scheduled_on: dt.date,
    by: User,
) -> Inspection:
    """Put a certified product into the plan (by a rule, or by hand) with its inspectors and date."""
    if not can_manage_plan(by, plan):
        raise PermissionDenied
    province_id = certificate.product.producer.commune.parent_id
    if plan.level == PlanLevel.PROVINCE and province_id != plan.unit_id:
        raise ValidationError(_("Sản phẩm không thuộc tỉnh của kế hoạch."))
    if scheduled_on.year != plan.year:
        raise ValidationError({"scheduled_on": _("Ngày kiểm tra phải thuộc năm của kế hoạch.")})
    return inspection_create(
        certificate=certificate,
        kind=InspectionKind.PERIODIC,
        reason=reason,
        inspectors=inspectors,
        scheduled_on=scheduled_on,
        by=by,
        plan=plan,
    )


@transaction.atomic
def inspections_schedule(
    *, plan: SupervisionPlan, chosen: list[tuple[Certificate, str]], inspectors, scheduled_on: dt.date, by: User
) -> list[Inspection]:
    """Several products into the plan at once (certificate, reason), all or none: one refusal leaves the plan as
    it was."""
    return [
        inspection_schedule(
            plan=plan, certificate=certificate, reason=reason, inspectors=inspectors, scheduled_on=scheduled_on, by=by
        )
        for certificate, reason in chosen
    ]


def open_ad_hoc_inspection_locked(certificate: Certificate) -> Inspection | None:
    """The certificate's ad hoc inspection still to conclude, if any, read under the certificate row's lock (call it
    inside a transaction): two parallel requests take turns, the second then sees the first's inspection."""
    Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
    return (
        Inspection.objects.filter(
            certificate=certificate, kind=InspectionKind.AD_HOC, status__in=OPEN_INSPECTION_STATUSES
        )
        .order_by("scheduled_on", "pk")
        .first()
    )


@transaction.atomic
def inspection_open_ad_hoc(
    *,
    certificate: Certificate,
    reason: str,
    detail: str,
    inspectors,
    scheduled_on: dt.date,
    by: User,
    agency: str = "",
    document_number: str = "",
    concluded_on: dt.date | None = None,
) -> Inspection:
    """Kiểm tra đột xuất (Điều 9.2a) from another agency's finding or an officer's own concern; one at a time per
    certificate: while one is still to conclude, a second (a double click, two tabs, a network retry) is refused.
    When the finding is already the agency's conclusion on the producer's breach (agency, number, date: all or
    none), it is kept: a ground to revoke that rests on it (Điều 8.1a, c, e) counts its 15 days from its date."""
    if not can_office_certificate(by, certificate):
        raise PermissionDenied
    if not nfc(detail).strip():
        raise ValidationError({"detail": _("Ghi nội dung phát hiện hoặc lý do kiểm tra đột xuất.")})
    conclusion = None
    if nfc(agency).strip() or nfc(document_number).strip() or concluded_on is not None:
        conclusion = agency_conclusion_clean(
            certificate=certificate, agency=agency, document_number=document_number, concluded_on=concluded_on
        )
    open_one = open_ad_hoc_inspection_locked(certificate)
    if open_one is not None:
        raise ValidationError(
            _(
                "Giấy chứng nhận này đã có một cuộc kiểm tra đột xuất chưa kết luận (dự kiến ngày %(d)s): "
                "không mở thêm cuộc thứ hai."
            )
            % {"d": f"{open_one.scheduled_on:%d/%m/%Y}"}
        )
    return inspection_create(
        certificate=certificate,
        kind=InspectionKind.AD_HOC,
        reason=reason,
        inspectors=inspectors,
        scheduled_on=scheduled_on,
        by=by,
        detail=detail,
        agency_conclusion=conclusion,
    )


# ---------------------------------------------------------------------------------------------------------
# The record on site


ITEM_PARTS = ("result", "severity", "note")  # what the record says of each area, form fields `<area>-<part>`
RECORDABLE = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)  # until the conclusion


@transaction.atomic
def inspection_record(
    *,
    inspection: Inspection,
    by: User,
    inspected_on: dt.date,
    representative_name: str,
    representative_title: str = "",
    place: str = "",
    summary: str = "",
    items: dict[str, dict],
    seen: dict | None = None,
) -> Inspection:
    """Save what was checked on site (may be saved several times until the conclusion): the checklist of
    Điều 9.3 with a severity for each finding, the producer's representative, the date and place. `seen`: what
    the inspector's page showed (keys as the form's fields, `<area>-result`…): what another inspector of the team
    saved meanwhile is kept, and a field both changed is refused (ocop.edits.edit_changes)."""
    if not is_inspector(by, inspection):
        raise PermissionDenied
    if inspected_on > timezone.localdate():
        raise ValidationError(
            {
                "inspected_on": _("Ngày kiểm tra không thể sau hôm nay (%(today)s).")
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            }
        )
    if inspected_on < inspection.certificate.issued_on:
        raise ValidationError(
            {
                "inspected_on": _("Ngày kiểm tra không thể trước ngày cấp giấy chứng nhận (%(d)s).")
                % {"d": f"{inspection.certificate.issued_on:%d/%m/%Y}"}
            }
        )
    errors = {}
    for area, values in items.items():
        result, severity = values.get("result", ItemResult.UNCHECKED), values.get("severity") or Severity.NONE
        if result == ItemResult.FINDING and severity == Severity.NONE:
            errors[f"{area}-severity"] = _("Chọn mức độ của phát hiện.")
        if result != ItemResult.FINDING and severity != Severity.NONE:
            errors[f"{area}-severity"] = _("Chỉ phát hiện mới có mức độ.")
        if result == ItemResult.FINDING and not nfc(values.get("note", "")).strip():
            errors[f"{area}-note"] = _("Ghi rõ phát hiện.")
    if errors:
        raise ValidationError(errors)
    seen = seen or {}
    locked = Inspection.objects.select_for_update().filter(pk=inspection.pk, status__in=RECORDABLE).first()
    if locked is None:
        raise ValidationError(_("Cuộc kiểm tra đã kết luận; biên bản không sửa được nữa."))
    typed = {
        "inspected_on": inspected_on,
        "representative_name": nfc(representative_name).strip(),
        "representative_title": nfc(representative_title).strip(),
        "place": nfc(place).strip(),
        "summary": nfc(summary).strip(),
    }
    conflicts, current = {}, {}
    fields = _record_changes(locked, typed, seen, prefix="", target=inspection, conflicts=conflicts, current=current)
    item_changes = {}
    for item in InspectionItem.objects.select_for_update().filter(inspection=inspection, area__in=list(items)):
        values = items[item.area]
        typed_item = {
            "result": values.get("result", ItemResult.UNCHECKED),
            "severity": values.get("severity") or Severity.NONE,
            "note": nfc(values.get("note", "")).strip(),
        }
        item_changes[item] = _record_changes(
            item, typed_item, seen, prefix=f"{item.area}-", target=inspection, conflicts=conflicts, current=current
        )
    if conflicts:
        raise EditConflict(conflicts, current)
    Inspection.objects.filter(pk=inspection.pk).update(status=InspectionStatus.IN_PROGRESS, **fields)
    for item, changes in item_changes.items():
        if changes:
            InspectionItem.objects.filter(pk=item.pk).update(**changes)
    inspection.refresh_from_db()
    audit_record(
        actor=by,
        action="supervision.inspection_record",
        target=inspection,
        changes={item.area: item_changes[item].get("result", item.result) for item in item_changes},
    )
    return inspection


def _record_changes(record, typed: dict, seen: dict, *, prefix: str, target, conflicts: dict, current: dict) -> dict:
    """edit_changes for one part of the record, whose form fields carry `prefix` (an area's result, severity and
    note are written together: another inspector's severity beside this one's result could make a finding without
    a severity); its conflicts are gathered under the form's names so that all of them show at once."""
    page = {name: seen[f"{prefix}{name}"] for name in typed if f"{prefix}{name}" in seen}
    try:
        return edit_changes(record=record, data=typed, seen=page, audit_target=target, together=bool(prefix))
    except EditConflict as conflict:
        conflicts.update({f"{prefix}{name}": errors for name, errors in conflict.message_dict.items()})
        current.update({f"{prefix}{name}": value for name, value in conflict.current.items()})
        return {}


@transaction.atomic
def inspection_add_photo(
    *, inspection: Inspection, by: User, upload, caption: str = "", area: str = ""
) -> InspectionPhoto:
    """A photo from the phone's camera: a real JPEG/PNG/WebP ≤ 10 MB, stored under a random name, private."""
    if not is_inspector(by, inspection):
        raise PermissionDenied
    if inspection.status == InspectionStatus.CONCLUDED:
        raise ValidationError(_("Cuộc kiểm tra đã kết luận; không thêm ảnh được nữa."))
    if inspection.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"image": _("Mỗi cuộc kiểm tra có tối đa %(n)s ảnh.") % {"n": MAX_PHOTOS}})
    try:
        ext = validate_photo(upload)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    name = uuid.uuid4().hex
    photo = InspectionPhoto(
        inspection=inspection, area=area if area in CheckArea.values else "", caption=nfc(caption), uploaded_by=by
    )
    with stored_files_undone_on_error(photo):  # a thumbnail or a row that fails takes the stored image with it
        photo.image.save(f"{name}.{ext}", upload, save=False)
        photo.thumbnail.save(f"{name}.jpg", photo_thumbnail(upload), save=False)
        photo.save()
    audit_record(actor=by, action="supervision.photo_add", target=inspection, changes={"photo": photo.image.name})
    return photo


def inspection_conclusion_check(
    *,
    inspection: Inspection,
    by: User,
    outcome: str,
    concluded_on: dt.date,
    remedy_required: str = "",
    remedy_due_on: dt.date | None = None,
    ground: str = "",
    agency: str = "",
    agency_document_number: str = "",
    agency_concluded_on: dt.date | None = None,
) -> None:
    """Every rule of a conclusion, without writing it: the conclude page asks before proposing a revocation only
    once these pass, so the confirmation never shows a conclusion that would be refused. A ground that rests on a
    competent authority's conclusion (Điều 8.1a, c, e) needs that conclusion: the one recorded when the inspection
    opened, else the one entered here (agency, agency_document_number, agency_concluded_on): c and e always, a only
    when the agency's conclusion is what it rests on (the inspection's own finding needs none; agency_conclusion_typed)."""
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(_("Ghi biên bản kiểm tra trước khi kết luận."))
    items = list(inspection.items.all())
    if any(item.result == ItemResult.UNCHECKED for item in items):
        raise ValidationError(_("Còn nội dung chưa kiểm tra: ghi kết quả cho mọi nội dung trước khi kết luận."))
    if not inspection.representative_name:
        raise ValidationError(_("Ghi tên người đại diện chủ thể trước khi kết luận."))
    if concluded_on < inspection.inspected_on or concluded_on > timezone.localdate():
        raise ValidationError(
            {
                "concluded_on": _("Ngày kết luận phải từ ngày kiểm tra (%(inspected)s) đến hôm nay (%(today)s).")
                % {"inspected": f"{inspection.inspected_on:%d/%m/%Y}", "today": f"{timezone.localdate():%d/%m/%Y}"}
            }
        )
    findings = [item for item in items if item.result == ItemResult.FINDING]
    heavy = [item for item in findings if item.severity in {Severity.MAJOR, Severity.CRITICAL}]
    if outcome == Outcome.COMPLIANT and heavy:
        raise ValidationError({"outcome": _("Có phát hiện mức nặng: không thể kết luận đạt.")})
    if outcome == Outcome.REMEDY:
        if not findings:
            raise ValidationError({"outcome": _("Không có phát hiện nào để yêu cầu khắc phục.")})
        # Điều 8.1: "Giấy chứng nhận bị thu hồi" once a ground is established; a finding recorded as one is no
        # matter for a remedy (a finding the producer can put right is recorded at a lighter level).
        if any(item.severity == Severity.CRITICAL for item in findings):
            raise ValidationError(
                {
                    "outcome": _(
                        "Biên bản có phát hiện mức “Rất nặng: có căn cứ thu hồi”: giấy chứng nhận bị thu hồi (Điều 8 "
                        "khoản 1), không kết luận yêu cầu khắc phục. Nếu chủ thể khắc phục được, ghi lại mức của "
                        "phát hiện."
                    )
                }
            )
        if not nfc(remedy_required).strip():
            raise ValidationError({"remedy_required": _("Ghi nội dung phải khắc phục.")})
        if remedy_due_on is None or remedy_due_on <= concluded_on:
            raise ValidationError(
                {
                    "remedy_due_on": _("Hạn khắc phục phải sau ngày kết luận (%(d)s).")
                    % {"d": f"{concluded_on:%d/%m/%Y}"}
                }
            )
    if outcome == Outcome.REVOKE:
        finding_ground_check(ground)
        # Điều 8.1b: the inspection's conclusion must show the product no longer meets the criteria; a record
        # whose findings are all remediable (or that has none) is no ground to revoke.
        if not any(item.severity == Severity.CRITICAL for item in findings):
            raise ValidationError(
                {
                    "outcome": _(
                        "Biên bản không có phát hiện mức “Rất nặng: có căn cứ thu hồi”: không thể kết luận có căn cứ "
                        "thu hồi."
                    )
                }
            )
        agency_conclusion_typed(inspection, ground, agency, agency_document_number, agency_concluded_on)
        # Điều 8.3a: the OCOP office (the province's or the ministry's, Điều 9.4) concludes the ground; an
        # advisory member from another department records the visit but does not.
        if not can_office_certificate(by, inspection.certificate):
            raise ValidationError(
                {
                    "outcome": _(
                        "Chỉ cán bộ cơ quan tham mưu quản lý OCOP (của tỉnh hoặc của Bộ) kết luận có căn cứ thu hồi "
                        "(Điều 8 khoản 3)."
                    )
                }
            )


def agency_conclusion_needed(inspection: Inspection, ground: str) -> bool:
    """Whether concluding `ground` needs the agency's conclusion entered with it (certificates.choices'
    conclusion_required, the inspection's own conclusion counting for a): c or e on an inspection that did not record
    one when it opened."""
    return conclusion_required(ground, inspection_concluded=True) and not inspection.has_agency_conclusion


def agency_conclusion_typed(
    inspection: Inspection, ground: str, agency: str, document_number: str, concluded_on: dt.date | None
) -> tuple[str, str, dt.date] | None:
    """The agency's conclusion entered on the conclude page with `ground`, by the one check (agency_conclusion_clean),
    its errors under the page's field names: required where agency_conclusion_needed; for a ground that may rest on it
    (CONCLUSION_GROUNDS, e.g. a) taken when anything of it is typed (all or none), else the inspection's own
    conclusion stands; None when the inspection recorded one at its opening or the ground takes none."""
    if inspection.has_agency_conclusion or ground not in CONCLUSION_GROUNDS:
        return None
    typed = nfc(agency).strip() or nfc(document_number).strip() or concluded_on is not None
    if not typed and not agency_conclusion_needed(inspection, ground):
        return None
    try:
        return agency_conclusion_clean(
            certificate=inspection.certificate,
            agency=agency,
            document_number=document_number,
            concluded_on=concluded_on,
        )
    except ValidationError as exc:
        raise ValidationError({_TYPED_FIELDS[name]: errors for name, errors in exc.message_dict.items()}) from exc


_TYPED_FIELDS = {"agency": "agency", "document_number": "agency_document_number", "concluded_on": "agency_concluded_on"}


def revocation_start(inspection: Inspection, ground: str) -> dict:
    """What starts the 15 days of Điều 8.4 for a ground to revoke concluded by `inspection`: the conclusion of the
    other agency recorded on it when the ground may rest on one (CONCLUSION_GROUNDS: Điều 8.1a, c, e), else the
    inspection's own conclusion (b, d; or a found by the office's own verification)."""
    if ground in CONCLUSION_GROUNDS and inspection.has_agency_conclusion:
        return {
            "source": CaseSource.AGENCY,
            "opened_on": inspection.agency_concluded_on,
            "agency": inspection.agency,
            "document_number": inspection.agency_document_number,
        }
    return {"source": CaseSource.FINDING, "opened_on": inspection.concluded_on}


@transaction.atomic
def inspection_conclude(
    *,
    inspection: Inspection,
    by: User,
    outcome: str,
    concluded_on: dt.date | None = None,
    remedy_required: str = "",
    remedy_due_on: dt.date | None = None,
    ground: str = "",
    detail: str = "",
    agency: str = "",
    agency_document_number: str = "",
    agency_concluded_on: dt.date | None = None,
) -> Inspection:
    """Kết luận: compliant; a remedy with its deadline; or a ground to revoke of Điều 8.1 (the record has a critical
    finding), which opens the case and its 15 days (Điều 8.4, from this conclusion). When the inspecting office is
    the one whose authority revokes (the province's for 3★ and 4★, the ministry's for 5★, Điều 8.2) it proposes at
    once, opening the certificate's four-eyes revocation (another officer issues the decision); otherwise (the
    ministry inspecting a 3★ or 4★ product, Điều 9.4b and 10.1b; the province a 5★ one of its area, Điều 9.4a)
    the conclusion goes to that office, which proposes from the case (revocation_case_propose)."""
    if not is_inspector(by, inspection):
        raise PermissionDenied
    concluded_on = concluded_on or timezone.localdate()
    inspection.refresh_from_db()
    inspection_conclusion_check(
        inspection=inspection,
        by=by,
        outcome=outcome,
        concluded_on=concluded_on,
        remedy_required=remedy_required,
        remedy_due_on=remedy_due_on,
        ground=ground,
        agency=agency,
        agency_document_number=agency_document_number,
        agency_concluded_on=agency_concluded_on,
    )
    typed = {}
    if outcome == Outcome.REVOKE:
        # The agency's conclusion entered with the ground is kept on the inspection, as one recorded at its opening.
        typed = _agency_fields(
            agency_conclusion_typed(inspection, ground, agency, agency_document_number, agency_concluded_on)
        )
    moved = Inspection.objects.filter(pk=inspection.pk, status=InspectionStatus.IN_PROGRESS).update(
        status=InspectionStatus.CONCLUDED, outcome=outcome, concluded_on=concluded_on, concluded_by=by, **typed
    )
    if moved != 1:
        raise ValidationError(_("Cuộc kiểm tra đã được kết luận."))
    inspection.refresh_from_db()
    if outcome == Outcome.REMEDY:
        Remedy.objects.create(inspection=inspection, required=nfc(remedy_required).strip(), due_on=remedy_due_on)
    if outcome == Outcome.REVOKE:
        detail = nfc(detail).strip() or _("Theo kết luận kiểm tra ngày %(d)s.") % {"d": f"{concluded_on:%d/%m/%Y}"}
        revokes = can_manage_certificate(by, inspection.certificate)
        start = revocation_start(inspection, ground)
        if revokes:
            certificate_revoke_propose(
                certificate=inspection.certificate, ground=ground, detail=detail, by=by, **proposal_basis(**start)
            )
        case = revocation_case_open(
            certificate=inspection.certificate, inspection=inspection, by=by, ground=ground, detail=detail, **start
        )
        if not revokes:
            revocation_case_refer(case=case)
    audit_record(
        actor=by,
        action="supervision.inspection_conclude",
        target=inspection,
        changes={
            "outcome": outcome,
            "ground": ground,
            "remedy_due_on": str(remedy_due_on or ""),
            **({"agency_document_number": typed["agency_document_number"]} if typed else {}),
        },
    )
    # The periodic report counts the inspections concluded in its period (dashboard.reports).
    statistics_cache_bump(units=product_commune_ids(inspection.product_id))
    notify_producer("concluded", inspection.pk)
    return inspection
