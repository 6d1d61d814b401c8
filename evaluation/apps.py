from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Đánh giá, phân hạng")

    def ready(self):
        # Answers to what the products area and ocop ask (products/hooks.py, ocop/hooks.py; imports flow one way).
        from ocop import hooks as ocop_hooks
        from products import hooks as product_hooks

        from .choices import audit_vocabulary
        from .permissions import detail_pages
        from .selectors.decision_numbers import decision_numbers
        from .selectors.registrations import product_evaluation_state, product_timeline_registrations
        from .services.dossier import registration_province_refresh

        product_hooks.product_timeline_entries.provide(product_timeline_registrations)
        product_hooks.product_evaluation_state.provide(product_evaluation_state)
        product_hooks.province_refresh.provide(registration_province_refresh)
        ocop_hooks.audit_vocabulary.provide(audit_vocabulary)
        ocop_hooks.detail_pages.provide(detail_pages)
        ocop_hooks.decision_numbers.provide(decision_numbers)
