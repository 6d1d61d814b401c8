from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Quyết định và giấy chứng nhận"

    def ready(self):
        # Evaluation may not import certificates; it learns here where a product's certificate expiry is,
        # so a re-evaluation filed from the registration pages meets the Điều 7.6a window too.
        from evaluation.services.registrations import register_certificate_expiry

        from .services.expiry import product_certificate_expiry

        register_certificate_expiry(product_certificate_expiry)
