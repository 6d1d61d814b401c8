"""Writes of the dashboard app: programme plans and their targets (Điều 10.3a)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ocop.models import User
from ocop.services import audit_record

from .models import Plan, PlanTarget
from .permissions import plan_unit_allowed, unit_current_province

PDF_MAGIC = b"%PDF-"


def plan_document_check(upload) -> None:
    """A plan's document is a PDF (by its content, not its name) within the upload limit."""
    if upload is None:
        return
    if upload.size > settings.OCOP_MAX_UPLOAD_BYTES:
        limit = settings.OCOP_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError({"document": _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit}})
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"document": _("Văn bản kế hoạch phải là tệp PDF.")})


@transaction.atomic
def plan_create(*, by: User, fields: dict, targets: list[dict], document=None) -> Plan:
    """Record a plan with its targets, all or nothing. The unit must be in the officer's scope (re-checked
    here whatever the form offered)."""
    unit = fields.get("unit")
    if not plan_unit_allowed(by, unit):
        raise PermissionDenied
    province = unit_current_province(unit)
    if province is None:
        raise ValidationError({"unit": _("Không xác định được tỉnh hiện nay của đơn vị này.")})
    if not targets:
        raise ValidationError(_("Kế hoạch cần ít nhất một chỉ tiêu."))
    plan_document_check(document)
    plan = Plan(**fields, province=province, created_by=by)
    if document is not None:
        plan.document = document
    plan.full_clean()
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # two tabs saving the same plan: the unique constraint answers
        raise ValidationError(_("Đơn vị đã có kế hoạch cùng số và ngày ban hành.")) from None
    rows = []
    for order, target_fields in enumerate(targets):
        target = PlanTarget(plan=plan, order=order, **target_fields)
        target.full_clean()
        rows.append(target)
    PlanTarget.objects.bulk_create(rows)
    audit_record(
        actor=by,
        action="plan.create",
        target=plan,
        summary=_("Ghi nhận kế hoạch %(plan)s") % {"plan": plan},
        changes={"targets": [str(t) for t in rows]},
    )
    return plan


@transaction.atomic
def plan_delete(*, plan: Plan, by: User) -> None:
    if not plan_unit_allowed(by, plan.unit):
        raise PermissionDenied
    audit_record(actor=by, action="plan.delete", target=None, summary=_("Xoá kế hoạch %(plan)s") % {"plan": plan})
    document = plan.document.name if plan.document else ""
    plan.delete()
    if document:
        storage = Plan._meta.get_field("document").storage
        transaction.on_commit(lambda: storage.delete(document))
