"""What the supervision views share: the permission check that answers 403, the page of a list, a private image."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse


def require(check: bool) -> None:
    if not check:
        raise PermissionDenied


def page_of(request, queryset, size: int = 50):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def serve_image(field):
    response = FileResponse(field.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
