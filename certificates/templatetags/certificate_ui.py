"""A certificate's status badge and download link: built in Python, because lists repeat them on every row (issue 15)."""

from django import template
from django.utils.html import format_html

from ocop.templatetags.ocop_ui import pk_url

from ..choices import CertificateStatus as S
from ..selectors import certificate_download_link

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


@register.simple_tag(takes_context=True)
def certificate_download_url(context, certificate) -> str:
    """Where the certificate's download link points: the proxy's signed link to the stored file when
    OCOP_SENDFILE=secure-link (served without Python), else the download view. Only for pages whose viewer may
    download it (the list and the page of certificates in the viewer's scope)."""
    request = context.get("request")
    session_key = request.session.session_key if request is not None else None
    link = certificate_download_link(certificate, session_key=session_key)
    return link or pk_url("certificates:certificate_download", certificate.pk)
