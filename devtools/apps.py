from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevtoolsConfig(AppConfig):
    """Developer tools, outside the runtime packages: the benchmark, the demo data, the scorecard parser and the
    administrative-unit builder. It sits at the top of the house and may import every app; none imports it."""

    name = "devtools"
    verbose_name = _("Công cụ phát triển")
