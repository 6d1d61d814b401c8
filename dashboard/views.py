import datetime as dt
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluation.selectors.member_sheets import led_sessions, member_sheet_worklist
from ocop.choices import Role
from ocop.downloads import download_response, file_download_response
from ocop.forms import add_service_errors, parse_pk, planning_year
from ocop.navigation import quick_links_for
from ocop.pagination import CountedPaginator, page_urls
from ocop.selectors import operations_status
from ocop.xlsx import XLSX
from products.forms import ImportForm
from products.selectors import audit_history_for

from . import excel, reports, services
from .forms import (
    FigureListForm,
    HistoricEvaluationForm,
    PlanEditForm,
    PlanForm,
    ReportForm,
    ReportSignerForm,
    TargetEditFormSet,
    TargetFormSet,
)
from .permissions import (
    can_manage_plans,
    can_record_history,
    can_search_registry,
    ensure_can_view_statistics,
    get_historic_evaluation_for_user,
    get_plan_for_user,
    get_report_job_for_user,
    plan_unit_allowed,
    statistics_unit_for_user,
)
from .reports import ReportPeriod
from .selectors import history as history_selectors
from .selectors import home_panels, producer_worklist
from .selectors import plans as plan_selectors
from .selectors import search as search_selectors
from .selectors.charts import statistics_charts
from .selectors.evaluated import figure_section_count, figure_sections
from .selectors.report_signer import report_signer_initial
from .selectors.statistics import (
    cached_figures,
    figures_version,
    programme_statistics,
    province_choices,
    scope_key,
)


@login_required
def home(request):
    user = request.user
    context = {"quick_links": quick_links_for(user)}
    if user.role == "producer" and not user.is_superuser:
        context["worklist"] = producer_worklist(user=user)
    context["panels"] = home_panels(user=user, remedies_open=context.get("worklist", {}).get("remedies_open"))
    if user.role == "council_member" and not user.is_superuser:
        context["sheets"] = member_sheet_worklist(user=user)
        context["led_sessions"] = led_sessions(user=user)
    if user.role == Role.ADMIN or user.is_superuser:
        context["operations"] = operations_status()
    context["can_search"] = can_search_registry(user)
    return render(request, "dashboard/home.html", context)


@login_required
@require_GET
def registry_search(request):
    """The officers' one search box (on their home): products, producers, dossiers and certificates of their scope."""
    if not can_search_registry(request.user):
        raise PermissionDenied
    text = request.GET.get("q", "")
    sections = search_selectors.registry_search(user=request.user, text=text)
    context = {
        "q": text[: search_selectors.MAX_LENGTH],
        "sections": sections,
        "found": sum(s["count"] for s in sections),
    }
    return render(request, "dashboard/search.html", context)


@login_required
@require_GET
def statistics(request):
    """The dashboard of the user's role: the ministry's (every province side by side), a province's (its communes
    side by side) or a commune's (its producers, pipeline and certificates expiring). A national officer opens any
    province's or commune's, a province officer any of its communes'; a unit outside one's own is a 404."""
    ensure_can_view_statistics(request.user)
    provinces = province_choices() if request.user.is_national else []
    province_id, commune_id = statistics_unit_for_user(
        request.user,
        province=request.GET.get("province"),
        commune=request.GET.get("commune"),
        known_provinces={p["pk"] for p in provinces},
    )
    historic = request.GET.get("units") == "historic"
    # Read only when the body is rendered (or a test looks): a cached body needs neither figures nor charts.
    stats = SimpleLazyObject(
        lambda: programme_statistics(
            user=request.user, province_id=province_id, commune_id=commune_id, historic_units=historic
        )
    )
    context = {
        "stats": stats,
        "charts": SimpleLazyObject(lambda: statistics_charts(stats)),
        "provinces": provinces,
        "province_id": province_id,
        "commune_id": commune_id,
        "unit_label": _("Toàn quốc") if request.user.is_national else str(request.user.unit),
    }
    # The body (hundreds of rows nationally) is rendered once per scope, unit, language and day, like its figures.
    params = [scope_key(request.user), province_id, commune_id, historic, timezone.localdate(), get_language()]
    body = cached_figures(
        "html:statistics",
        params,
        lambda: render_to_string("dashboard/_statistics_body.html", context),
        version=figures_version(user=request.user, province_id=province_id, commune_id=commune_id),
    )
    return render(request, "dashboard/statistics.html", {**context, "body": mark_safe(body)})  # noqa: S308 — our render


