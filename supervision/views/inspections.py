"""Supervision pages: the overview, plans, inspections (the record on site, photos, the conclusion) and remedies.
Thin views: chokepoint → form → service → message and redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates.permissions import can_manage_certificate
from ocop.confirm import confirm_page, is_confirmed, is_going_back
from ocop.downloads import export_response, file_download_response, image_response
from ocop.forms import add_service_errors, valid_and_checked
from ocop.pagination import page_urls
from ocop.text import unit_name_in_text

from .. import forms, selectors, services
from ..choices import CaseSource, InspectionStatus, Outcome, SelectionReason
from ..exports import inspection_workbook
from ..filters import CandidateFilter
from ..models import OFFICE_READERS, SupervisionPlan
from ..permissions import (
    can_answer_remedy,
    can_manage_plan,
    can_review_remedy,
    get_evidence_for_user,
    get_inspection_for_user,
    get_photo_for_user,
    get_plan_for_user,
    get_remedy_for_user,
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


# --- Plans -------------------------------------------------------------------------------------------


def _reads_plans(user) -> bool:
    return user.is_national or user.role in OFFICE_READERS


@login_required
@require_GET
def plan_list(request):
    require(_reads_plans(request.user))
    plans = SupervisionPlan.objects.for_user(request.user).select_related("unit")
    return render(
        request, "supervision/plan_list.html", {"page": page_of(request, plans), "can_create": is_office(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    require(is_office(request.user))
    form = forms.PlanForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                by=request.user,
                level=data["level"],
                unit=data.get("unit"),
                year=data["year"],
                number=data["number"],
                signed_on=data["signed_on"],
                title=data["title"],
                document=data.get("document"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận kế hoạch kiểm tra, giám sát."))
            return redirect("supervision:plan_detail", plan.pk)
    return render(request, "supervision/plan_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_update(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    initial = {name: getattr(plan, name) for name in forms.PlanEditForm.edits_fields}
    form = forms.PlanEditForm(request.POST or None, request.FILES or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.own_changes({k: v for k, v in form.cleaned_data.items() if k != "document"})
        try:
            services.plan_update(
                plan=plan, by=request.user, data=data, seen=form.seen(), document=form.cleaned_data.get("document")
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("supervision:plan_detail", plan.pk)
    return render(request, "supervision/plan_form.html", {"form": form, "plan": plan})


CANDIDATES_PER_PAGE = 50


def _plan_page(request, plan, form=None, *, status=200):
    """The plan's page: its inspections, and for its office (`form`) the products the rules propose, filtered by the
    query string and paged (each list pages on its own)."""
    inspections = Paginator(selectors.plan_inspections(plan=plan, user=request.user), 50).get_page(
        request.GET.get("inspections_page")
    )
    context = {
        "plan": plan,
        "can_manage": form is not None,
        "form": form,
        "inspections": inspections,
        "inspection_urls": page_urls(request, "inspections_page", inspections),
    }
    if form is not None:
        found, candidates = _proposals(request, plan)
        page = Paginator(candidates, CANDIDATES_PER_PAGE).get_page(request.GET.get("page"))
        ticked = {str(pk) for pk in (form["certificates"].value() or [])}
        context |= {
            "candidate_filter": found,
            "candidates": page,
            "candidate_urls": page_urls(request, "page", page),
            "ticked": ticked,
            "at_once_max": forms.SCHEDULE_AT_ONCE_MAX,
            "query": request.GET.urlencode(),
        }
    return render(request, "supervision/plan_detail.html", context, status=status)


def _proposals(request, plan):
    """The products the rules propose that the page's filter (the query string) shows: the filter and the rows."""
    found = CandidateFilter(request.GET, queryset=selectors.plan_scope_certificates(plan), user=request.user, plan=plan)
    return found, selectors.plan_candidates(plan=plan, certificates=found.qs, reason=found.chosen_reason())


def _schedule_form(request, plan, data=None):
    """The scheduling form; it accepts any product the rules propose for the plan, whatever the page shows, and
    every product the filter shows when asked to (`all_matching`)."""
    candidates = selectors.plan_candidates(plan=plan) if data is not None else []
    matching = _proposals(request, plan)[1] if data is not None and data.get("all_matching") else []
    scope = selectors.plan_unplanned_certificates(plan)
    form = forms.ScheduleForm(data, user=request.user, plan=plan, scope=scope, candidates=candidates, matching=matching)
    return form, candidates


@login_required
@require_GET
def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    form = _schedule_form(request, plan)[0] if can_manage_plan(request.user, plan) else None
    return _plan_page(request, plan, form)


