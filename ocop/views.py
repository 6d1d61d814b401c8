from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import parse_pk
from .permissions import get_job_for_user
from .selectors import commune_options, health_status, job_status_data


@never_cache
@require_GET
def healthz(request):
    """200 with the state of each dependency when all answer; 503 otherwise (for load balancers)."""
    checks = health_status()
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


@login_required
def notification_list(request):
    notifications = request.user.notifications.all()[:100]
    unread = request.user.notifications.filter(read_at__isnull=True)
    response = render(request, "ocop/notification_list.html", {"notifications": notifications})
    unread.update(read_at=timezone.now())
    return response


@login_required
@require_GET
def unit_communes(request):
    """Options for a cascading select (static/js/cascade.js): ?province=<id> lists that province's
    communes, ?successor=<id> the pre-2025 communes merged into that commune. Reference data, public law."""

    province, successor = parse_pk(request.GET.get("province")), parse_pk(request.GET.get("successor"))
    return JsonResponse({"results": commune_options(province_id=province, successor_id=successor)})


@never_cache
@login_required
@require_GET
def job_status(request, pk: int):
    """The progress of a background job as JSON, for the person who started it."""
    return JsonResponse(job_status_data(job=get_job_for_user(request.user, pk)))
