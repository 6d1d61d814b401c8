"""The dossier's evidence files: stored privately after checking their real type, size and the dossier's state."""

import secrets
from pathlib import PurePath

import filetype
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ocop.models import User
from ocop.services import audit_record
from ocop.text import nfc, strip_accents
from ocop.uploads import file_sha256, upload_size_check

from ..choices import RegistrationKind, RegistrationStatus
from ..models import Criterion, DocumentKind, DossierDocument, Registration
from ..models.registrations import OFFICE_DOCUMENT_KINDS
from ..permissions.registrations import ensure_can_act
from ..selectors.dossier import open_supplement
from ..workflow import PROVINCE_SIDE
from .checks import ensure_editable

S = RegistrationStatus


PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: {".pdf"}, JPEG: {".jpg", ".jpeg"}, PNG: {".png"}, DOCX: {".docx"}, XLSX: {".xlsx"}}
OFFICER_ONLY_KINDS = {DocumentKind.SITE_VISIT, DocumentKind.TEST_RESULT}
# The documents of a recognition already held: the report of the changes since it (Điều 6.1b: nâng hạng; 6.1c: what a
# re-evaluation updates) and the certificate issued. Only a dossier of these kinds carries them; a first evaluation has
# no recognition to report on, not even a product whose earlier certificate lapsed (Điều 6.1a asks Mẫu 01 and 02 only).
RECOGNITION_DOCUMENT_KINDS = {
    DocumentKind.CHANGES_REPORT: {RegistrationKind.UPGRADE, RegistrationKind.REEVALUATION},
    DocumentKind.PREVIOUS_CERTIFICATE: {RegistrationKind.UPGRADE, RegistrationKind.REEVALUATION},
}


def document_kind_fits(registration: Registration, kind: str) -> bool:
    """Whether a dossier of `registration`'s kind carries documents of `kind`: the changes report and the certificate
    held belong to an upgrade or a re-evaluation only (RECOGNITION_DOCUMENT_KINDS, Điều 6.1). The upload and the
    supplement request offer and accept only these."""
    kinds = RECOGNITION_DOCUMENT_KINDS.get(kind)
    return kinds is None or registration.kind in kinds


def document_kind_unfit_error() -> str:
    return _(
        "Loại tài liệu này chỉ dành cho hồ sơ nâng hạng hoặc đánh giá lại (Điều 6.1b, c), không dành cho hồ sơ "
        "đánh giá lần đầu."
    )


def _detect(uploaded_file) -> str:
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    guess = filetype.guess(head)
    return guess.mime if guess else ""


def _safe_name(name: str) -> str:
    path = PurePath(name or "tep")
    stem = slugify(strip_accents(path.stem))[:80] or "tep"
    suffix = slugify(path.suffix.lstrip("."))[:10]
    return f"{stem}.{suffix}" if suffix else stem


def refused_file_message(name: str, reasons, kind: str | None = None) -> str:
    """Why a file was not taken, naming it (and its kind, in a batch of several kinds): the one wording of the single
    upload's refusal beside its field and of each refused file of a batch, so that the officer knows which of the
    files picked was refused ("nội dung tệp này không hợp lệ" alone named none)."""
    values = {"name": nfc(name or ""), "reasons": " ".join(str(reason) for reason in reasons)}
    if kind:
        return _("Không nhận tệp “%(name)s” (%(kind)s): %(reasons)s") % {**values, "kind": DocumentKind(kind).label}
    return _("Không nhận tệp “%(name)s”: %(reasons)s") % values


def document_file_check(*, uploaded_file, kind: str | None) -> str:
    """The file itself as a dossier stores it: not empty, within the upload limit, of a type allowed for `kind` by
    its content (DOCX and XLSX only for the office documents; any of the dossier's types while no kind is known) and
    named with an extension that matches it. The content type found. The upload form asks it as it is cleaned, so
    that a refused file shows beside the form's other refusals (a note too long) in the same answer."""
    if (uploaded_file.size or 0) <= 0:
        raise ValidationError({"file": _("Tệp rỗng.")})
    upload_size_check(uploaded_file, field="file")
    mime = _detect(uploaded_file)
    office = kind is None or kind in OFFICE_DOCUMENT_KINDS
    if mime not in {PDF, JPEG, PNG} | ({DOCX, XLSX} if office else set()):
        raise ValidationError(
            {
                "file": _("Chỉ nhận tệp PDF, JPEG, PNG%(office)s; nội dung tệp này không hợp lệ.")
                % {"office": _(", DOCX, XLSX") if office else ""}
            }
        )
    suffix = PurePath(uploaded_file.name or "").suffix.lower()
    if suffix not in EXTENSIONS[mime]:
        raise ValidationError({"file": _("Phần mở rộng của tệp không khớp với nội dung (%(mime)s).") % {"mime": mime}})
    return mime