@login_required
@require_GET
def figure_list(request):
    """The products behind one figure of a dashboard (evaluated, not recognised, recognised in a round, the
    pipeline by status), in the user's scope: each section's count is the figure's part."""
    ensure_can_view_statistics(request.user)
    form = FigureListForm({"figure": "evaluated", **request.GET.dict()})
    if not form.is_valid():
        raise Http404
    province_id, commune_id = statistics_unit_for_user(
        request.user,
        province=request.GET.get("province"),
        commune=request.GET.get("commune"),
        known_provinces={p["pk"] for p in province_choices()} if request.user.is_national else frozenset(),
    )
    sections = figure_sections(user=request.user, province_id=province_id, commune_id=commune_id, **form.filters())
    for section in sections:  # each section pages on its own (?council_page=, ?recorded_page=, …)
        param = f"{section['key']}_page"
        count = partial(
            figure_section_count,
            section,
            user=request.user,
            province_id=province_id,
            commune_id=commune_id,
            filters=form.filters(),
        )
        section["page"] = CountedPaginator(section["rows"], 50, count=count).get_page(request.GET.get(param))
        section["page_urls"] = page_urls(request, param, section["page"])
    context = {"form": form, "sections": sections, "total": sum(s["page"].paginator.count for s in sections)}
    return render(request, "dashboard/figure_list.html", context)


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
    page = Paginator(plan_selectors.target_certificates(target), 50).get_page(request.GET.get("page"))
    pipeline = Paginator(plan_selectors.target_pipeline(target), 50).get_page(request.GET.get("pipeline_page"))
    context = {
        "plan": plan,
        "target": target,
        "page": page,
        "page_urls": page_urls(request, "page", page),
        "pipeline": pipeline,
        "pipeline_urls": page_urls(request, "pipeline_page", pipeline),
    }
    return render(request, "dashboard/plan_target_detail.html", context)


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
@require_GET
def report(request):
    """The periodic report for a quarter, half-year or year: on the page, as Excel or as PDF (?format=). A report
    listing many certificates (the national summary) is built by a background job instead (report_job_create). The
    PDF is signed for the authority that sends it: the officer names who signs (ReportSignerForm), refused beside
    its field with the page and what was typed kept."""
    ensure_can_view_statistics(request.user)
    # The whole year's report (reports.default_report_year) unless the request names a period: a parameter left out
    # takes its default, one sent empty is answered next to its field.
    params = request.GET.copy()
    params.setdefault("period", "year")
    params.setdefault("year", str(reports.default_report_year(timezone.localdate())))
    form = ReportForm(params, user=request.user)
    output = request.GET.get("format")
    signer_form = ReportSignerForm(request.GET if output == "pdf" else None)
    if not form.is_valid():
        return render(request, "dashboard/report.html", {"form": form, "signer_form": signer_form})
    data = _report_data(request, form)
    large = data["recognised"]["total"] > reports.REPORT_ASYNC_ROWS
    if output in services.REPORT_FORMATS and not large and (output != "pdf" or signer_form.is_valid()):
        signer = signer_form.cleaned_data if output == "pdf" else {}
        if signer:  # offered on the office's next print
            services.report_signer_remember(office_id=data["office_id"], by=request.user, **signer)
        period = data["period"]
        return download_response(
            reports.report_file(data, output=output, signer=signer),
            filename=services.report_file_name(
                kind=period.kind, year=period.year, output=output, scope=str(data["scope"])
            ),
            content_type=services.REPORT_FORMATS[output],
            as_attachment=output == "xlsx",
        )
    return _report_page(request, form, signer_form, data, status=400 if signer_form.errors else 200)


def _report_data(request, form) -> dict:
    province = form.cleaned_data.get("province")
    return reports.programme_report(
        user=request.user,
        period=ReportPeriod(kind=form.cleaned_data["period"], year=form.cleaned_data["year"]),
        province_id=province.pk if province else None,
        historic_units=form.cleaned_data["historic_units"],
    )


def _report_page(request, form, signer_form, data, *, status: int = 200):
    """The report's page for a valid ReportForm, with who signs its PDF (the form sent back with its errors, or one
    offering the capacity of the authority that sends it)."""
    province = form.cleaned_data.get("province")
    if not signer_form.is_bound:  # the office's last signer, else its head's capacity
        initial = report_signer_initial(office_id=data["office_id"], default_title=reports.report_signer_title(data))
        signer_form = ReportSignerForm(initial=initial)
    # The download links ask for the report shown, whatever the request left to its defaults.
    shown = {"period": data["period"].kind, "year": data["period"].year}
    shown |= ({"province": province.pk} if province else {}) | (
        {"historic_units": "on"} if form.cleaned_data["historic_units"] else {}
    )
    # The body (a row per commune or province) is rendered once per version of the report's figures and day.
    body = reports.report_html(data, lambda: render_to_string("dashboard/_report_body.html", {"report": data}))
    context = {
        "form": form,
        "signer_form": signer_form,
        "query": urlencode(shown),
        "shown": shown,
        "report": data,
        "large": data["recognised"]["total"] > reports.REPORT_ASYNC_ROWS,
        "body": mark_safe(body),  # noqa: S308 — our own render
    }
    return render(request, "dashboard/report.html", context, status=status)