@login_required
@require_POST
def plan_schedule(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form, candidates = _schedule_form(request, plan, request.POST)
    if form.is_valid():
        reasons = {c["certificate"].pk: c["reasons"] for c in candidates}
        chosen = form.cleaned_data["chosen"]
        try:
            services.inspections_schedule(
                plan=plan,
                chosen=[(c, reasons.get(c.pk, [SelectionReason.MANUAL])) for c in chosen],
                inspectors=form.cleaned_data["inspectors"],
                scheduled_on=form.cleaned_data["scheduled_on"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("Đã đưa %(n)s sản phẩm vào kế hoạch.", "Đã đưa %(n)s sản phẩm vào kế hoạch.", len(chosen))
                % {"n": len(chosen)},
            )
            # Back to the same filter, to go on choosing where the officer was.
            query = request.GET.urlencode()
            return redirect(reverse("supervision:plan_detail", args=[plan.pk]) + (f"?{query}" if query else ""))
    return _plan_page(request, plan, form, status=400)


@login_required
@require_GET
def plan_document(request, pk):
    plan = get_plan_for_user(request.user, pk)
    if not plan.document:
        raise Http404
    return file_download_response(
        plan.document.open("rb"), filename=f"{plan.number}.pdf", content_type="application/pdf", as_attachment=False
    )


# --- Inspections ------------------------------------------------------------------------------------


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
    inspection = get_inspection_for_user(request.user, pk)
    remedy = getattr(inspection, "remedy", None)
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
            "evidence": remedy.evidence.all() if remedy else [],
            "can_record": is_inspector(request.user, inspection) and inspection.status != InspectionStatus.CONCLUDED,
            "can_answer": remedy is not None and can_answer_remedy(request.user, remedy),
            "can_review": remedy is not None and can_review_remedy(request.user, remedy),
            "review_form": forms.RemedyReviewForm() if remedy is not None else None,
            "cases": inspection.revocation_cases.for_user(request.user),
        },
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
    initial = {name: getattr(inspection, name) for name in forms.RecordForm.base_fields}
    # The commune as a line of its own writes it: "Xã Côn Minh, tỉnh Thái Nguyên" (Nghị định 30/2020, Phụ lục II).
    place = unit_name_in_text(inspection.product.producer.commune, opening=True)
    proposals = {"inspected_on": timezone.localdate(), "place": place}
    form = forms.RecordForm(request.POST or None, items=inspection.items.all(), initial=initial, proposals=proposals)
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
    record_form = forms.RecordForm(items=inspection.items.all())
    return render(
        request, "supervision/inspection_record.html", _record_context(inspection, record_form, form), status=400
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_conclude(request, pk):
    inspection = get_inspection_for_user(request.user, pk, record=True)
    if inspection.status == InspectionStatus.CONCLUDED:
        return redirect("supervision:inspection_detail", inspection.pk)
    form = forms.ConcludeForm(
        request.POST or None, inspection=inspection, initial={"remedy_due_on": forms.default_due(30)}
    )
    # The conclusion's rules (services.inspection_conclusion_check) are asked before the confirmation step of a
    # revocation, and in the same answer as the form's own refusals (a date left empty no longer hid a remedy with
    # nothing to put right): never a confirmation of a conclusion that cannot be made.
    if (
        request.method == "POST"
        and not is_going_back(request)
        and valid_and_checked(
            form,
            services.inspection_conclusion_check,
            _conclusion_fields(form),
            inspection=inspection,
            by=request.user,
        )
    ):
        data = form.cleaned_data
        if data["outcome"] == Outcome.REVOKE and not is_confirmed(request):
            return _revoke_confirm_page(request, form, inspection)
        try:
            services.inspection_conclude(
                inspection=inspection, by=request.user, **_conclusion(form), detail=data["detail"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã kết luận cuộc kiểm tra; chủ thể được thông báo."))
            return redirect("supervision:inspection_detail", inspection.pk)
    return render(
        request,
        "supervision/inspection_conclude.html",
        {"inspection": inspection, "form": form, "items": inspection.items.all()},
    )


def _revoke_confirm_page(request, form, inspection):
    """What a conclusion with a ground to revoke does: the proposal at once when the inspector's office is the one
    whose authority revokes, else the ground goes to that office (Điều 8.2, 8.3a); the 15 days run either way."""
    certificate = inspection.certificate
    if can_manage_certificate(request.user, certificate):
        title = _("Đề xuất thu hồi giấy chứng nhận %(n)s") % {"n": certificate.number}
        first = _("Đề xuất thu hồi được ghi vào giấy chứng nhận; một cán bộ khác kiểm tra và ban hành quyết định.")
        submit = _("Kết luận và đề xuất thu hồi")
    else:
        title = _("Kết luận có căn cứ thu hồi giấy chứng nhận %(n)s") % {"n": certificate.number}
        first = (
            _(
                "Bộ trưởng quyết định thu hồi giấy chứng nhận 5 sao: kết luận được chuyển cơ quan tham mưu quản lý OCOP của Bộ để đề xuất thu hồi."
            )
            if certificate.star == 5
            else _(
                "Chủ tịch UBND cấp tỉnh quyết định thu hồi giấy chứng nhận 3, 4 sao: kết luận được chuyển cơ quan tham "
                "mưu quản lý OCOP cấp tỉnh để đề xuất thu hồi."
            )
        )
        submit = _("Kết luận và chuyển cơ quan có thẩm quyền")
    return confirm_page(
        request,
        title=title,
        consequences=[first, _limit_start(inspection, form.cleaned_data), _("Chủ thể được thông báo.")],
        summary=[(_("Căn cứ"), dict(form.fields["ground"].choices).get(form.cleaned_data["ground"], ""))],
        submit=submit,
        cancel_url=reverse("supervision:inspection_detail", args=[inspection.pk]),
        can_go_back=True,
    )


def _limit_start(inspection, data: dict) -> str:
    typed = services.agency_conclusion_typed(  # entered with the ground (checked already)
        inspection,
        data["ground"],
        data.get("agency", ""),
        data.get("agency_document_number", ""),
        data.get("agency_concluded_on"),
    )
    if typed is not None:
        agency, document_number, concluded_on = typed
        start = {
            "source": CaseSource.AGENCY,
            "opened_on": concluded_on,
            "document_number": document_number,
            "agency": agency,
        }
    else:
        start = services.revocation_start(inspection, data["ground"])
    if start["source"] == CaseSource.AGENCY:
        return _(
            "Thời hạn 15 ngày (Điều 8.4) tính từ ngày %(d)s, ngày kết luận số %(n)s của %(a)s: hạn thu hồi %(due)s."
        ) % {
            "d": f"{start['opened_on']:%d/%m/%Y}",
            "n": start["document_number"],
            "a": start["agency"],
            "due": f"{services.revocation_due_on(start['opened_on']):%d/%m/%Y}",
        }
    return _("Thời hạn 15 ngày (Điều 8.4) bắt đầu từ ngày kết luận.")


def _conclusion_fields(form) -> tuple[str, ...]:
    """The conclusion's fields as the services take them (the check and the act read the same ones); the agency's
    conclusion is absent when the inspection recorded one at its opening."""
    names = ("outcome", "concluded_on", "remedy_required", "remedy_due_on", "ground")
    typed = ("agency", "agency_document_number", "agency_concluded_on")
    return names + tuple(name for name in typed if name in form.fields)


def _conclusion(form) -> dict:
    return {name: form.cleaned_data[name] for name in _conclusion_fields(form)}


@login_required
@require_GET
def inspection_photo(request, pk, size="full"):
    """Photos of an inspection are private: served only to those who see the inspection."""
    photo = get_photo_for_user(request.user, pk)
    return image_response(photo.thumbnail if size == "thumb" and photo.thumbnail else photo.image)


# --- Remedies ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def remedy_answer(request, pk):
    remedy = get_remedy_for_user(request.user, pk)
    require(can_answer_remedy(request.user, remedy))
    form = forms.RemedyAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remedy_answer(
                remedy=remedy, by=request.user, answer=form.cleaned_data["answer"], uploads=form.cleaned_data["files"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo khắc phục."))
            return redirect("supervision:inspection_detail", remedy.inspection_id)
    return render(request, "supervision/remedy_answer.html", {"remedy": remedy, "form": form})


@login_required
@require_POST
def remedy_review(request, pk):
    remedy = get_remedy_for_user(request.user, pk)
    require(is_inspector(request.user, remedy.inspection))
    form = forms.RemedyReviewForm(request.POST)
    if form.is_valid():
        try:
            services.remedy_review(
                remedy=remedy,
                by=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi ý kiến về kết quả khắc phục."))
    else:
        messages.error(request, _("Chọn chấp nhận hoặc chưa chấp nhận."))
    return redirect("supervision:inspection_detail", remedy.inspection_id)


@login_required
@require_GET
def remedy_evidence(request, pk):
    evidence = get_evidence_for_user(request.user, pk)
    if evidence.content_type.startswith("image/"):
        return image_response(evidence.file, filename=evidence.original_name)
    return file_download_response(
        evidence.file.open("rb"), filename=evidence.original_name, content_type=evidence.content_type
    )
