from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API tích hợp"

    def ready(self):
        from . import schema  # noqa: F401 — registers the bearer-token scheme with drf-spectacular
