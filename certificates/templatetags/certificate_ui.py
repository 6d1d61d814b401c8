"""A certificate's status as a coloured badge: built in Python, because lists repeat it on every row (issue 15)."""

from django import template
from django.utils.html import format_html

from ..choices import CertificateStatus as S

register = template.Library()

BADGE_COLOURS = {S.VALID: "success", S.REVOKED: "danger", S.EXPIRED: "secondary", S.SUPERSEDED: "secondary"}


@register.simple_tag
def certificate_badge(certificate) -> str:
    """Green when valid, red when revoked, grey when expired or superseded, amber in the expiry phases."""
    status = certificate.status
    return format_html(
        '<span class="badge text-bg-{}" data-status="{}">{}</span>',
        BADGE_COLOURS.get(status, "warning"),
        status,
        S(status).label if status in S.values else status,
    )
