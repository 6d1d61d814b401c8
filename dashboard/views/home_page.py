"""A signed-in user's home page, and the officers' one search box over the registry of their scope."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluation.selectors.member_sheets import led_sessions, member_sheet_worklist
from ocop.choices import Role
from ocop.navigation import quick_links_for
from ocop.selectors import operations_status

from ..permissions import can_search_registry
from ..selectors import home_panels, producer_worklist
from ..selectors import search as search_selectors


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
