"""The conclusion of an inspection (D26 Điều 9, and Điều 8 from a finding): its rules, the other agency's conclusion
a ground to revoke may rest on, and the conclusion itself (compliant, a remedy, or a ground to revoke that opens the
case and its 15 days). Every write: atomic, guarded by compare-and-swap, audited, side effects after the commit."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.choices import CONCLUSION_GROUNDS, conclusion_required
from certificates.permissions import can_manage_certificate
from certificates.services.revocations import agency_conclusion_clean, certificate_revoke_propose
from ocop.cache import statistics_cache_bump
from ocop.models import User
from ocop.services import audit_record
from ocop.text import nfc
from products.selectors import product_commune_ids

from ..choices import (
    CaseSource,
    InspectionStatus,
    ItemResult,
    Outcome,
    Severity,
)
from ..models import (
    Inspection,
    Remedy,
)
from ..permissions import (
    can_office_certificate,
    is_inspector,
)
from .cases import finding_ground_check, proposal_basis, revocation_case_open, revocation_case_refer
from .common import _agency_fields, notify_producer


def inspection_conclusion_check(
    *,
    inspection: Inspection,
    by: User,
    outcome: str | None,
    concluded_on: dt.date | None,
    remedy_required: str | None = "",
    remedy_due_on: dt.date | None = None,
    ground: str | None = "",
    agency: str | None = "",
    agency_document_number: str | None = "",
    agency_concluded_on: dt.date | None = None,
) -> None:
    """Every rule of a conclusion, without writing it: the conclude page asks before proposing a revocation only
    once these pass, so the confirmation never shows a conclusion that would be refused. A ground that rests on a
    competent authority's conclusion (Điều 8.1a, c, e) needs that conclusion: the one recorded when the inspection
    opened, else the one entered here (agency, agency_document_number, agency_concluded_on): c and e always, a only
    when the agency's conclusion is what it rests on (the inspection's own finding needs none; agency_conclusion_typed).
    The conclude page runs it on what its form could read (None for a field the form refused, which says why beside
    it): what depends on a value not read waits for it, and a conclusion date not read is refused last."""
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(_("Ghi biên bản kiểm tra trước khi kết luận."))
    items = list(inspection.items.all())
    if any(item.result == ItemResult.UNCHECKED for item in items):
        raise ValidationError(_("Còn nội dung chưa kiểm tra: ghi kết quả cho mọi nội dung trước khi kết luận."))
    if not inspection.representative_name:
        raise ValidationError(_("Ghi tên người đại diện chủ thể trước khi kết luận."))
    if concluded_on is not None and (concluded_on < inspection.inspected_on or concluded_on > timezone.localdate()):
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
        if not nfc(remedy_required or "").strip():
            raise ValidationError({"remedy_required": _("Ghi nội dung phải khắc phục.")})
        if concluded_on is not None and (remedy_due_on is None or remedy_due_on <= concluded_on):
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
    if concluded_on is None:  # not read (the page refuses it beside its field): the rest was judged without it
        raise ValidationError({"concluded_on": _("Nhập ngày kết luận.")})


def agency_conclusion_needed(inspection: Inspection, ground: str) -> bool:
    """Whether concluding `ground` needs the agency's conclusion entered with it (certificates.choices'
    conclusion_required, the inspection's own conclusion counting for a): c or e on an inspection that did not record
    one when it opened."""
    return conclusion_required(ground, inspection_concluded=True) and not inspection.has_agency_conclusion


def agency_conclusion_typed(
    inspection: Inspection,
    ground: str | None,
    agency: str | None,
    document_number: str | None,
    concluded_on: dt.date | None,
) -> tuple[str, str, dt.date] | None:
    """The agency's conclusion entered on the conclude page with `ground`, by the one check (agency_conclusion_clean),
    its errors under the page's field names: required where agency_conclusion_needed; for a ground that may rest on it
    (CONCLUSION_GROUNDS, e.g. a) taken when anything of it is typed (all or none), else the inspection's own
    conclusion stands; None when the inspection recorded one at its opening or the ground takes none."""
    if inspection.has_agency_conclusion or ground not in CONCLUSION_GROUNDS:
        return None
    agency, document_number = agency or "", document_number or ""  # None: a field the page could not read
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
