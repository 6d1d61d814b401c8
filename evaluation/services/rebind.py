"""A draft moved to the criteria version in force (D26 Điều 12.2): the 2021–2025 rules hold only for a dossier filed
before 22/05/2026, so one typed in under them and not filed by then is filed under D26 (selectors.dossier.
criteria_outdated says which; services.checks.submit_errors refuses the submission until it is moved)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.edits import AlreadyDone
from ocop.models import User
from ocop.services import audit_record

from ..choices import DocumentKind, RegistrationStatus
from ..models import DossierDocument, Registration, Scorecard
from ..models.registrations import CaseVariant
from ..permissions.registrations import ensure_can_act
from ..selectors.dossier import criteria_outdated
from .checks import case_variant_error
from .documents import document_kind_fits

S = RegistrationStatus


@dataclass
class Rebound:
    """What the move did, for the producer's message: the answers cleared (the old criteria's numbers), the signed
    self-assessment reports (Mẫu 02) set aside, the documents dropped as no longer fitting the dossier's kind, those
    kept but no longer tied to an old criterion, and whether the new scorecard asks a case (Trường hợp 1/2) the
    dossier has not chosen."""

    registration: Registration
    answers_cleared: list[str] = field(default_factory=list)
    documents_set_aside: list[str] = field(default_factory=list)
    documents_dropped: list[str] = field(default_factory=list)
    documents_untied: list[str] = field(default_factory=list)
    case_needed: bool = False


@transaction.atomic
def registration_rebind(*, registration: Registration, by: User) -> Rebound:
    """Bind a draft never submitted to the criteria version in force: its scorecard for the product's set, its legal
    basis and, for set 26, its case checked against the new scorecard (kept when it still applies, dropped when the
    new scorecard has no cases, left to be chosen when it asks one). The self-assessment answers name the old
    criteria: they are cleared, and the producer's signed report of them (Mẫu 02) is set aside: it leaves the dossier,
    whose checklist asks for it again, and its stored file is kept, named by an audit row
    ("registration.document_set_aside"). The other documents are kept where they still fit the dossier's kind; one
    tied to an old criterion stays, untied. Who may edit the draft does it (the producer, or the officer that typed it in for a
    producer without an account). Compare-and-swap on the row locked: sent twice, the second finds it done."""
    ensure_can_act(by, "edit", registration)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("criteria_version", "product")
        .get(pk=registration.pk)
    )
    version = criteria_outdated(registration)
    if version is None:
        if registration.status == S.DRAFT and not registration.first_submitted_at:
            raise AlreadyDone(_("Hồ sơ đã theo bộ tiêu chí hiện hành."))
        raise ValidationError(
            _("Chỉ chuyển bộ tiêu chí cho hồ sơ chưa nộp lần nào; hồ sơ đã nộp giữ bộ tiêu chí khi nộp (Điều 12.2).")
        )
    old_version = registration.criteria_version
    scorecard = Scorecard.objects.filter(version=version, product_set_id=registration.product.product_set_id).first()
    case_variant = registration.case_variant
    case_needed = False
    if case_variant_error(scorecard, case_variant):
        if scorecard is not None and scorecard.has_case_variants:
            case_variant, case_needed = CaseVariant.NONE, True  # chosen on the form before submitting
        else:
            case_variant = CaseVariant.NONE  # the new scorecard has no cases
    answers = list(
        registration.answers.select_related("criterion").order_by("criterion__group__part__letter", "criterion__order")
    )
    cleared = [a.criterion.number for a in answers]
    registration.answers.all().delete()
    set_aside, dropped, untied = [], [], []
    for document in registration.documents.select_related("criterion").order_by("uploaded_at", "pk"):
        if document.kind == DocumentKind.SELF_ASSESSMENT:  # signed for the answers just cleared
            set_aside.append(document.original_name)
            audit_record(
                actor=by,
                action="registration.document_set_aside",
                target=registration,
                changes={
                    "document": document.pk,
                    "name": document.original_name,
                    "document_kind": document.kind,
                    "sha256": document.sha256,
                    "size": document.size,
                    "file": document.file.name,
                },
            )
            document.delete()  # the stored file stays, as the audit row names it
        elif not document_kind_fits(registration, document.kind):
            dropped.append(document.original_name)
            name = document.file.name
            document.delete()
            if not DossierDocument.objects.filter(file=name).exists():  # a copy may share the stored file
                transaction.on_commit(lambda name=name: default_storage.delete(name))
        elif document.criterion_id is not None and (
            scorecard is None or document.criterion.group.part.scorecard_id != scorecard.pk
        ):
            untied.append(document.original_name)
            DossierDocument.objects.filter(pk=document.pk).update(criterion=None)
    moved = Registration.objects.filter(
        pk=registration.pk,
        status=S.DRAFT,
        criteria_version_id=old_version.pk,
        first_submitted_at__isnull=True,
        submitted_at__isnull=True,
    ).update(
        criteria_version=version,
        scorecard=scorecard,
        legal_basis=version.legal_basis,
        case_variant=case_variant,
        updated_at=timezone.now(),
    )
    if moved != 1:  # cannot happen under the row lock; kept as the guard of the write
        raise ValidationError(_("Hồ sơ vừa được thay đổi sau khi bạn mở trang; vui lòng tải lại trang."))
    audit_record(
        actor=by,
        action="registration.rebind",
        target=registration,
        changes={
            "legal_basis": [old_version.legal_basis, version.legal_basis],
            "scorecard": [registration.scorecard_id, scorecard.pk if scorecard else None],
            **(
                {"case_variant": [registration.case_variant, case_variant]}
                if case_variant != registration.case_variant
                else {}
            ),
            **({"answers_cleared": cleared} if cleared else {}),
            **({"documents_dropped": dropped} if dropped else {}),
            **({"documents_untied": untied} if untied else {}),
        },
    )
    registration.refresh_from_db()
    return Rebound(
        registration=registration,
        answers_cleared=cleared,
        documents_set_aside=set_aside,
        documents_dropped=dropped,
        documents_untied=untied,
        case_needed=case_needed,
    )