@login_required
@require_POST
def report_job_create(request):
    """Queue the build of a large report (Excel or PDF) and follow its progress."""
    ensure_can_view_statistics(request.user)
    form = ReportForm(request.POST, user=request.user)
    output = request.POST.get("format", "")
    signer_form = ReportSignerForm(request.POST if output == "pdf" else None)
    if not form.is_valid():
        return render(request, "dashboard/report.html", {"form": form, "signer_form": signer_form}, status=400)
    if not signer_form.is_valid() and signer_form.is_bound:
        return _report_page(request, form, signer_form, _report_data(request, form), status=400)
    province = form.cleaned_data.get("province")
    try:
        job = services.report_job_start(
            by=request.user,
            kind=form.cleaned_data["period"],
            year=form.cleaned_data["year"],
            province_id=province.pk if province else None,
            historic_units=form.cleaned_data["historic_units"],
            output=output,
            total=0,
            scope=reports.report_scope_name(request.user, province.pk if province else None),
            signer=signer_form.cleaned_data if signer_form.is_bound else {},
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return render(request, "dashboard/report.html", {"form": form, "signer_form": signer_form}, status=400)
    return redirect("dashboard_report_job_detail", job.pk)


@login_required
@require_GET
def report_job_detail(request, pk: int):
    job = get_report_job_for_user(request.user, pk)
    return render(request, "dashboard/report_job.html", {"job": job})


@login_required
@require_GET
def report_job_download(request, pk: int):
    job = get_report_job_for_user(request.user, pk)
    if not job.output_file:
        raise Http404
    output = job.params.get("format", "xlsx")
    return file_download_response(
        job.output_file.open("rb"),
        filename=job.file_name,
        content_type=services.REPORT_FORMATS.get(output, XLSX),
        as_attachment=output == "xlsx",
    )


def _import_result_page(request, template: str, context: dict, result_errors: list | None):
    status = 400 if result_errors else 200
    return render(request, template, context | {"errors": result_errors or []}, status=status)


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
    return _import_result_page(request, "dashboard/import_form.html", context, errors)


@login_required
@require_GET
def plan_targets_template(request):
    if not can_manage_plans(request.user):
        raise PermissionDenied
    return download_response(excel.template("targets"), filename="mau-nhap-chi-tieu.xlsx", content_type=XLSX)


@login_required
@require_GET
def historic_evaluation_list(request):
    """Past rounds' products that were evaluated but not recognised, in the user's scope."""
    ensure_can_view_statistics(request.user)
    page = Paginator(history_selectors.historic_evaluation_list(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "dashboard/historic_evaluation_list.html",
        {"page": page, "can_record": can_record_history(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def historic_evaluation_create(request):
    if not can_record_history(request.user):
        raise PermissionDenied
    form = HistoricEvaluationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.historic_evaluations_record(by=request.user, rows=[form.cleaned_data])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận kết quả đánh giá cũ."))
            return redirect("dashboard_historic_evaluation_list")
    return render(request, "dashboard/historic_evaluation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def historic_evaluation_import(request):
    if not can_record_history(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = excel.read_rows(kind="evaluations", upload=form.cleaned_data["file"])
            checked, errors = excel.check_evaluation_rows(rows, by=request.user)
            if not errors:
                recorded = services.historic_evaluations_record(by=request.user, rows=checked)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not errors:
                messages.success(
                    request,
                    ngettext("Đã nhập %(n)s kết quả đánh giá cũ.", "Đã nhập %(n)s kết quả đánh giá cũ.", len(recorded))
                    % {"n": len(recorded)},
                )
                return redirect("dashboard_historic_evaluation_list")
    context = {"form": form, "template_url": "dashboard_historic_evaluation_template"}
    return _import_result_page(request, "dashboard/import_form.html", context, errors)


@login_required
@require_GET
def historic_evaluation_template(request):
    if not can_record_history(request.user):
        raise PermissionDenied
    return download_response(excel.template("evaluations"), filename="mau-nhap-danh-gia-cu.xlsx", content_type=XLSX)


@login_required
@require_POST
def historic_evaluation_delete(request, pk: int):
    evaluation = get_historic_evaluation_for_user(request.user, pk, write=True)
    services.historic_evaluation_delete(evaluation=evaluation, by=request.user)
    messages.success(request, _("Đã xoá kết quả đánh giá cũ."))
    return redirect("dashboard_historic_evaluation_list")
