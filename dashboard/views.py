from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ocop.navigation import quick_links_for

from .selectors import home_panels, producer_worklist


@login_required
def home(request):
    user = request.user
    context = {"panels": home_panels(user=user), "quick_links": quick_links_for(user)}
    if user.role == "producer" and not user.is_superuser:
        context["worklist"] = producer_worklist(user=user)
    return render(request, "dashboard/home.html", context)
