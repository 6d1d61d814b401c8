"""The periodic report (quarter, half-year, year): on the page, as Excel or as a signed PDF, and the background
job that builds a large one."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from ocop.downloads import download_response, file_download_response
from ocop.forms import add_service_errors
from ocop.xlsx import XLSX

from .. import reports, services
from ..forms import ReportForm, ReportSignerForm
from ..permissions import ensure_can_view_statistics, get_report_job_for_user
from ..reports import ReportPeriod
from ..selectors.report_signer import report_signer_initial


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
    if not form.is_valid():  # no report to draw: refused as the background build refuses it (report_job_create)
        return render(request, "dashboard/report.html", {"form": form, "signer_form": signer_form}, status=400)
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
