from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Developer tools, outside the runtime packages: the benchmark, the demo data, the scorecard parser and the
    administrative-unit builder. It sits at the top of the house and may import every app; none imports it."""

    name = "devtools"
    verbose_name = "Công cụ phát triển"
