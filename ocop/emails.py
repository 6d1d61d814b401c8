"""Every e-mail is built here, from a template triplet: templates/emails/<name>/{subject.txt, body.txt, body.html}.

- The subject and the text body are plain text: rendered with autoescaping off whatever the template says, so a
  commune's reason `Bổ sung "Mẫu 03" & chữ ký` arrives as typed, not as `&quot;Mẫu 03&quot; &amp;`. The subject is
  collapsed onto one line (a newline in a header is an error).
- The HTML body is escaped and wrapped in one complete document (`emails/_document.html`: doctype, `lang`, charset,
  title), so every mail reads the same in every client.
- The sender is `DEFAULT_FROM_EMAIL`; the Reply-To is the responsible office (its officers' addresses), else
  `EMAIL_REPLY_TO`; reminders and digests say `Auto-Submitted: auto-generated` (RFC 3834), so out-of-office
  robots do not answer them.
- Links are absolute from `SITE_URL`, never from the request's Host header.
- A mail is written in its reader's language: the language of the account (`User.language`, the one they last
  chose), else the site's (Vietnamese); an address without an account (a producer's own) gets the site's. Several
  readers of different languages get one message per language (`send_templated_to`).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

from ocop.site import site_url

# Mails sent by a schedule rather than by someone's action.
AUTOMATIC = frozenset(
    {
        "api_token_expiring",
        "certificate_prepare",
        "certificate_renewal_window",
        "certificate_window_closing",
        "certificate_window_closed",
        "certificate_expiring",
        "certificate_expired",
        "certificate_extended",
        "officer_digest",
        "sheet_reminder",
    }
)


def render_plain(template_name: str, context: dict) -> str:
    """A text template rendered with autoescaping off (mail text and subjects are not HTML)."""
    template = get_template(template_name).template  # the engine-level Template, which takes a Context
    return template.render(Context(context, autoescape=False))


def absolute_url(path: str) -> str:
    return f"{site_url()}{path}"


def office_reply_to(unit_id: int | None) -> list[str]:
    """The addresses of the officers of the unit responsible for the matter (a commune's office, a province's
    standing OCOP office), else EMAIL_REPLY_TO."""
    from .choices import Role
    from .models import User  # kept local: settings-free import of this module for the templates' tests

    addresses = []
    if unit_id is not None:
        addresses = sorted(
            set(
                User.objects.filter(unit_id=unit_id, is_active=True)
                .exclude(email="")
                .filter(role__in=[Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER])
                .values_list("email", flat=True)
            )
        )
    return addresses or list(settings.EMAIL_REPLY_TO)


def build_message(
    name: str, *, to: list[str], context: dict, language: str = "vi", reply_to: list[str] | None = None
) -> EmailMultiAlternatives | None:
    """The message for template triplet `name`, or None when there is nobody to send it to."""
    recipients = [address for address in to if address]
    if not recipients:
        return None
    with translation.override(language):
        context = {"site_url": site_url(), **context}
        subject = " ".join(render_plain(f"emails/{name}/subject.txt", context).split())
        text = render_plain(f"emails/{name}/body.txt", context)
        body = render_to_string(f"emails/{name}/body.html", context)
        html = render_to_string(
            "emails/_document.html",
            {"subject": subject, "body": body, "language": language, "site_url": site_url()},
        )
    headers = {"Auto-Submitted": "auto-generated"} if name in AUTOMATIC else {}
    reply = reply_to if reply_to is not None else list(settings.EMAIL_REPLY_TO)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, recipients, reply_to=reply or None, headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def send_templated(
    name: str, *, to: list[str], context: dict, language: str = "vi", reply_to: list[str] | None = None
) -> int:
    message = build_message(name, to=to, context=context, language=language, reply_to=reply_to)
    return message.send() if message is not None else 0


def reader_language(user) -> str:
    """The language a mail to `user` is written in: their account's, else the site's."""
    return user.language or settings.LANGUAGE_CODE


def recipients_by_language(*, users=(), addresses=()) -> dict[str, list[str]]:
    """The addresses of `users` (active, with an e-mail) and the extra `addresses` grouped by the language their
    mail is written in; an address that belongs to one of the users takes that user's language."""
    languages: dict[str, str] = {}
    for user in users:
        if user.email and user.is_active:
            languages.setdefault(user.email, reader_language(user))
    for address in addresses:
        if address:
            languages.setdefault(address, settings.LANGUAGE_CODE)
    groups: dict[str, list[str]] = {}
    for address, language in sorted(languages.items()):
        groups.setdefault(language, []).append(address)
    return groups


def send_templated_to(
    name: str, *, users=(), addresses=(), context: dict, reply_to: list[str] | None = None
) -> list[str]:
    """Send `name` to `users` and `addresses`, one message per language (recipients_by_language); returns every
    address it was sent to."""
    sent = []
    for language, group in recipients_by_language(users=users, addresses=addresses).items():
        if send_templated(name, to=group, context=context, language=language, reply_to=reply_to):
            sent.extend(group)
    return sorted(sent)


def password_choose_path(user) -> str:
    """The path of the page where `user` chooses a new password (Django's reset link: the account in base64 and a
    token that a password change or a sign-in voids), for the reset mail and the producer's invitation."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})


def password_reset_send(*, user_id: int, language: str) -> int:
    """The password reset mail of an account, with a link made when the mail is written (queued by the reset form,
    ocop.forms.PasswordResetForm). Nothing is sent to an account that was closed or lost its address meanwhile."""
    from .models import User  # kept local, as in office_reply_to

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return 0
    reset_url = absolute_url(password_choose_path(user))
    return send_templated(
        "password_reset", to=[user.email], context={"user": user, "reset_url": reset_url}, language=language
    )
