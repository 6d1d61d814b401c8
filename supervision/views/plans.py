"""Supervision plans: their list, record and edits, and the products scheduled into them for inspection."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.downloads import file_download_response
from ocop.forms import add_service_errors
from ocop.pagination import page_urls

from .. import forms, selectors, services
from ..choices import SelectionReason
from ..filters import CandidateFilter
from ..models import OFFICE_READERS, SupervisionPlan
from ..permissions import can_manage_plan, get_plan_for_user, is_office
from .common import page_of, require


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
