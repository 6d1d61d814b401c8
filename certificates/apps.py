from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Quyết định và giấy chứng nhận")

    def ready(self):
        # Answers to what the apps below ask (evaluation/hooks.py, products/hooks.py; imports flow one way):
        # a product's certificate expiry for the Điều 7.6a window, the end of an extension when its re-evaluation stops
        # pending (Điều 12.3), a dossier's certificates and its decision's draft, a product's derived status, its history, the decision numbers
        # it records.
        from evaluation import hooks as evaluation_hooks
        from ocop import hooks as ocop_hooks
        from ocop import pdf as ocop_pdf
        from products import hooks as product_hooks

        from .choices import audit_vocabulary
        from .pdf import CERTIFICATE_CSS, warm_up_context
        from .permissions import detail_pages, registration_actions
        from .selectors.certificates import (
            product_timeline_certificates,
            reevaluation_certificate,
            registration_certificates,
        )
        from .selectors.numbers import decision_numbers
        from .services.certificates import certificate_province_refresh
        from .services.expiry.reevaluation import certificates_lost_with
        from .services.expiry.states import product_certificate_expiry
        from .services.expiry.sweep import certificate_extension_end
        from .services.product_status import product_derive_status

        evaluation_hooks.certificate_expiry.provide(product_certificate_expiry)
        evaluation_hooks.reevaluation_ended.provide(certificate_extension_end)
        evaluation_hooks.reevaluation_stop_losses.provide(certificates_lost_with)
        evaluation_hooks.registration_certificates.provide(registration_certificates)
        evaluation_hooks.reevaluation_certificate.provide(reevaluation_certificate)
        evaluation_hooks.registration_actions.provide(registration_actions)
        product_hooks.product_status.provide(product_derive_status)
        product_hooks.product_timeline_entries.provide(product_timeline_certificates)
        product_hooks.province_refresh.provide(certificate_province_refresh)
        ocop_hooks.audit_vocabulary.provide(audit_vocabulary)
        ocop_hooks.detail_pages.provide(detail_pages)
        ocop_hooks.decision_numbers.provide(decision_numbers)
        # Rendered once when a rendering process starts (ocop.pdf.warm_up), not at a certificate's first render.
        ocop_pdf.warm_up_register(
            "certificates/pdf/certificate.html", stylesheets=(CERTIFICATE_CSS,), context=warm_up_context
        )
