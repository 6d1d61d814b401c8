"""Supervision plans (D26 Điều 9.4): the year's plan of a province's office or of the ministry, recorded once signed
and corrected by the office that manages it. Every write: atomic, audited."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.duplicates import duplicates_check
from ocop.edits import edit_changes
from ocop.models import AdministrativeUnit, User
from ocop.services import (
    audit_record,
    duplicates_refused,
    errors_collected,
    model_changes,
    stored_files_undone_on_error,
)
from ocop.text import nfc
from ocop.uploads import pdf_upload_check

from ..choices import (
    PlanLevel,
)
from ..models import (
    SupervisionPlan,
)
from ..permissions import (
    can_manage_plan,
    is_office,
)


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
    plan_signed_on_check(signed_on)
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
    with stored_files_undone_on_error(plan), duplicates_refused(SupervisionPlan, field="number"):
        if document:
            plan.document.save(f"{uuid.uuid4().hex}.pdf", document, save=False)
        plan.save()
    audit_record(actor=by, action="supervision.plan_create", target=plan, summary=str(plan))
    return plan


PLAN_FIELDS = ("number", "signed_on", "title")


def plan_papers_check(*, document, level: str, unit, number: str, signed_on: dt.date | None, plan=None) -> None:
    """The plan's document (a PDF within the upload limit) and its number (one per unit and year,
    supervisionplan_number_unique_per_year; `plan`: the one corrected), each refusal beside its field. The plan forms
    ask it as they are cleaned, so that both show with their own refusals at the first submit; the writes check them
    again (pdf_upload_check, full_clean) and the database constraint stops a plan recorded meanwhile."""
    errors: dict = {}
    if document:
        with errors_collected(errors):
            pdf_upload_check(document, field="document")
    values = {"level": level, "unit": unit, "number": number, "signed_on": signed_on}
    with errors_collected(errors):
        duplicates_check(model=SupervisionPlan, values=values, field="number", pk=plan.pk if plan else None)
    if errors:
        raise ValidationError(errors)


def plan_signed_on_check(signed_on: dt.date, *, plan: SupervisionPlan | None = None) -> None:
    """A plan is recorded once it has been signed: a signing date to come is a typing error (and would file the
    plan's number under a year that has not begun, supervisionplan_number_unique_per_year). A recorded `plan` whose
    inspections were carried out under it is not signed after the first of them (inspection_record's rule, seen from
    the plan). The plan forms ask it as they are cleaned, so that it shows with their own refusals."""
    if signed_on > timezone.localdate():
        raise ValidationError(
            {
                "signed_on": _("Ngày ban hành không thể sau hôm nay (%(today)s).")
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            }
        )
    first = plan.inspections.aggregate(first=Min("inspected_on"))["first"] if plan is not None else None
    if first is not None and signed_on > first:
        raise ValidationError(
            {
                "signed_on": _("Ngày ban hành không thể sau ngày kiểm tra đầu tiên theo kế hoạch này (%(d)s).")
                % {"d": f"{first:%d/%m/%Y}"}
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
        plan_signed_on_check(fields["signed_on"], plan=plan)
    before = {name: getattr(plan, name) for name in fields}
    for name, value in fields.items():
        setattr(plan, name, nfc(value).strip() if isinstance(value, str) else value)
    changes = model_changes(plan, before, fields)
    if document:
        pdf_upload_check(document, field="document")
    plan.full_clean()  # before the new document is written: a refusal leaves no file that no plan names
    if not changes and not document:
        return plan
    with stored_files_undone_on_error(plan), duplicates_refused(SupervisionPlan, field="number"):
        if document:
            old_document = plan.document.name or None
            plan.document.save(f"{uuid.uuid4().hex}.pdf", document, save=False)
            changes["document"] = [old_document, plan.document.name]
        plan.save()
    audit_record(actor=by, action="supervision.plan_update", target=plan, summary=str(plan), changes=changes)
    return plan
