from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ocop.forms import parse_pk
from ocop.navigation import quick_links_for

from .permissions import ensure_can_view_statistics
from .selectors import home_panels, producer_worklist
from .selectors.statistics import programme_statistics, provinces_for_choice


@login_required
def home(request):
    user = request.user
    context = {"panels": home_panels(user=user), "quick_links": quick_links_for(user)}
    if user.role == "producer" and not user.is_superuser:
        context["worklist"] = producer_worklist(user=user)
    return render(request, "dashboard/home.html", context)


@login_required
@require_GET
def statistics(request):
    """The programme in figures for the user's unit (a national officer may narrow it to one province)."""
    ensure_can_view_statistics(request.user)
    province_id = parse_pk(request.GET.get("province")) if request.user.is_national else None
    provinces = list(provinces_for_choice()) if request.user.is_national else []
    if province_id and province_id not in {p.pk for p in provinces}:
        province_id = None  # an unknown province: the national view, never an error
    stats = programme_statistics(user=request.user, province_id=province_id)
    return render(
        request,
        "dashboard/statistics.html",
        {"stats": stats, "provinces": provinces, "province_id": province_id},
    )
