"""The programme's dashboards (statistics of the user's scope) and the products behind each of their figures."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ocop.pagination import CountedPaginator, page_urls

from ..forms import FigureListForm
from ..permissions import ensure_can_view_statistics, statistics_unit_for_user
from ..selectors.charts import statistics_charts
from ..selectors.evaluated import figure_section_count, figure_sections
from ..selectors.statistics import cached_figures, figures_version, programme_statistics, province_choices, scope_key


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
