"""The programme's plans (Điều 10.3a): their list, pages, edits, document and targets (typed or imported
from Excel)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.downloads import download_response, file_download_response
from ocop.forms import add_service_errors, parse_pk, planning_year
from ocop.pagination import page_urls
from ocop.xlsx import XLSX
from products.forms import ImportForm
from products.selectors import audit_history_for

from .. import excel, services
from ..choices import TargetMetric
from ..forms import PlanEditForm, PlanForm, TargetEditFormSet, TargetFormSet
from ..permissions import can_manage_plans, ensure_can_view_statistics, get_plan_for_user, plan_unit_allowed
from ..selectors import plans as plan_selectors
from .common import import_result_page


def _plan_service_errors(form, targets, exc: ValidationError) -> None:
    """A plan service's refusals on the page: what it says of the targets above the target rows (they are no field
    of the plan's form), the rest next to the form's fields."""
    if hasattr(exc, "error_dict") and "targets" in exc.error_dict:
        targets.non_form_errors().extend(exc.error_dict.pop("targets"))
    add_service_errors(form, exc)


def _target_rows(form, targets, form_valid: bool) -> list[dict] | None:
    """The target rows typed, or None until all are read; judged (plan_targets_check) beside a plan's form refused."""
    if not (targets.is_bound and targets.is_valid()):
        return None
    rows = [row for row in (f.target_fields() for f in targets.forms) if row]
    if not form_valid:
        try:
            services.plan_targets_check(rows)
        except ValidationError as exc:
            _plan_service_errors(form, targets, exc)
    return rows


