"""E-mails come as template triplets: templates/emails/<name>/{subject.txt, body.txt, body.html}."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from ocop.site import site_url


def send_templated(name: str, *, to: list[str], context: dict, language: str = "vi") -> int:
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    with translation.override(language):
        context = {"site_url": site_url(), **context}
        subject = " ".join(render_to_string(f"emails/{name}/subject.txt", context).split())
        text = render_to_string(f"emails/{name}/body.txt", context)
        html = render_to_string(f"emails/{name}/body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    return message.send()
