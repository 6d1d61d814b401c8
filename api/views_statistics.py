"""The programme's statistics, for the client's scope or one province of it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from dashboard.selectors.statistics import programme_statistics

from . import serializers as s
from .choices import ApiTag
from .parameters import UNKNOWN_PARAMETERS_RESPONSE, StrictQueryMixin
from .permissions import client_of, provinces_for_client
from .views import ApiView

# A province the client may not ask for, refused as the lists refuse a unit filter outside the client's scope: a 400
# naming the parameter (it was a 404, as if the address did not exist).
PROVINCE_OUT_OF_SCOPE = _(
    "Tỉnh, thành phố “%(value)s” không có hoặc ngoài phạm vi của ứng dụng này: ứng dụng của một tỉnh chỉ xem được "
    "thống kê của tỉnh đó."
)


class StatisticsQuery(serializers.Serializer):
    province = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**62,
        help_text=_(
            "Mã số tỉnh (mặc định: cả phạm vi của ứng dụng; ứng dụng của một tỉnh: chỉ tỉnh đó; tỉnh khác: lỗi 400)"
        ),
    )

    def validate_province(self, value: int) -> int:
        if not provinces_for_client(client_of(self.context["request"])).filter(pk=value).exists():
            raise serializers.ValidationError(PROVINCE_OUT_OF_SCOPE % {"value": value})
        return value


def _without_links(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "bar" and not k.endswith("url")} for row in rows]


@extend_schema(
    parameters=[StatisticsQuery],
    responses={200: s.StatisticsSerializer, 400: UNKNOWN_PARAMETERS_RESPONSE},
    tags=[ApiTag.STATISTICS],
)
class Statistics(StrictQueryMixin, ApiView):
    """The figures of the programme's reports (live certificates by star, sector, product set and unit; per year;
    evaluated against recognised; expiring by month; producers by kind), for the client's scope or one province of
    it (StatisticsQuery: another is a 400 naming `province`). Not a list: any parameter but `province` is refused."""

    serializer_class = s.StatisticsSerializer
    query_class = StatisticsQuery

    def get(self, request):
        province_id = self.read_query(request).get("province")
        figures = programme_statistics(user=request.user, province_id=province_id)
        for key, value in figures.items():
            if isinstance(value, list):
                figures[key] = _without_links(value)
        return Response(self.get_serializer(figures).data)
