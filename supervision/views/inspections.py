"""Supervision pages: the overview, and inspections (their list and export, an ad hoc one, the record on site and
its photos). Thin views: chokepoint → form → service → message and redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.downloads import export_response, image_response
from ocop.forms import add_service_errors
from ocop.text import unit_name_in_text
from products.selectors import audit_history_for

from .. import forms, selectors, services
from ..choices import InspectionStatus, SelectionReason
from ..exports import inspection_workbook
from ..models import remedy_overdue
from ..permissions import (
    can_answer_remedy,
    can_review_remedy,
    get_inspection_for_user,
    get_photo_for_user,
    is_inspector,
    is_office,
    reads_inspection_list,
    reads_supervision,
)
from ..tasks import export_job_run_task
from .common import page_of, require

OVERVIEW_ROWS = 50  # of each list on the overview, the most urgent first; the page says how many more there are


@login_required
@require_GET
def overview(request):
    """Coverage (share of certified products inspected in 36 months, findings, outcomes) and what is due."""
    require(reads_supervision(request.user))
    today = timezone.localdate()
    return render(
        request,
        "supervision/overview.html",
        {
            "cov": selectors.coverage(user=request.user, today=today),
            "remedies": selectors.overdue_remedies(user=request.user, today=today)[:OVERVIEW_ROWS],
            "cases": selectors.open_cases(user=request.user)[:OVERVIEW_ROWS],
            "mine": selectors.assigned_open_inspections(user=request.user)[:OVERVIEW_ROWS],
            "is_office": is_office(request.user),
        },
    )


@login_required
@require_GET
def inspection_list(request):
    user = request.user
    require(reads_inspection_list(user))
    inspections, found = selectors.inspection_search(user=user, filters=request.GET)
    return render(
        request,
        "supervision/inspection_list.html",
        {
            "page": page_of(request, inspections),
            "mine": request.GET.get("mine") == "1",
            "filter": found,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def inspection_export(request):
    """The inspection list, filtered as on its page, as an Excel workbook (a background job for a large one)."""
    user = request.user
    require(reads_inspection_list(user))
    inspections, _found = selectors.inspection_search(user=user, filters=request.GET)
    return export_response(
        request,
        queryset=inspections,
        build=inspection_workbook,
        export="inspections",
        file_name=f"cuoc-kiem-tra-{timezone.localdate():%Y%m%d}.xlsx",
        task=export_job_run_task,
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request):
    """An ad hoc inspection from another agency's finding (complaints are triaged from their own page)."""
    require(is_office(request.user))
    initial = {"scheduled_on": forms.default_due(7), "certificate_number": request.GET.get("certificate", "")}
    form = forms.AdHocForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_open_ad_hoc(
                certificate=form.certificate,
                reason=SelectionReason.AGENCY,
                detail=form.cleaned_data["detail"],
                inspectors=form.cleaned_data["inspectors"],
                scheduled_on=form.cleaned_data["scheduled_on"],
                by=request.user,
                agency=form.cleaned_data["agency"],
                document_number=form.cleaned_data["document_number"],
                concluded_on=form.cleaned_data["concluded_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã mở cuộc kiểm tra đột xuất."))
            return redirect("supervision:inspection_detail", inspection.pk)
    return render(request, "supervision/inspection_create.html", {"form": form})


@login_required
@require_GET
def inspection_detail(request, pk):
    return inspection_page(request, get_inspection_for_user(request.user, pk))


