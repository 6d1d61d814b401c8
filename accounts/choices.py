from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An account not signed in to for this long is one to review: its person may have left the post.
DORMANT_AFTER = timedelta(days=90)


def dormant_before():
    """The moment before which an account's last sign-in makes it dormant."""
    return timezone.now() - DORMANT_AFTER


class AccountState(models.TextChoices):
    """Where an account stands, as the list filters it: in use, not used for more than DORMANT_AFTER, waiting for
    its person's first sign-in (the invitation can be sent again), or closed."""

    SIGNED_IN = "signed_in", _("Đã đăng nhập")
    DORMANT = "dormant", _("Không đăng nhập quá 90 ngày")
    WAITING = "waiting", _("Chưa đăng nhập")
    CLOSED = "closed", _("Đã khoá")
