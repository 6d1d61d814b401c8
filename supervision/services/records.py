"""The record on site of an inspection (D26 Điều 9.3): the checklist with a severity for each finding, the producer's
representative, the date and place, and the photos. Every write: atomic, guarded by compare-and-swap, audited."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.edits import EditConflict, edit_changes
from ocop.models import User
from ocop.services import audit_record, stored_files_undone_on_error
from ocop.text import nfc
from products.photos import photo_without_metadata
from products.services import photo_thumbnail
from products.validators import validate_photo

from ..choices import (
    CheckArea,
    InspectionStatus,
    ItemResult,
    Severity,
)
from ..models import (
    Inspection,
    InspectionItem,
    InspectionPhoto,
)
from ..permissions import (
    is_inspector,
)
from .common import MAX_PHOTOS

ITEM_PARTS = ("result", "severity", "note")  # what the record says of each area, form fields `<area>-<part>`
RECORDABLE = (InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS)  # until the conclusion


def inspection_record_check(*, inspection: Inspection, inspected_on: dt.date | None, items: dict[str, dict]) -> None:
    """Every refusal of a record at once, each beside its field: the day (from the certificate's issue, and for a
    plan's inspection from the plan's signing, to today; None when the form could not read it) and each area's
    severity and note. The record form asks it as it is cleaned, so that its own refusals (no representative) come
    in the same answer: on site, on a phone, one round instead of three."""
    errors = {}
    plan = inspection.plan
    if inspected_on is None:
        pass
    elif inspected_on > timezone.localdate():
        errors["inspected_on"] = _("Ngày kiểm tra không thể sau hôm nay (%(today)s).") % {
            "today": f"{timezone.localdate():%d/%m/%Y}"
        }
    elif inspected_on < inspection.certificate.issued_on:
        errors["inspected_on"] = _("Ngày kiểm tra không thể trước ngày cấp giấy chứng nhận (%(d)s).") % {
            "d": f"{inspection.certificate.issued_on:%d/%m/%Y}"
        }
    elif plan is not None and inspected_on < plan.signed_on:  # carried out under the plan: not before it was signed
        errors["inspected_on"] = _("Ngày kiểm tra không thể trước ngày ban hành kế hoạch kiểm tra (%(d)s).") % {
            "d": f"{plan.signed_on:%d/%m/%Y}"
        }
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
    Điều 9.3 with a severity for each finding, the producer's representative, the date and place (from the
    certificate's issue, and for a plan's inspection from the plan's signing, to today). `seen`: what
    the inspector's page showed (keys as the form's fields, `<area>-result`…): what another inspector of the team
    saved meanwhile is kept, and a field both changed is refused (ocop.edits.edit_changes)."""
    if not is_inspector(by, inspection):
        raise PermissionDenied
    inspection_record_check(inspection=inspection, inspected_on=inspected_on, items=items)
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
        image = photo_without_metadata(upload, ext=ext)  # shown to the producer: no GPS, no camera
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    name = uuid.uuid4().hex
    photo = InspectionPhoto(
        inspection=inspection, area=area if area in CheckArea.values else "", caption=nfc(caption), uploaded_by=by
    )
    with stored_files_undone_on_error(photo):  # a thumbnail or a row that fails takes the stored image with it
        photo.image.save(f"{name}.{ext}", image, save=False)
        photo.thumbnail.save(f"{name}.jpg", photo_thumbnail(upload), save=False)
        photo.save()
    audit_record(actor=by, action="supervision.photo_add", target=inspection, changes={"photo": photo.image.name})
    return photo
