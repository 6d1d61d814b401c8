from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("Chủ thể và sản phẩm")

    def ready(self):
        # Answers to what ocop asks (ocop/hooks.py; imports flow one way).
        from ocop import hooks as ocop_hooks

        from .choices import audit_vocabulary
        from .permissions import detail_pages
        from .services import province_refresh

        ocop_hooks.admin_units_changed.provide(province_refresh)
        ocop_hooks.audit_vocabulary.provide(audit_vocabulary)
        ocop_hooks.detail_pages.provide(detail_pages)
