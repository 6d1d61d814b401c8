"""Scheduling inspections (D26 Điều 9): products put into a plan with their inspectors and date (periodic), and ad hoc
inspections (Điều 9.2a) opened from a finding or a concern, one at a time per certificate. Every write: atomic,
audited, side effects after the commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.models import Certificate
from certificates.models.status import extension_days
from certificates.services.revocations import agency_conclusion_clean
from evaluation.selectors.reevaluation import reevaluation_pending
from ocop.choices import Role
from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, duplicates_refused, errors_collected, notify
from ocop.text import nfc

from ..choices import (
    OPEN_INSPECTION_STATUSES,
    CheckArea,
    InspectionKind,
    PlanLevel,
)
from ..models import (
    Assignment,
    Inspection,
    InspectionItem,
    SupervisionPlan,
)
from ..permissions import (
    INSPECTOR_ROLES,
    can_manage_plan,
    can_office_certificate,
)
from .common import _agency_fields, notify_producer


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


def inspection_day_check(*, scheduled_on: dt.date, certificate: Certificate | None = None) -> None:
    """The day an inspection is scheduled on, refused next to its field. A new inspection is to come: not on a day
    already past (a past inspection is recorded, not scheduled), nor, once the certificate is known, before the
    certificate it checks was issued, nor after its last day (Điều 4.3), or, while a re-evaluation filed by then is
    pending, the end of its extension (Điều 12.3): past it the product is no longer OCOP and there is nothing to check
    under Điều 9. The ad hoc form runs it too, before the rest of the form is right (forms.AdHocForm)."""
    if scheduled_on < timezone.localdate():
        raise ValidationError(
            {
                "scheduled_on": _("Ngày kiểm tra dự kiến không thể trước hôm nay (%(today)s).")
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            }
        )
    if certificate is None:
        return
    if scheduled_on < certificate.issued_on:
        raise ValidationError(
            {
                "scheduled_on": _("Ngày kiểm tra dự kiến không thể trước ngày cấp giấy chứng nhận (%(d)s).")
                % {"d": f"{certificate.issued_on:%d/%m/%Y}"}
            }
        )
    last_day = certificate.valid_until
    if reevaluation_pending(certificate.product_id, certificate.valid_until):
        last_day += dt.timedelta(days=extension_days())
    if scheduled_on > last_day:
        raise ValidationError(
            {
                "scheduled_on": _("Ngày kiểm tra dự kiến không thể sau ngày giấy chứng nhận hết hiệu lực (%(d)s).")
                % {"d": f"{last_day:%d/%m/%Y}"}
            }
        )


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
    other_reasons: Sequence[str] = (),
) -> Inspection:
    if not certificate.is_live_on(timezone.localdate()):  # its status of the day, not the sweep's
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực: không kiểm tra, giám sát."))
    # The day and the inspectors, both refused at once, each next to its field.
    errors: dict = {}
    with errors_collected(errors):
        inspection_day_check(scheduled_on=scheduled_on, certificate=certificate)
    with errors_collected(errors):
        chosen = _check_inspectors(inspectors, certificate)
    if errors:
        raise ValidationError(errors)
    inspection = Inspection(
        plan=plan,
        kind=kind,
        reason=reason,
        other_reasons=[value for value in dict.fromkeys(other_reasons) if value != reason],
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
        changes={
            "certificate": certificate.number,
            "reason": [reason, *inspection.other_reasons] if inspection.other_reasons else reason,
            "inspectors": [u.pk for u in chosen],
        },
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


def plan_day_check(*, plan: SupervisionPlan, scheduled_on: dt.date) -> None:
    """An inspection of `plan` falls in the plan's year; refused next to the day (the plan's form runs it too, with
    inspection_day_check, before the rest of the form is right: forms.ScheduleForm)."""
    if scheduled_on.year != plan.year:
        raise ValidationError({"scheduled_on": _("Ngày kiểm tra phải thuộc năm của kế hoạch.")})


@transaction.atomic
def inspection_schedule(
    *,
    plan: SupervisionPlan,
    certificate: Certificate,
    reason: str,
    inspectors,
    scheduled_on: dt.date,
    by: User,
    other_reasons: Sequence[str] = (),
) -> Inspection:
    """Put a certified product into the plan (by a rule, or by hand) with its inspectors and date; `other_reasons`:
    the rules' further reasons for it (selectors.plan_candidates), kept beside the first."""
    if not can_manage_plan(by, plan):
        raise PermissionDenied
    province_id = certificate.product.producer.commune.parent_id
    if plan.level == PlanLevel.PROVINCE and province_id != plan.unit_id:
        raise ValidationError(_("Sản phẩm không thuộc tỉnh của kế hoạch."))
    plan_day_check(plan=plan, scheduled_on=scheduled_on)
    return inspection_create(
        certificate=certificate,
        kind=InspectionKind.PERIODIC,
        reason=reason,
        inspectors=inspectors,
        scheduled_on=scheduled_on,
        by=by,
        plan=plan,
        other_reasons=other_reasons,
    )


@transaction.atomic
def inspections_schedule(
    *,
    plan: SupervisionPlan,
    chosen: list[tuple[Certificate, Sequence[str]]],
    inspectors,
    scheduled_on: dt.date,
    by: User,
) -> list[Inspection]:
    """Several products into the plan at once (certificate, its reasons: the first and the others), all or none:
    one refusal leaves the plan as it was."""
    return [
        inspection_schedule(
            plan=plan,
            certificate=certificate,
            reason=reasons[0],
            other_reasons=reasons[1:],
            inspectors=inspectors,
            scheduled_on=scheduled_on,
            by=by,
        )
        for certificate, reasons in chosen
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
