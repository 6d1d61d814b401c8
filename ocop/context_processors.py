from django.conf import settings

from .middleware import is_idle_limited
from .navigation import menu_for


def ocop(request):
    user = getattr(request, "user", None)
    unread = 0
    menu = []
    if user is not None and user.is_authenticated:
        unread = user.notifications.filter(read_at__isnull=True).count()
        menu = menu_for(user)
    return {
        "DEBUG_BANNER": settings.DEBUG,
        "unread_notifications": unread,
        "menu": menu,
        # The pages of a user whose session ends when idle watch it (static/js/ui.js, ocop.views.session_check).
        "idle_minutes": settings.OFFICER_IDLE_MINUTES if is_idle_limited(user) else None,
    }