@transaction.atomic
def document_upload(
    *,
    registration: Registration,
    kind: str,
    uploaded_file,
    by: User,
    criterion: Criterion | None = None,
    note: str = "",
) -> DossierDocument:
    """Store one evidence file privately, after checking its real type (by content), its size and the
    dossier's state. If the row cannot be saved, the stored file is removed: nothing is half-saved."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Loại tài liệu không hợp lệ.")})
    # Lock and re-read: the status the page showed may have moved on (submitted, frozen) meanwhile.
    registration = Registration.objects.select_for_update().select_related("commune").get(pk=registration.pk)
    if kind in OFFICER_ONLY_KINDS:
        if by.is_read_only or by.role not in PROVINCE_SIDE:
            raise PermissionDenied
        if registration.status != S.ADVISORY_REVIEW:
            raise ValidationError(_("Chỉ đính kèm biên bản, kết quả kiểm nghiệm khi Tổ tư vấn đang xem xét."))
    else:
        ensure_can_act(by, "edit", registration)
        ensure_editable(registration, document_kind=kind, criterion_id=criterion.pk if criterion else None)
    if not document_kind_fits(registration, kind):
        raise ValidationError({"kind": document_kind_unfit_error()})
    if (
        criterion is not None
        and not Criterion.objects.filter(pk=criterion.pk, group__part__scorecard_id=registration.scorecard_id).exists()
    ):
        raise ValidationError({"criterion": _("Tiêu chí không thuộc phiếu đánh giá của hồ sơ.")})

    mime = document_file_check(uploaded_file=uploaded_file, kind=kind)
    size = uploaded_file.size

    sha256 = file_sha256(uploaded_file)  # read in chunks: a temp file above FILE_UPLOAD_MAX_MEMORY_SIZE never in memory
    name = f"dossiers/{registration.pk}/{secrets.token_urlsafe(16)}/{_safe_name(uploaded_file.name)}"
    stored = default_storage.save(name, uploaded_file)
    try:
        with transaction.atomic():
            document = DossierDocument(
                registration=registration,
                kind=kind,
                criterion=criterion,
                file=stored,
                original_name=nfc(uploaded_file.name or "tep")[:255],  # macOS and some browsers send NFD
                sha256=sha256,
                size=size,
                content_type=mime,
                note=note,
                uploaded_by=by,
            )
            document.full_clean()
            document.save()
            audit_record(
                actor=by,
                action="registration.document_upload",
                target=registration,
                changes={
                    "document": document.pk,
                    "name": document.original_name,
                    "document_kind": kind,
                    "sha256": document.sha256,
                    "size": size,
                },
            )
    except BaseException:
        default_storage.delete(stored)
        raise
    return document


def documents_upload_many(
    *, registration: Registration, files: list[tuple[str, object]], by: User
) -> tuple[list[DossierDocument], list[dict]]:
    """Several files at once (a producer's eight required documents in one go). Each goes through
    `document_upload` on its own, with the same checks and its own transaction: a refused file is returned with
    its name, kind and reasons and does not hold back the others. A permission refusal stops the whole batch."""
    saved, refused = [], []
    for kind, uploaded_file in files:
        try:
            saved.append(document_upload(registration=registration, kind=kind, uploaded_file=uploaded_file, by=by))
        except ValidationError as exc:
            refused.append({"name": nfc(uploaded_file.name or ""), "kind": kind, "reasons": exc.messages})
    return saved, refused


@transaction.atomic
def document_delete(*, document: DossierDocument, by: User) -> None:
    registration = Registration.objects.select_for_update().get(pk=document.registration_id)
    if document.kind in OFFICER_ONLY_KINDS:
        raise ValidationError(_("Không xoá biên bản của Tổ tư vấn."))
    ensure_can_act(by, "edit", registration)
    ensure_editable(registration, document_kind=document.kind, criterion_id=document.criterion_id)
    if registration.status == S.SUPPLEMENT_REQUESTED:
        request = open_supplement(registration)
        if request is None or document.uploaded_at < request.requested_at:
            raise ValidationError(_("Khi bổ sung, chỉ xoá được tài liệu vừa tải lên."))
    name, pk = document.file.name, document.pk
    document.delete()
    audit_record(
        actor=by,
        action="registration.document_delete",
        target=registration,
        changes={"document": pk, "name": document.original_name},
    )
    # Copies made for a re-evaluation share the stored file: remove it only when no row points at it.
    if not DossierDocument.objects.filter(file=name).exists():
        transaction.on_commit(lambda: default_storage.delete(name))
