"""Every write of supervision (D26 Điều 9, and Điều 8 from a finding): atomic, guarded by compare-and-swap,
audited, side effects after the commit."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates.choices import LIVE_STATUSES, RevocationGround
from certificates.models import Certificate
from certificates.selectors import revocation_proposal_of
from certificates.services.certificates import can_manage_certificate, certificate_revoke_propose
from ocop.choices import Role
from ocop.models import AdministrativeUnit, User
from ocop.services import audit_record, duplicates_refused, notify, outbox_enqueue
from ocop.text import nfc
from ocop.workdays import is_working_day
from products.models import Product
from products.services import photo_thumbnail
from products.validators import validate_photo

from .choices import (
    CaseSource,
    CheckArea,
    ComplaintSource,
    ComplaintStatus,
    InspectionKind,
    InspectionStatus,
    ItemResult,
    Outcome,
    PlanLevel,
    RemedyStatus,
    SelectionReason,
    Severity,
)
from .models import (
    Assignment,
    Complaint,
    Inspection,
    InspectionItem,
    InspectionPhoto,
    Remedy,
    RemedyEvidence,
    RevocationCase,
    SupervisionPlan,
)
from .permissions import (
    INSPECTOR_ROLES,
    can_answer_remedy,
    can_confirm_stop,
    can_manage_plan,
    can_office_certificate,
    can_review_remedy,
    is_inspector,
    is_office,
)

# D26 Điều 8.4: "Thời gian thu hồi giấy chứng nhận là 15 ngày kể từ ngày có kết luận … hoặc xác nhận của UBND
# cấp xã …". Calendar days: where the decision means working days it says so ("15 ngày làm việc", Điều 7.2).
REVOCATION_DAYS = 15
MAX_PHOTOS = 30
MAX_EVIDENCE_FILES = 10
COMPLAINT_MIN, COMPLAINT_MAX = 10, 3000


def revocation_due_on(opened_on: dt.date) -> dt.date:
    """The last day of Điều 8.4's 15 days. Interpretation (Bộ luật Dân sự 2015): the day of the conclusion or
    confirmation is not counted (Điều 147.1), and when the 15th day is a weekend day or a holiday the period ends
    with the next working day (Điều 148.5), from the app's working-day calendar (ocop.workdays)."""
    due = opened_on + dt.timedelta(days=REVOCATION_DAYS)
    while not is_working_day(due):
        due += dt.timedelta(days=1)
    return due


def live_certificate_of(product: Product) -> Certificate | None:
    return Certificate.objects.filter(product=product, status__in=LIVE_STATUSES).order_by("-issued_on", "-id").first()


def _pdf_check(upload) -> None:
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("Tệp không phải là PDF."), code="not_pdf")
    if upload.size > settings.OCOP_MAX_UPLOAD_BYTES:
        raise ValidationError(_("Tệp quá lớn."), code="too_large")


def _notify_producer(event: str, pk: int) -> None:
    from .tasks import supervision_notify_producer_task

    outbox_enqueue(task=supervision_notify_producer_task, args=[event, pk])


def _office_users(province_id: int | None):
    """The OCOP office of a province (its province officers) — or the ministry's when there is no province."""
    users = User.objects.filter(is_active=True)
    if province_id is None:
        return users.filter(role=Role.CENTRAL_OFFICER)
    return users.filter(role=Role.PROVINCE_OFFICER, unit_id=province_id)


# ---------------------------------------------------------------------------------------------------------
# Plans and scheduling


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
    if document:
        try:
            _pdf_check(document)
        except ValidationError as exc:
            raise ValidationError({"document": exc.messages}) from exc
    plan = SupervisionPlan(
        level=level,
        unit=unit,
        year=year,
        number=nfc(number).strip(),
        signed_on=signed_on,
        title=nfc(title).strip(),
        created_by=by,
    )
    if document:
        plan.document.save(f"{uuid.uuid4().hex}.pdf", document, save=False)
    plan.full_clean()
    with duplicates_refused(SupervisionPlan):
        plan.save()
    audit_record(actor=by, action="supervision.plan_create", target=plan, summary=str(plan))
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


