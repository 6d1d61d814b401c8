"""Receivers that put Django's and django-axes' authentication signals into the audit trail.

They only translate a signal into `security_event_record` (ocop/services.py); no rule lives here."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .filters import REFERENCE_MODELS, reference_lists_changed
from .middleware import idle_clock_start
from .models import AuditEvent, CalendarException, User
from .security import client_ip
from .services import security_event_record
from .text import nfc
from .workdays import forget_calendar_exceptions


def _ip(request) -> str:
    return client_ip(request) if request is not None else ""


@receiver(user_logged_in, dispatch_uid="ocop_audit_login")
def _logged_in(sender, request, user, **kwargs):
    idle_clock_start(request, user)
    security_event_record(action="auth.login", user=user, username=user.get_username(), ip=_ip(request))


@receiver(user_logged_out, dispatch_uid="ocop_audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(action="auth.logout", user=user, username=user.get_username(), ip=_ip(request))


@receiver(user_login_failed, dispatch_uid="ocop_audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    user = User.objects.filter(username=username).first() if username else None
    security_event_record(action="auth.login_failed", user=user, username=username, ip=_ip(request))


@receiver(user_locked_out, dispatch_uid="ocop_audit_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    # axes signals again on every attempt during the lockout; one row per lockout is enough.
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    # an address locked for every name (ocop.login_throttle) is one lockout, whichever names are typed during it
    username = "" if getattr(request, "login_address_locked", False) else nfc(str(username or ""))
    # the pair is what is locked (settings.AXES_LOCKOUT_PARAMETERS): the same name locked from another address is
    # another lockout
    summary_start = " · ".join(part for part in (username[:150], f"IP {ip_address}" if ip_address else "") if part)
    if AuditEvent.objects.filter(action="auth.lockout", at__gte=since, summary=summary_start).exists():
        return
    user = User.objects.filter(username=username).first() if username else None
    security_event_record(action="auth.lockout", user=user, username=username, ip=ip_address or "")


@receiver([post_save, post_delete], dispatch_uid="ocop_reference_lists")
def _reference_written(sender, **kwargs):
    """The filter forms' lists of units, sectors, groups and product sets (ocop.filters.listed_choices)."""
    if sender._meta.label in REFERENCE_MODELS:
        reference_lists_changed()


@receiver([post_save, post_delete], sender=CalendarException, dispatch_uid="ocop_calendar_exceptions")
def _calendar_exception_written(sender, **kwargs):
    """The working-day calendar (ocop.workdays) caches the announced swaps: a row saved or deleted, one at a time or
    by the admin list's "delete selected" (a queryset delete, which never calls Model.delete()), forgets the cached
    copy now and again at commit, so that a copy read inside the transaction does not outlive it."""
    forget_calendar_exceptions()
    transaction.on_commit(forget_calendar_exceptions)
