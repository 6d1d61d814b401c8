"""Bearer tokens of integration clients: `Authorization: Bearer ocop_…`. A revoked, expired (settings.API_TOKEN_DAYS)
or unknown token is refused (401, with `WWW-Authenticate`), never treated as anonymous."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiClient
from .services import token_hash


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải là “Bearer ocop_…”."))
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ.")) from None
        client = (
            ApiClient.objects.select_related("user__unit", "province")
            .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if client is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã bị thu hồi."))
        if client.token_expired():
            # Said to the holder of the token only: a new token is issued by the system administrator.
            raise exceptions.AuthenticationFailed(
                _("Mã truy cập đã hết hạn lúc %(at)s; hãy đề nghị quản trị hệ thống cấp mã mới.")
                % {"at": timezone.localtime(client.token_expires_at).isoformat(timespec="minutes")}
            )
        return client.user, client

    def authenticate_header(self, request):
        return 'Bearer realm="ocop-api"'