def _create_inspection(
    *,
    certificate: Certificate,
    kind: str,
    reason: str,
    inspectors,
    scheduled_on: dt.date,
    by: User,
    plan: SupervisionPlan | None = None,
    detail: str = "",
) -> Inspection:
    if certificate.status not in LIVE_STATUSES:
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực: không kiểm tra, giám sát."))
    chosen = _check_inspectors(inspectors, certificate)
    inspection = Inspection(
        plan=plan,
        kind=kind,
        reason=reason,
        reason_detail=nfc(detail).strip(),
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
        message=_("Bạn được phân công kiểm tra sản phẩm “%(p)s” ngày %(d)s.")
        % {"p": certificate.product_name, "d": f"{scheduled_on:%d/%m/%Y}"},
    )
    _notify_producer("scheduled", inspection.pk)
    return inspection


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
    return _create_inspection(
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


@transaction.atomic
def inspection_open_ad_hoc(
    *,
    certificate: Certificate,
    reason: str,
    detail: str,
    inspectors,
    scheduled_on: dt.date,
    by: User,
) -> Inspection:
    """Kiểm tra đột xuất (Điều 9.2a) from another agency's finding or an officer's own concern."""
    if not can_office_certificate(by, certificate):
        raise PermissionDenied
    if not nfc(detail).strip():
        raise ValidationError({"detail": _("Ghi nội dung phát hiện hoặc lý do kiểm tra đột xuất.")})
    return _create_inspection(
        certificate=certificate,
        kind=InspectionKind.AD_HOC,
        reason=reason,
        inspectors=inspectors,
        scheduled_on=scheduled_on,
        by=by,
        detail=detail,
    )


# ---------------------------------------------------------------------------------------------------------
# The record on site


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
) -> Inspection:
    """Save what was checked on site (may be saved several times until the conclusion): the checklist of
    Điều 9.3 with a severity for each finding, the producer's representative, the date and place."""
    if not is_inspector(by, inspection):
        raise PermissionDenied
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": _("Ngày kiểm tra không thể ở tương lai.")})
    if inspected_on < inspection.certificate.issued_on:
        raise ValidationError({"inspected_on": _("Ngày kiểm tra không thể trước ngày cấp giấy chứng nhận.")})
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
    moved = Inspection.objects.filter(
        pk=inspection.pk, status__in=[InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS]
    ).update(
        status=InspectionStatus.IN_PROGRESS,
        inspected_on=inspected_on,
        representative_name=nfc(representative_name).strip(),
        representative_title=nfc(representative_title).strip(),
        place=nfc(place).strip(),
        summary=nfc(summary).strip(),
    )
    if moved != 1:
        raise ValidationError(_("Cuộc kiểm tra đã kết luận; biên bản không sửa được nữa."))
    for area, values in items.items():
        result = values.get("result", ItemResult.UNCHECKED)
        InspectionItem.objects.filter(inspection=inspection, area=CheckArea(area)).update(
            result=result,
            severity=values.get("severity") or Severity.NONE,
            note=nfc(values.get("note", "")).strip(),
        )
    inspection.refresh_from_db()
    audit_record(
        actor=by,
        action="supervision.inspection_record",
        target=inspection,
        changes={area: values.get("result") for area, values in items.items()},
    )
    return inspection


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
    photo.image.save(f"{name}.{ext}", upload, save=False)
    photo.thumbnail.save(f"{name}.jpg", photo_thumbnail(upload), save=False)
    photo.save()
    audit_record(actor=by, action="supervision.photo_add", target=inspection, changes={"photo": photo.image.name})
    return photo


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
) -> Inspection:
    """Kết luận: compliant; a remedy with its deadline; or a proposal to revoke on a ground of Điều 8.1, which
    opens the certificate's four-eyes revocation (another officer issues the decision) and its 15 days."""
    if not is_inspector(by, inspection):
        raise PermissionDenied
    concluded_on = concluded_on or timezone.localdate()
    inspection.refresh_from_db()
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(_("Ghi biên bản kiểm tra trước khi kết luận."))
    items = list(inspection.items.all())
    if any(item.result == ItemResult.UNCHECKED for item in items):
        raise ValidationError(_("Còn nội dung chưa kiểm tra: ghi kết quả cho mọi nội dung trước khi kết luận."))
    if not inspection.representative_name:
        raise ValidationError(_("Ghi tên người đại diện chủ thể trước khi kết luận."))
    if concluded_on < inspection.inspected_on or concluded_on > timezone.localdate():
        raise ValidationError({"concluded_on": _("Ngày kết luận phải từ ngày kiểm tra đến hôm nay.")})
    findings = [item for item in items if item.result == ItemResult.FINDING]
    heavy = [item for item in findings if item.severity in {Severity.MAJOR, Severity.CRITICAL}]
    if outcome == Outcome.COMPLIANT and heavy:
        raise ValidationError({"outcome": _("Có phát hiện mức nặng: không thể kết luận đạt.")})
    if outcome == Outcome.REMEDY:
        if not findings:
            raise ValidationError({"outcome": _("Không có phát hiện nào để yêu cầu khắc phục.")})
        if not nfc(remedy_required).strip():
            raise ValidationError({"remedy_required": _("Ghi nội dung phải khắc phục.")})
        if remedy_due_on is None or remedy_due_on <= concluded_on:
            raise ValidationError({"remedy_due_on": _("Hạn khắc phục phải sau ngày kết luận.")})
    if outcome == Outcome.REVOKE:
        if ground not in RevocationGround.values:
            raise ValidationError({"ground": _("Chọn căn cứ thu hồi (Điều 8 khoản 1).")})
        if not can_manage_certificate(by, inspection.certificate):
            raise ValidationError(
                {"outcome": _("Chỉ cán bộ OCOP tỉnh (3, 4 sao) hoặc của Bộ (5 sao) đề xuất thu hồi (Điều 8.2).")}
            )
    moved = Inspection.objects.filter(pk=inspection.pk, status=InspectionStatus.IN_PROGRESS).update(
        status=InspectionStatus.CONCLUDED, outcome=outcome, concluded_on=concluded_on, concluded_by=by
    )
    if moved != 1:
        raise ValidationError(_("Cuộc kiểm tra đã được kết luận."))
    inspection.refresh_from_db()
    if outcome == Outcome.REMEDY:
        Remedy.objects.create(inspection=inspection, required=nfc(remedy_required).strip(), due_on=remedy_due_on)
    if outcome == Outcome.REVOKE:
        detail = nfc(detail).strip() or _("Theo kết luận kiểm tra ngày %(d)s.") % {"d": f"{concluded_on:%d/%m/%Y}"}
        certificate_revoke_propose(certificate=inspection.certificate, ground=ground, detail=detail, by=by)
        _open_case(
            certificate=inspection.certificate,
            inspection=inspection,
            source=CaseSource.FINDING,
            ground=ground,
            detail=detail,
            opened_on=concluded_on,
            by=by,
        )
    audit_record(
        actor=by,
        action="supervision.inspection_conclude",
        target=inspection,
        changes={"outcome": outcome, "ground": ground, "remedy_due_on": str(remedy_due_on or "")},
    )
    _notify_producer("concluded", inspection.pk)
    return inspection


