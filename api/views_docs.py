"""The API's documentation: the OpenAPI schema and the page that shows it, in the reader's language (Vietnamese by
default, English when asked) as the rest of the site."""

from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView

from .problems import client_language


class SchemaView(SpectacularAPIView):
    """The schema in the language a program asks for, as the API's answers are: drf-spectacular's `?lang=` (the
    documentation page passes its own language), else Accept-Language (Vietnamese by default). The site's pages
    ignore the browser's header (ocop.middleware.IgnoreBrowserLanguageMiddleware); the API keeps it as
    `request.accept_language`."""

    authentication_classes: list = []
    permission_classes: list = []

    def dispatch(self, request, *args, **kwargs):
        with translation.override(client_language(request)):
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        language = request.GET.get("lang")
        response["Content-Language"] = language if language in {"vi", "en"} else translation.get_language()
        patch_vary_headers(response, ["Accept-Language"])
        return response


@require_GET
def docs(request):
    """Swagger UI from the pinned drf-spectacular-sidecar files, started by our own script (no inline code). The
    page is in the site's language (the language switch, the account's choice); it reads the schema in the same
    language (`?lang=`), whatever the browser's Accept-Language says."""
    return render(request, "api/docs.html")
