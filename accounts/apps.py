from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """The staff accounts of a province (its commune officers, advisory team, council members and viewers), kept
    by its OCOP office; a ministry officer keeps the provinces' offices too. Producers' accounts are invited from
    their producer's page (products.services.producer_invite_member); the system administrator keeps the admin."""

    name = "accounts"
    verbose_name = _("Tài khoản")