def _open_case(
    *,
    certificate: Certificate,
    source: str,
    ground: str,
    opened_on: dt.date,
    by: User,
    inspection: Inspection | None = None,
    detail: str = "",
    document_number: str = "",
) -> RevocationCase:
    closed = RevocationCase.objects.filter(certificate=certificate).exclude(closed_on=None).first()
    case = RevocationCase(
        pk=closed.pk if closed else None,  # a closed case opens again with the new ground and its own 15 days
        certificate=certificate,
        inspection=inspection,
        source=source,
        ground=ground,
        detail=detail,
        document_number=document_number,
        opened_on=opened_on,
        due_on=revocation_due_on(opened_on),
        opened_by=by,
    )
    case.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with duplicates_refused(RevocationCase):
            if closed is None:
                case.save()
            else:
                reopened = RevocationCase.objects.filter(pk=closed.pk).exclude(closed_on=None)
                if not reopened.update(
                    inspection=inspection,
                    source=source,
                    ground=ground,
                    detail=detail,
                    document_number=document_number,
                    opened_on=opened_on,
                    due_on=case.due_on,
                    opened_by=by,
                    closed_on=None,
                    closed_by=None,
                    close_reason="",
                ):
                    raise ValidationError("", code="duplicate")
    except ValidationError as exc:
        raise ValidationError(_("Giấy chứng nhận này đã có hồ sơ thu hồi đang theo dõi."), code="duplicate") from exc
    audit_record(
        actor=by,
        action="supervision.case_open",
        target=case,
        changes={"certificate": certificate.number, "source": source, "due_on": f"{case.due_on:%d/%m/%Y}"},
    )
    return case


