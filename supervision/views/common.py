"""What the supervision views share: the permission check that answers 403, the page of a list."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator


def require(check: bool) -> None:
    if not check:
        raise PermissionDenied


def page_of(request, queryset, size: int = 50):
    return Paginator(queryset, size).get_page(request.GET.get("page"))