@login_required
@require_GET
def plan_list(request):
    ensure_can_view_statistics(request.user)
    plans = Paginator(plan_selectors.plan_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "dashboard/plan_list.html", {"page": plans, "can_create": can_manage_plans(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    if not can_manage_plans(request.user):
        raise PermissionDenied
    # "A new plan from this one" (?copy=<plan>): next year's plan starts from this year's unit, title and targets, for
    # the period after it; a new plan is suggested the year it is most likely for.
    source = get_plan_for_user(request.user, parse_pk(request.GET.get("copy")) or 0) if "copy" in request.GET else None
    if source:
        start, end = plan_selectors.following_period(source)
        initial = {"unit": source.unit_id, "title": source.title, "period_start": start, "period_end": end}
    else:
        year = planning_year(timezone.localdate())
        initial = {"period_start": dt.date(year, 1, 1), "period_end": dt.date(year, 12, 31)}
    form = PlanForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    rows = plan_selectors.plan_target_rows(source) if source else None
    targets = TargetFormSet(request.POST or None, prefix="target", initial=rows)
    form_valid = request.method == "POST" and form.is_valid()
    rows = _target_rows(form, targets, form_valid)
    if form_valid and rows is not None:
        fields = {k: v for k, v in form.cleaned_data.items() if k != "document"}
        try:
            plan = services.plan_create(
                by=request.user, fields=fields, targets=rows, document=form.cleaned_data.get("document")
            )
        except ValidationError as exc:
            _plan_service_errors(form, targets, exc)
        else:
            messages.success(request, _("Đã ghi nhận kế hoạch."))
            return redirect("dashboard_plan_detail", plan.pk)
    return render(request, "dashboard/plan_form.html", {"form": form, "targets": targets, "source": source})


@login_required
@require_GET
def plan_detail(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    return render(
        request,
        "dashboard/plan_detail.html",
        {
            "plan": plan,
            "progress": plan_selectors.plan_progress(plan),
            "can_change": can_manage_plans(request.user) and plan_unit_allowed(request.user, plan.unit),
            "history": audit_history_for(user=request.user, target=plan),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_update(request, pk: int):
    """Correct a recorded plan: its fields, its targets (an emptied row removes one) and its document."""
    plan = get_plan_for_user(request.user, pk, write=True)
    rows = plan_selectors.plan_target_rows(plan)
    initial = {name: getattr(plan, name) for name in PlanEditForm.edits_fields}
    initial["targets_shown"] = plan_selectors.targets_fingerprint(rows)
    form = PlanEditForm(request.POST or None, request.FILES or None, user=request.user, initial=initial, plan=plan)
    targets = TargetEditFormSet(request.POST or None, prefix="target", initial=rows)
    form_valid = request.method == "POST" and form.is_valid()
    rows = _target_rows(form, targets, form_valid)
    if form_valid and rows is not None:
        data = form.own_changes({k: v for k, v in form.cleaned_data.items() if k in PlanEditForm.edits_fields})
        try:
            services.plan_update(
                plan=plan,
                by=request.user,
                data=data,
                seen=form.seen(),
                targets=rows,
                targets_shown=form.cleaned_data["targets_shown"] or None,
                document=form.cleaned_data.get("document"),
            )
        except ValidationError as exc:
            _plan_service_errors(form, targets, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("dashboard_plan_detail", plan.pk)
    return render(request, "dashboard/plan_form.html", {"form": form, "targets": targets, "plan": plan})


@login_required
@require_GET
def plan_target_detail(request, pk: int, target_pk: int):
    """The certificates behind a target's achieved number and the dossiers behind its number under evaluation, each
    list paging on its own (?page=, ?pipeline_page=)."""
    plan = get_plan_for_user(request.user, pk)
    target = get_object_or_404(plan.targets.select_related("plan__unit"), pk=target_pk)
    # ?until= (a periodic report's last day): the certificates the report counted, none issued after its period.
    until = _until(request.GET.get("until"))
    certificates = plan_selectors.target_certificates(target, until=until)
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    pipeline = Paginator(plan_selectors.target_pipeline(target), 50).get_page(request.GET.get("pipeline_page"))
    context = {
        "plan": plan,
        "target": target,
        # The plan's figure for the target (products, or producers, each once), above the certificates behind it.
        "achieved": plan_selectors.target_achieved(target, until=until),
        "counts_producers": target.metric == TargetMetric.NEW_PRODUCERS,
        "until": plan_selectors.progress_end(plan, until) if until else None,
        "page": page,
        "page_urls": page_urls(request, "page", page),
        "pipeline": pipeline,
        "pipeline_urls": page_urls(request, "pipeline_page", pipeline),
    }
    return render(request, "dashboard/plan_target_detail.html", context)


def _until(value: str | None) -> dt.date | None:
    """The day a target's list is counted to (?until=YYYY-MM-DD), None when absent or not a date."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@require_POST
def plan_delete(request, pk: int):
    plan = get_plan_for_user(request.user, pk, write=True)
    services.plan_delete(plan=plan, by=request.user)
    messages.success(request, _("Đã xoá kế hoạch."))
    return redirect("dashboard_plan_list")


@login_required
@require_GET
def plan_document(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    if not plan.document:
        raise Http404
    return file_download_response(
        plan.document.open("rb"),
        filename=f"ke-hoach-{plan.number}.pdf",
        content_type="application/pdf",
        as_attachment=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_targets_import(request, pk: int):
    """Targets from Excel into a recorded plan: every row checked first, then all of them written or none."""
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = excel.read_rows(kind="targets", upload=form.cleaned_data["file"])
            targets, errors = excel.check_target_rows(rows, plan=plan)
            if not errors:
                added = services.plan_targets_add(plan=plan, by=request.user, targets=targets)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not errors:
                messages.success(
                    request,
                    ngettext("Đã nhập %(n)s chỉ tiêu.", "Đã nhập %(n)s chỉ tiêu.", len(added)) % {"n": len(added)},
                )
                return redirect("dashboard_plan_detail", plan.pk)
    context = {"form": form, "plan": plan, "template_url": "dashboard_plan_targets_template"}
    return import_result_page(request, "dashboard/import_form.html", context, errors)


@login_required
@require_GET
def plan_targets_template(request):
    if not can_manage_plans(request.user):
        raise PermissionDenied
    return download_response(excel.template("targets"), filename="mau-nhap-chi-tieu.xlsx", content_type=XLSX)
