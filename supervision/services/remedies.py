"""Remedies after an inspection (D26 Điều 9): the producer's answer with its evidence, the office's review."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, notify, stored_files_undone_on_error
from ocop.text import nfc
from ocop.uploads import is_pdf, upload_size_check
from products.photos import photo_without_metadata
from products.validators import validate_photo

from ..choices import (
    RemedyStatus,
)
from ..models import (
    Remedy,
    RemedyEvidence,
    RemedyReport,
)
from ..permissions import (
    can_answer_remedy,
    can_review_remedy,
)
from .common import MAX_EVIDENCE_FILES, notify_producer


def _evidence_kind(upload) -> tuple[str, str]:
    """A photo (validated like product photos) or a PDF: (extension, content type)."""
    if is_pdf(upload):
        upload_size_check(upload)
        return "pdf", "application/pdf"
    try:
        ext = validate_photo(upload)
    except ValidationError as exc:
        if exc.code in {"photo_invalid", "photo_format"}:  # not a photo we take: a PDF would have done too
            raise ValidationError(
                _("Minh chứng phải là ảnh JPEG, PNG, WebP hoặc tệp PDF."), code="evidence_kind"
            ) from exc
        raise  # a photo too large: said as such
    return ext, {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[ext]


def remedy_evidence_check(*, uploads) -> list[tuple[str, str]]:
    """The evidence files of an answer: at most MAX_EVIDENCE_FILES, each a photo or a PDF within the limit; every
    file refused named beside the field at once. Their (extension, content type). The answer form asks it as it is
    cleaned, so that a refused file shows with the form's own refusals (an answer too long) in the same answer."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_EVIDENCE_FILES:
        raise ValidationError({"files": _("Tối đa %(n)s tệp minh chứng.") % {"n": MAX_EVIDENCE_FILES}})
    kinds, refused = [], []
    for upload in uploads:
        try:
            kinds.append(_evidence_kind(upload))
        except ValidationError as exc:
            refused += [f"{upload.name}: {m}" for m in exc.messages]
    if refused:
        raise ValidationError({"files": refused})
    return kinds


def _report_keep(remedy: Remedy) -> RemedyReport:
    """The remedy's report that was not accepted, as it stood, before the producer's next report replaces it; the
    evidence sent with it goes with it."""
    report = RemedyReport(
        remedy=remedy,
        answer=remedy.answer,
        answered_at=remedy.answered_at,
        answered_by=remedy.answered_by,
        review_note=remedy.review_note,
        reviewed_at=remedy.reviewed_at,
        reviewed_by=remedy.reviewed_by,
    )
    report.full_clean()
    report.save()
    RemedyEvidence.objects.filter(remedy=remedy, report=None).update(report=report)
    return report


@transaction.atomic
def remedy_answer(*, remedy: Remedy, by: User, answer: str, uploads=()) -> Remedy:
    """The producer reports what it fixed, with evidence (photos or PDFs); the inspectors are told."""
    if not can_answer_remedy(by, remedy):
        raise PermissionDenied
    answer = nfc(answer).strip()
    if not answer:
        raise ValidationError({"answer": _("Ghi nội dung đã khắc phục.")})
    uploads = list(uploads)
    kinds = remedy_evidence_check(uploads=uploads)
    # Locked: a double click or a second tab waits here, then finds the remedy answered.
    current = Remedy.objects.select_for_update().filter(pk=remedy.pk, status=RemedyStatus.OPEN).first()
    if current is None:
        raise ValidationError(_("Yêu cầu khắc phục không còn chờ trả lời."))
    # A report the inspectors did not accept: kept, with its evidence and their reason.
    kept = _report_keep(current) if current.answered_at is not None else None
    Remedy.objects.filter(pk=remedy.pk).update(
        status=RemedyStatus.ANSWERED,
        answer=answer,
        answered_at=timezone.now(),
        answered_by=by,
        review_note="",  # the new report waits for its own review
        reviewed_at=None,
        reviewed_by=None,
    )
    evidence = [
        RemedyEvidence(remedy=remedy, original_name=nfc(upload.name)[:200], content_type=content_type, uploaded_by=by)
        for upload, (_ext, content_type) in zip(uploads, kinds, strict=True)
    ]
    with stored_files_undone_on_error(*evidence):  # a file that fails takes the ones stored before it along
        for row, upload, (ext, _content_type) in zip(evidence, uploads, kinds, strict=True):
            content = upload if ext == "pdf" else photo_without_metadata(upload, ext=ext)  # no GPS, no camera
            row.file.save(f"{uuid.uuid4().hex}.{ext}", content, save=False)
            row.save()
    remedy.refresh_from_db()
    changes = {"files": len(uploads)} | ({"earlier_report": kept.pk} if kept else {})
    audit_record(actor=by, action="supervision.remedy_answer", target=remedy, changes=changes)
    notify(
        users=list(remedy.inspection.inspectors.all()),
        url=reverse("supervision:inspection_detail", args=[remedy.inspection_id]),
        message=Phrase(
            gettext_lazy("Chủ thể đã báo cáo khắc phục đối với sản phẩm “%(p)s”."), p=remedy.inspection.product.name
        ),
    )
    return remedy


def remedy_review_check(*, accept: bool, note: str | None = "", due_on: dt.date | None = None) -> None:
    """A rejection says why (the producer fixes on from it) and a new deadline given is later than today: every
    refusal at once, beside its field. The review form asks it as it is cleaned, with its own refusals."""
    if accept:
        return
    errors = {}
    if not nfc(note or "").strip():
        errors["note"] = _("Ghi lý do chưa chấp nhận để chủ thể khắc phục tiếp.")
    if due_on is not None and due_on <= timezone.localdate():
        errors["due_on"] = _("Hạn mới phải sau hôm nay (%(today)s).") % {"today": f"{timezone.localdate():%d/%m/%Y}"}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def remedy_review(*, remedy: Remedy, by: User, accept: bool, note: str = "", due_on: dt.date | None = None) -> Remedy:
    """An inspector accepts the producer's answer (remedied) or rejects it with the reason (open again, with a
    new deadline if given)."""
    if not can_review_remedy(by, remedy):
        raise PermissionDenied
    note = nfc(note).strip()
    remedy_review_check(accept=accept, note=note, due_on=due_on)
    fields = {"review_note": note, "reviewed_at": timezone.now(), "reviewed_by": by}
    if accept:
        fields["status"] = RemedyStatus.ACCEPTED
    else:
        fields["status"] = RemedyStatus.OPEN
        if due_on is not None:
            fields["due_on"] = due_on
    moved = Remedy.objects.filter(pk=remedy.pk, status=RemedyStatus.ANSWERED).update(**fields)
    if moved != 1:
        raise ValidationError(_("Báo cáo khắc phục đã được xem xét."))
    due_before = remedy.due_on
    remedy.refresh_from_db()
    changes = {"accept": accept}
    if remedy.due_on != due_before:  # a new deadline with the rejection: its history says from when to when
        changes["due_on"] = [due_before.isoformat(), remedy.due_on.isoformat()]
    audit_record(actor=by, action="supervision.remedy_review", target=remedy, changes=changes, summary=note)
    notify_producer("remedy_accepted" if accept else "remedy_rejected", remedy.pk)
    return remedy