# ---------------------------------------------------------------------------------------------------------
# Remedies


def _evidence_kind(upload) -> tuple[str, str]:
    """A photo (validated like product photos) or a PDF: (extension, content type)."""
    upload.seek(0)
    if upload.read(5) == b"%PDF-":
        upload.seek(0)
        _pdf_check(upload)
        return "pdf", "application/pdf"
    upload.seek(0)
    ext = validate_photo(upload)
    return ext, {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[ext]


@transaction.atomic
def remedy_answer(*, remedy: Remedy, by: User, answer: str, uploads=()) -> Remedy:
    """The producer reports what it fixed, with evidence (photos or PDFs); the inspectors are told."""
    if not can_answer_remedy(by, remedy):
        raise PermissionDenied
    answer = nfc(answer).strip()
    if not answer:
        raise ValidationError({"answer": _("Ghi nội dung đã khắc phục.")})
    uploads = list(uploads)
    if len(uploads) > MAX_EVIDENCE_FILES:
        raise ValidationError({"files": _("Tối đa %(n)s tệp minh chứng.") % {"n": MAX_EVIDENCE_FILES}})
    kinds = []
    for upload in uploads:
        try:
            kinds.append(_evidence_kind(upload))
        except ValidationError as exc:
            raise ValidationError({"files": [f"{upload.name}: {m}" for m in exc.messages]}) from exc
    moved = Remedy.objects.filter(pk=remedy.pk, status=RemedyStatus.OPEN).update(
        status=RemedyStatus.ANSWERED, answer=answer, answered_at=timezone.now(), answered_by=by
    )
    if moved != 1:
        raise ValidationError(_("Yêu cầu khắc phục không còn chờ trả lời."))
    for upload, (ext, content_type) in zip(uploads, kinds, strict=True):
        evidence = RemedyEvidence(
            remedy=remedy, original_name=nfc(upload.name)[:200], content_type=content_type, uploaded_by=by
        )
        evidence.file.save(f"{uuid.uuid4().hex}.{ext}", upload, save=False)
        evidence.save()
    remedy.refresh_from_db()
    audit_record(actor=by, action="supervision.remedy_answer", target=remedy, changes={"files": len(uploads)})
    notify(
        users=list(remedy.inspection.inspectors.all()),
        url=reverse("supervision:inspection_detail", args=[remedy.inspection_id]),
        message=_("Chủ thể đã báo cáo khắc phục đối với sản phẩm “%(p)s”.") % {"p": remedy.inspection.product},
    )
    return remedy


@transaction.atomic
def remedy_review(*, remedy: Remedy, by: User, accept: bool, note: str = "", due_on: dt.date | None = None) -> Remedy:
    """An inspector accepts the producer's answer (remedied) or rejects it with the reason (open again, with a
    new deadline if given)."""
    if not can_review_remedy(by, remedy):
        raise PermissionDenied
    note = nfc(note).strip()
    fields = {"review_note": note, "reviewed_at": timezone.now(), "reviewed_by": by}
    if accept:
        fields["status"] = RemedyStatus.ACCEPTED
    else:
        if not note:
            raise ValidationError({"note": _("Ghi lý do chưa chấp nhận để chủ thể khắc phục tiếp.")})
        if due_on is not None and due_on <= timezone.localdate():
            raise ValidationError({"due_on": _("Hạn mới phải sau hôm nay.")})
        fields["status"] = RemedyStatus.OPEN
        if due_on is not None:
            fields["due_on"] = due_on
    moved = Remedy.objects.filter(pk=remedy.pk, status=RemedyStatus.ANSWERED).update(**fields)
    if moved != 1:
        raise ValidationError(_("Báo cáo khắc phục đã được xem xét."))
    remedy.refresh_from_db()
    audit_record(actor=by, action="supervision.remedy_review", target=remedy, changes={"accept": accept}, summary=note)
    _notify_producer("remedy_accepted" if accept else "remedy_rejected", remedy.pk)
    return remedy


# ---------------------------------------------------------------------------------------------------------
# Complaints


@transaction.atomic
def complaint_submit(
    *, product: Product, text: str, name: str = "", contact: str = "", photo=None, by: User | None = None
) -> Complaint:
    """Phản ánh about a certified product: from the public page (no account, `by` None) or from an officer.
    The province's OCOP office is told in the app."""
    certificate = live_certificate_of(product)
    if certificate is None:
        raise ValidationError(_("Sản phẩm không có giấy chứng nhận OCOP còn hiệu lực."))
    text = nfc(text).strip()
    if not COMPLAINT_MIN <= len(text) <= COMPLAINT_MAX:
        raise ValidationError(
            {"text": _("Nội dung từ %(a)s đến %(b)s ký tự.") % {"a": COMPLAINT_MIN, "b": COMPLAINT_MAX}}
        )
    if by is not None and not Product.objects.for_user(by).filter(pk=product.pk).exists():
        raise PermissionDenied
    complaint = Complaint(
        product=product,
        source=ComplaintSource.OFFICER if by is not None else ComplaintSource.PUBLIC,
        text=text,
        name=nfc(name).strip()[:150],
        contact=nfc(contact).strip()[:150],
        created_by=by,
    )
    if photo:
        try:
            ext = validate_photo(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
        complaint.photo.save(f"{uuid.uuid4().hex}.{ext}", photo, save=False)
    complaint.save()
    audit_record(actor=by, action="supervision.complaint_submit", target=complaint, summary=text[:200])
    province_id = product.producer.commune.parent_id
    notify(
        users=list(_office_users(province_id)),
        url=reverse("supervision:complaint_detail", args=[complaint.pk]),
        message=_("Phản ánh mới về sản phẩm “%(p)s”.") % {"p": product.name},
    )
    return complaint


@transaction.atomic
def complaint_triage(
    *,
    complaint: Complaint,
    by: User,
    action: str,
    reason: str = "",
    inspectors=(),
    scheduled_on: dt.date | None = None,
) -> Complaint:
    """The OCOP office turns a complaint into an ad hoc inspection, or closes it with a reason."""
    certificate = live_certificate_of(complaint.product)
    if certificate is None or not can_office_certificate(by, certificate):
        if certificate is None and action == "close" and is_office(by):
            pass  # a complaint about a product whose certificate ended since may still be closed
        else:
            raise PermissionDenied
    reason = nfc(reason).strip()
    if action == "close":
        if not reason:
            raise ValidationError({"reason": _("Ghi lý do đóng phản ánh.")})
        moved = Complaint.objects.filter(pk=complaint.pk, status=ComplaintStatus.NEW).update(
            status=ComplaintStatus.CLOSED, close_reason=reason, triaged_by=by, triaged_at=timezone.now()
        )
    elif action == "inspect":
        if scheduled_on is None:
            raise ValidationError({"scheduled_on": _("Chọn ngày kiểm tra.")})
        moved = Complaint.objects.filter(pk=complaint.pk, status=ComplaintStatus.NEW).update(
            status=ComplaintStatus.INSPECTION, triaged_by=by, triaged_at=timezone.now()
        )
        if moved == 1:
            inspection = _create_inspection(
                certificate=certificate,
                kind=InspectionKind.AD_HOC,
                reason=SelectionReason.COMPLAINT,
                inspectors=inspectors,
                scheduled_on=scheduled_on,
                by=by,
                detail=complaint.text,
            )
            Complaint.objects.filter(pk=complaint.pk).update(inspection=inspection)
    else:
        raise ValueError(action)
    if moved != 1:
        raise ValidationError(_("Phản ánh đã được xử lý."))
    complaint.refresh_from_db()
    audit_record(
        actor=by, action="supervision.complaint_triage", target=complaint, changes={"action": action}, summary=reason
    )
    return complaint


# ---------------------------------------------------------------------------------------------------------
# Revocation cases from outside an inspection


@transaction.atomic
def production_stop_confirm(
    *, certificate: Certificate, by: User, confirmed_on: dt.date, document_number: str, detail: str = ""
) -> RevocationCase:
    """UBND cấp xã confirms that the producer no longer produces the product (Điều 8.1đ): the 15 days of Điều 8.4
    start from the confirmation; the province's office proposes the revocation, another officer issues it."""
    if not can_confirm_stop(by, certificate):
        raise PermissionDenied
    if certificate.status not in LIVE_STATUSES:
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực."))
    if confirmed_on > timezone.localdate() or confirmed_on < certificate.issued_on:
        raise ValidationError({"confirmed_on": _("Ngày xác nhận phải từ ngày cấp đến hôm nay.")})
    document_number = nfc(document_number).strip()
    if not document_number:
        raise ValidationError({"document_number": _("Ghi số văn bản xác nhận của UBND xã.")})
    case = _open_case(
        certificate=certificate,
        source=CaseSource.COMMUNE,
        ground=RevocationGround.STOPPED_PRODUCTION,
        opened_on=confirmed_on,
        by=by,
        detail=nfc(detail).strip(),
        document_number=document_number,
    )
    notify(
        users=list(_office_users(certificate.product.producer.commune.parent_id)),
        url=reverse("supervision:case_detail", args=[case.pk]),
        message=_("UBND xã xác nhận chủ thể không còn sản xuất “%(p)s”: thu hồi trước ngày %(d)s (Điều 8.4).")
        % {"p": certificate.product_name, "d": f"{case.due_on:%d/%m/%Y}"},
    )
    _notify_producer("stop_confirmed", case.pk)
    return case


@transaction.atomic
def revocation_case_propose(*, case: RevocationCase, by: User) -> RevocationCase:
    """The office's proposal for a case the commune opened: the certificate's own four-eyes path
    (certificate_revoke_propose; another officer issues the decision on the certificate's page)."""
    detail = case.detail or _("Văn bản xác nhận số %(n)s của UBND xã ngày %(d)s.") % {
        "n": case.document_number,
        "d": f"{case.opened_on:%d/%m/%Y}",
    }
    certificate_revoke_propose(certificate=case.certificate, ground=case.ground, detail=detail, by=by)
    audit_record(actor=by, action="supervision.case_propose", target=case)
    return case


@transaction.atomic
def revocation_case_close(*, case: RevocationCase, by: User, reason: str) -> RevocationCase:
    """The office decides not to revoke (Điều 8.4 sets a limit for revoking, not a duty to revoke on every
    finding: e.g. the commune's confirmation was withdrawn or production resumed). The case leaves the follow-up
    and the digest with the reason on record. Refused while a revocation proposal is pending (withdraw it on the
    certificate's page first) and once the certificate is revoked."""
    if not can_office_certificate(by, case.certificate) or not can_manage_certificate(by, case.certificate):
        raise PermissionDenied
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError({"reason": _("Ghi lý do không thu hồi.")})
    if case.certificate.status not in LIVE_STATUSES:
        raise ValidationError(_("Giấy chứng nhận không còn hiệu lực; không còn gì để đóng."))
    if revocation_proposal_of(case.certificate) is not None:
        raise ValidationError(_("Đang có đề xuất thu hồi: rút đề xuất ở trang giấy chứng nhận trước khi đóng."))
    closed = RevocationCase.objects.filter(pk=case.pk, closed_on=None).update(
        closed_on=timezone.localdate(), closed_by=by, close_reason=reason
    )
    if closed != 1:  # a double click or another officer closed it already
        raise ValidationError(_("Hồ sơ thu hồi này đã được đóng."))
    case.refresh_from_db()
    audit_record(actor=by, action="supervision.case_close", target=case, changes={"reason": reason})
    return case


# ---------------------------------------------------------------------------------------------------------
# Notices to the producer (in the app and by e-mail, in Vietnamese)


def _producer_message(event: str, pk: int):
    """(product, certificate, message, lines, url) for one step, in Vietnamese."""
    if event in {"scheduled", "concluded"}:
        inspection = Inspection.objects.select_related("certificate", "product__producer").get(pk=pk)
        product, certificate = inspection.product, inspection.certificate
        if event == "scheduled":
            message = _("Sản phẩm “%(p)s” sẽ được kiểm tra, giám sát (Điều 9 Quyết định 26/2026/QĐ-TTg) ngày %(d)s.")
            return (
                product,
                certificate,
                message % {"p": product.name, "d": f"{inspection.scheduled_on:%d/%m/%Y}"},
                [_("Hình thức: %(k)s.") % {"k": inspection.get_kind_display()}],
                reverse("products:product_detail", args=[product.pk]),
            )
        url = reverse("supervision:inspection_detail", args=[inspection.pk])
        lines = [_("Kết luận: %(o)s.") % {"o": inspection.get_outcome_display()}]
        for item in inspection.items.filter(result=ItemResult.FINDING):
            lines.append(f"{item.get_area_display()} — {item.get_severity_display()}: {item.note}")
        if inspection.outcome == Outcome.REMEDY:
            remedy = inspection.remedy
            lines.append(
                _("Phải khắc phục trước ngày %(d)s: %(r)s") % {"d": f"{remedy.due_on:%d/%m/%Y}", "r": remedy.required}
            )
            lines.append(_("Báo cáo kết quả khắc phục kèm minh chứng trên hệ thống."))
        if inspection.outcome == Outcome.REVOKE:
            # The conclusion is the producer's to know; the pending proposal and its limit stay with the officials
            # (as on the certificate's own revocation path) until the decision is issued and notified.
            lines.append(
                _(
                    "Kết luận kiểm tra xác định căn cứ thu hồi giấy chứng nhận số %(n)s (Điều 8 khoản 1); cơ quan có "
                    "thẩm quyền xem xét, quyết định."
                )
                % {"n": certificate.number}
            )
        message = _("Kết luận kiểm tra sản phẩm “%(p)s”: %(o)s.") % {
            "p": product.name,
            "o": inspection.get_outcome_display(),
        }
        return product, certificate, message, lines, url
    if event in {"remedy_accepted", "remedy_rejected"}:
        remedy = Remedy.objects.select_related("inspection__product__producer", "inspection__certificate").get(pk=pk)
        product, certificate = remedy.inspection.product, remedy.inspection.certificate
        url = reverse("supervision:inspection_detail", args=[remedy.inspection_id])
        if event == "remedy_accepted":
            message = _("Kết quả khắc phục đối với sản phẩm “%(p)s” đã được chấp nhận.") % {"p": product.name}
            return product, certificate, message, [remedy.review_note] if remedy.review_note else [], url
        message = _("Báo cáo khắc phục đối với sản phẩm “%(p)s” chưa được chấp nhận; hạn %(d)s.") % {
            "p": product.name,
            "d": f"{remedy.due_on:%d/%m/%Y}",
        }
        return product, certificate, message, [remedy.review_note], url
    if event == "stop_confirmed":
        case = RevocationCase.objects.select_related("certificate__product__producer").get(pk=pk)
        certificate = case.certificate
        message = _(
            "UBND xã xác nhận chủ thể không còn sản xuất sản phẩm “%(p)s”; giấy chứng nhận số %(n)s được xem xét "
            "thu hồi (Điều 8 khoản 1 điểm đ)."
        ) % {"p": certificate.product_name, "n": certificate.number}
        url = reverse("certificates:certificate_detail", args=[certificate.pk])
        return certificate.product, certificate, message, [], url
    raise ValueError(event)


def supervision_notify_producer(*, event: str, pk: int) -> int:
    """Tell the producer's members (in the app) and the producer's addresses (by e-mail) of one step."""
    from ocop.emails import office_reply_to, send_templated

    with translation.override("vi"):
        product, certificate, message, lines, url = _producer_message(event, pk)
        producer = product.producer
        members = list(producer.members.filter(is_active=True))
        notify(users=members, message=message, url=url)
        recipients = sorted({m.email for m in members if m.email} | ({producer.email} if producer.email else set()))
        if not recipients:
            return 0
        return send_templated(
            "supervision_step",
            to=recipients,
            context={"producer": producer, "certificate": certificate, "message": message, "lines": lines, "url": url},
            reply_to=office_reply_to(producer.commune.parent_id),
        )


def office_filter_q(user: User) -> Q:
    """For forms: the inspectors `user` may assign (active people of the inspector roles in the user's reach)."""
    if user.is_national:
        return Q(role__in=INSPECTOR_ROLES)
    return Q(role__in=INSPECTOR_ROLES - {Role.CENTRAL_OFFICER}, unit_id=user.province_id) | Q(role=Role.CENTRAL_OFFICER)
