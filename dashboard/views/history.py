"""Past rounds' products that were evaluated but not recognised: their list, recorded one by one or imported
from Excel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.downloads import download_response
from ocop.forms import add_service_errors
from ocop.xlsx import XLSX
from products.forms import ImportForm

from .. import excel, services
from ..forms import HistoricEvaluationForm
from ..permissions import can_record_history, ensure_can_view_statistics, get_historic_evaluation_for_user
from ..selectors import history as history_selectors
from .common import import_result_page


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
    valid = request.method == "POST" and form.is_valid()
    if form.is_bound and not valid:  # the service's rules, judged beside a field the form refused
        form.check_with_the_service()
    if valid:
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
    return import_result_page(request, "dashboard/import_form.html", context, errors)


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
