"""The national-sync export of a province: a streamed JSON document (whole, or the changes since a time) and an
Excel snapshot. A province client exports its own province; a national client any (404 outside the scope)."""

from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers

from ocop.downloads import file_download_response, set_download_headers
from ocop.xlsx import XLSX

from .choices import ApiTag
from .export import sync_json, sync_xlsx
from .parameters import NoQueryMixin, StrictQueryMixin
from .permissions import client_of, get_province_for_client
from .views import ApiView


class SyncQuery(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False,
        help_text=_(
            "ISO 8601, ví dụ 2026-05-01T00:00:00+07:00: chỉ những gì thay đổi sau thời điểm đó (gửi generated_at "
            "của văn bản lần trước)."
        ),
    )


SYNC_DOCUMENT = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=_(
        "Một đối tượng JSON: format ('ocop-sync/1'), generated_at, since, province {id, code, name}, unit_mapping "
        "[{old {id, code, name, level}, new {…}, is_primary}], products [{id, code, name, brand, description, "
        "status, current_star, product_set, product_set_name, sector, producer {id, name, kind, tax_code, "
        "address, commune, historic_commune}, created_at, updated_at}], certificates [{id, number, product_id, "
        "registration_id, star, mean_score, product_name, product_code, producer_name, producer_address, "
        "issued_on, valid_until, status (trạng thái hôm nay), legal_basis, is_historic, superseded_by_id, decision "
        "{id, number, date, issuer_level, issuer_name}, revocation, created_at, updated_at}]. Gửi dần (streaming)."
    ),
)


@extend_schema(
    parameters=[SyncQuery], responses={(200, "application/json"): SYNC_DOCUMENT}, tags=[ApiTag.NATIONAL_SYNC]
)
class SyncProvince(StrictQueryMixin, ApiView):
    """Everything the national OCOP database holds about the province's products and certificates (with
    `since`: only what changed after it)."""

    serializer_class = SyncQuery
    query_class = SyncQuery

    def get(self, request, pk):
        province = get_province_for_client(client_of(request), pk)
        since = self.read_query(request).get("since")
        response = StreamingHttpResponse(
            sync_json(user=request.user, province=province, since=since),
            content_type="application/json; charset=utf-8",
        )
        return set_download_headers(response, filename=f"ocop-{province.code}.json", as_attachment=False)


@extend_schema(
    responses={
        (200, XLSX): OpenApiResponse(
            response=OpenApiTypes.BINARY, description=_("Sổ tính Excel, tên tệp theo mã tỉnh: ocop-01.xlsx")
        )
    },
    tags=[ApiTag.NATIONAL_SYNC],
)
class SyncProvinceXlsx(NoQueryMixin, ApiView):
    """The same snapshot as an Excel workbook: products, certificates, old → new units."""

    serializer_class = SyncQuery

    def get(self, request, pk):
        province = get_province_for_client(client_of(request), pk)
        return file_download_response(
            sync_xlsx(user=request.user, province=province), filename=f"ocop-{province.code}.xlsx", content_type=XLSX
        )
