from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountState(models.TextChoices):
    """Where an account stands, as the list filters it: used, waiting for its person's first sign-in (the
    invitation can be sent again), or closed."""

    SIGNED_IN = "signed_in", _("Đã đăng nhập")
    WAITING = "waiting", _("Chưa đăng nhập")
    CLOSED = "closed", _("Đã khoá")
