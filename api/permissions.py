"""Who may call what. Reads need a client's token; writes a read-write client. What a client then sees is the
scope of its service account (`for_user`, as on the web): outside it a record is a 404."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from ocop.models import AdministrativeUnit

from .models import ApiClient


def client_of(request) -> ApiClient | None:
    return request.auth if isinstance(request.auth, ApiClient) else None


class ClientScope(BasePermission):
    """An integration client; for unsafe methods, a read-write one (403 for a read client)."""

    message = _("Ứng dụng này chỉ có quyền đọc.")

    def has_permission(self, request, view):
        client = client_of(request)
        if client is None:
            return False
        if request.method not in SAFE_METHODS and not hasattr(view, request.method.lower()):
            # A method the endpoint does not have is a 405 for every client (with Allow): a read client's POST to
            # /products/ was told "read only", as if a read-write client could.
            return True
        return request.method in SAFE_METHODS or client.can_write


class Public(BasePermission):
    """Public data: anyone. The public views define GET only, so any other method is a 405."""

    def has_permission(self, request, view):
        return True


def provinces_for_client(client: ApiClient):
    """The current provinces the client may ask for (its sync export, its statistics): its own, or any for a national
    client."""
    provinces = AdministrativeUnit.objects.current().provinces()
    if not client.is_national:
        provinces = provinces.filter(pk=client.province_id)
    return provinces


def get_province_for_client(client: ApiClient, pk) -> AdministrativeUnit:
    """A province of the address (the sync export's): one of provinces_for_client; 404 otherwise."""
    return get_object_or_404(provinces_for_client(client), pk=pk)
