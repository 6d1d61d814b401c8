"""`{% registration_status_for registration as st %}`: the status the current user is shown (st.label, st.css,
st.waiting_for, st.masked). The rule lives in `selectors.dossier.registration_status_for`."""

from django import template
from django.utils.html import format_html

from ..selectors.dossier import registration_status_for as status_for

register = template.Library()


@register.simple_tag(takes_context=True)
def registration_status_for(context, registration):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return status_for(user, registration)


@register.simple_tag
def registration_badge(st: dict) -> str:
    """The badge of a status `registration_status_for` already gave (lists compute it once a row)."""
    return format_html('<span class="badge {}" data-testid="status">{}</span>', st["css"], st["label"])
