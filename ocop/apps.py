from django.apps import AppConfig


class OcopConfig(AppConfig):
    name = "ocop"
    verbose_name = "OCOP"