def inspection_page(request, inspection, *, review_form=None, status: int = 200):
    """The inspection's page; `review_form` the remedy review refused (its refusals beside its fields, what the
    inspector typed kept), answered from remedy_review's address."""
    remedy = getattr(inspection, "remedy", None)
    if remedy is not None and review_form is None:
        review_form = forms.RemedyReviewForm()
    # The reports the inspectors did not accept, each with its evidence (read once: the state counts them).
    reports = list(remedy.reports.prefetch_related("evidence")) if remedy else []
    return render(
        request,
        "supervision/inspection_detail.html",
        {
            "inspection": inspection,
            "items": inspection.items.all(),
            "photos": inspection.photos.all(),
            "inspectors": inspection.inspectors.all(),
            # The office's complaints and revocation case: linked for those who may open them (the producer and an
            # inspector from the advisory team read the conclusion only).
            "complaints": inspection.complaints.for_user(request.user),
            "remedy": remedy,
            "reports": reports,
            "remedy_state": selectors.remedy_state_of(remedy, kept=len(reports)) if remedy else "",
            "remedy_overdue": remedy is not None and remedy_overdue(remedy, timezone.localdate()),
            # The latest report's files, apart from those of the reports not accepted.
            "evidence": remedy.evidence.filter(report=None) if remedy else [],
            "can_record": is_inspector(request.user, inspection) and inspection.status != InspectionStatus.CONCLUDED,
            "can_answer": remedy is not None and can_answer_remedy(request.user, remedy),
            "can_review": remedy is not None and can_review_remedy(request.user, remedy),
            "review_form": review_form,
            "cases": inspection.revocation_cases.for_user(request.user),
            # Each record's change history, for the officers who read histories (None for the producer, whose
            # page keeps its own reports and the inspectors' reasons above, and for the viewer).
            "history": audit_history_for(user=request.user, target=inspection),
            "remedy_history": audit_history_for(user=request.user, target=remedy) if remedy else None,
        },
        status=status,
    )


def _record_form(inspection, data=None):
    """The on-site record as saved so far (a day and a place proposed until the first save), or as sent (`data`)."""
    initial = {name: getattr(inspection, name) for name in forms.RecordForm.base_fields}
    # The commune as a line of its own writes it: "Xã Côn Minh, tỉnh Thái Nguyên" (Nghị định 30/2020, Phụ lục II).
    place = unit_name_in_text(inspection.product.producer.commune, opening=True)
    proposals = {"inspected_on": timezone.localdate(), "place": place}
    return forms.RecordForm(
        data, items=inspection.items.all(), inspection=inspection, initial=initial, proposals=proposals
    )


def _record_context(inspection, form, photo_form=None):
    return {
        "inspection": inspection,
        "form": form,
        "photo_form": photo_form or forms.PhotoForm(),
        "photos": inspection.photos.all(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def inspection_record(request, pk):
    """The on-site record, made for a phone: checklist, representative, photos from the camera."""
    inspection = get_inspection_for_user(request.user, pk, record=True)
    if inspection.status == InspectionStatus.CONCLUDED:
        return redirect("supervision:inspection_detail", inspection.pk)
    form = _record_form(inspection, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.inspection_record(
                inspection=inspection,
                by=request.user,
                inspected_on=data["inspected_on"],
                representative_name=data["representative_name"],
                representative_title=data["representative_title"],
                place=data["place"],
                summary=data["summary"],
                items=form.items(),
                seen=form.seen(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu biên bản kiểm tra."))
            return redirect("supervision:inspection_record", inspection.pk)
    return render(request, "supervision/inspection_record.html", _record_context(inspection, form))


@login_required
@require_POST
def inspection_photo_add(request, pk):
    inspection = get_inspection_for_user(request.user, pk, record=True)
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.inspection_add_photo(
                inspection=inspection,
                by=request.user,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                area=form.cleaned_data["area"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm ảnh."))
            return redirect(reverse("supervision:inspection_record", args=[inspection.pk]) + "#photos")
    # The photo refused: the record beside it as saved (its form sends to the record's address, not this one).
    return render(
        request,
        "supervision/inspection_record.html",
        _record_context(inspection, _record_form(inspection), form),
        status=400,
    )


@login_required
@require_GET
def inspection_photo(request, pk, size="full"):
    """Photos of an inspection are private: served only to those who see the inspection."""
    photo = get_photo_for_user(request.user, pk)
    return image_response(photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image)
