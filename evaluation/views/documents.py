"""Views for a dossier's evidence files: upload (one or a batch), delete, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.downloads import file_download_response
from ocop.forms import add_service_errors

from ..forms.registrations import DocumentBatchForm, DocumentUploadForm
from ..models import DocumentKind
from ..permissions.registrations import (
    can_act,
    can_do,
    ensure_can_act,
    get_document_for_user,
    get_registration_for_user,
)
from ..selectors import dossier as dossier_selectors
from ..selectors import registrations as selectors
from ..services import documents as documents_services

GET_POST = require_http_methods(["GET", "POST"])


@login_required
@GET_POST
def registration_documents(request, pk):
    registration = get_registration_for_user(request.user, pk)
    officer_kinds = registration.status == "advisory_review" and can_do(request.user, "site_visit")
    producer_side = can_act(request.user, "edit", registration)  # the producer, or an officer acting for it
    if request.method == "POST" and not (officer_kinds or producer_side):
        get_registration_for_user(request.user, pk, action="edit")  # 403
    supplement = (
        dossier_selectors.open_supplement(registration) if registration.status == "supplement_requested" else None
    )
    only_criteria = list(supplement.criteria.values_list("pk", flat=True)) if supplement else None
    only_kinds = supplement.document_kinds if supplement else None  # the form accepts a kind asked or a criterion
    form = DocumentUploadForm(
        request.POST or None,
        request.FILES or None,
        registration=registration,
        officer_kinds=officer_kinds,
        only_kinds=only_kinds,
        only_criteria=only_criteria,
        initial=_upload_initial(request.GET),
    )
    batch = _document_batch_form(request, registration, officer_kinds=officer_kinds, only_kinds=only_kinds)
    if request.method == "POST" and request.POST.get("batch"):
        form = DocumentUploadForm(
            registration=registration, officer_kinds=officer_kinds, only_kinds=only_kinds, only_criteria=only_criteria
        )
        if batch is not None and batch.is_valid():
            saved, refused = documents_services.documents_upload_many(
                registration=registration, files=batch.files_by_kind(), by=request.user
            )
            _report_batch(request, saved, refused)
            return redirect("evaluation:registration_documents", pk=registration.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            documents_services.document_upload(
                registration=registration,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                criterion=form.cleaned_data["criterion"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tải lên tài liệu."))
            return redirect("evaluation:registration_documents", pk=registration.pk)
    context = selectors.registration_detail(registration=registration, user=request.user)
    # The producer's side changes files only while the dossier is theirs (draft, returned, a supplement);
    # during a supplement only the files uploaded since the request may be removed.
    producer_turn = producer_side and registration.waits_for_producer
    return render(
        request,
        "evaluation/registration_documents.html",
        {
            "registration": registration,
            "form": form,
            "batch_form": batch if producer_turn else None,
            "can_upload": officer_kinds or producer_turn,
            "can_delete": producer_turn,
            "producer_acts_itself": registration.waits_for_producer
            and can_do(request.user, "edit")
            and not producer_side,
            "delete_since": supplement.requested_at if supplement else None,
            **context,
        },
    )


def _upload_initial(query) -> dict:
    """What a link preselects in the upload form: "Đính kèm minh chứng" beside a criterion (of the self-assessment or
    of the supplement page) names the criterion, its kind then "other"; a supplement page's missing document names
    its kind (?kind=). The form keeps only a kind it offers."""
    initial = {}
    if "criterion" in query:
        initial = {"criterion": query["criterion"][:12], "kind": DocumentKind.OTHER}
    if "kind" in query:
        initial["kind"] = query["kind"][:40]
    return initial


def _document_batch_form(request, registration, *, officer_kinds, only_kinds):
    """Several files at once, one input per document kind the producer may add now (during a supplement, the kinds
    it asks); none while a supplement asks only for criteria evidence (each file then needs its criterion) or on the
    officers' side."""
    if officer_kinds or (registration.status == "supplement_requested" and not only_kinds):
        return None
    rows = selectors.checklist(registration, [])
    kinds = [
        (r["kind"], r["label"], r["required"])
        for r in rows
        if r["kind"] not in documents_services.OFFICER_ONLY_KINDS
        and documents_services.document_kind_fits(registration, r["kind"])
    ]
    if only_kinds:
        kinds = [k for k in kinds if k[0] in only_kinds]
    data = (request.POST, request.FILES) if request.method == "POST" and request.POST.get("batch") else ()
    return DocumentBatchForm(*data, kinds=kinds, prefix="batch")


def _report_batch(request, saved, refused) -> None:
    """One message for the files stored, one naming each refused file, its kind and why."""
    if saved:
        messages.success(
            request, ngettext("Đã tải lên %(n)d tệp.", "Đã tải lên %(n)d tệp.", len(saved)) % {"n": len(saved)}
        )
    for item in refused:
        messages.error(
            request, documents_services.refused_file_message(item["name"], item["reasons"], kind=item["kind"])
        )


@login_required
@require_POST
def document_delete(request, pk):
    document = get_document_for_user(request.user, pk)
    ensure_can_act(request.user, "edit", document.registration)
    try:
        documents_services.document_delete(document=document, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xoá tài liệu."))
    return redirect("evaluation:registration_documents", pk=document.registration_id)


@login_required
@require_GET
def document_download(request, pk):
    """The only way to a dossier file: after the chokepoint, as an attachment, never sniffed."""
    document = get_document_for_user(request.user, pk)
    try:
        handle = default_storage.open(document.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = file_download_response(handle, filename=document.original_name, content_type=document.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
