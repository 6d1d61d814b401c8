"""How the OpenAPI schema describes the API's own authentication (imported by ApiConfig.ready)."""

import copy

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from ocop.filters import ID_MAX

from .choices import API_TAG_DESCRIPTIONS, ApiTag
from .parameters import UNKNOWN_PARAMETERS_RESPONSE, NoQueryMixin, StrictQueryMixin


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "clientToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "Mã truy cập của ứng dụng tích hợp (ocop_…), do quản trị hệ thống cấp, dùng được %(days)d ngày kể "
                "từ khi cấp; mã hết hạn bị từ chối (401) và quản trị hệ thống cấp mã mới."
            )
            % {"days": settings.API_TOKEN_DAYS},
        }


class ApiAutoSchema(AutoSchema):
    """The API's schema class (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]): a GET of an endpoint that refuses any parameter
    it does not read (api.parameters.NoQueryMixin, StrictQueryMixin: the index, the details, the lookup, the
    statistics, the sync export) documents that 400 in its own words, whatever its @extend_schema says of its other
    answers. The lists keep the general 400 (a filter's value, a page number)."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None and self.method == "GET" and isinstance(self.view, NoQueryMixin | StrictQueryMixin):
            described = {"description": str(UNKNOWN_PARAMETERS_RESPONSE.description)}
            operation.setdefault("responses", {}).setdefault("400", described)
        return operation


PROBLEM_SCHEMA = {
    "type": "object",
    "description": _("Mô tả lỗi theo RFC 9457 (tiếng Việt, hoặc tiếng Anh với Accept-Language: en)."),
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": _(
                "Theo từng trường (“non_field_errors” cho toàn bộ dữ liệu): chỉ khi dữ liệu không hợp lệ."
            ),
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}
# The 410 of the public product no longer certified (api.problems.product_gone_problem): a problem document with the
# certificate's own fields; `add_problem_responses` gives the operation that documents a 410 this schema.
GONE_SCHEMA = {
    "allOf": [
        {"$ref": "#/components/schemas/Problem"},
        {
            "type": "object",
            "properties": {
                "verdict": {
                    "type": "string",
                    "enum": ["revoked", "expired"],
                    "description": _(
                        "Giấy chứng nhận cuối cùng của sản phẩm đã bị thu hồi (revoked) hay đã hết hạn "
                        "(expired); cũng là phần cuối của “type”."
                    ),
                },
                "certificate_number": {"type": "string"},
                "star": {"type": "integer", "minimum": 3, "maximum": 5},
                "valid_until": {"type": "string", "format": "date", "description": _("Ngày cuối cùng có hiệu lực.")},
                "decision_number": {"type": "string", "description": _("Quyết định công nhận.")},
                "decision_date": {"type": "string", "format": "date", "nullable": True},
                "revocation_number": {
                    "type": "string",
                    "nullable": True,
                    "description": _("Quyết định thu hồi (chỉ khi bị thu hồi)."),
                },
                "revocation_date": {"type": "string", "format": "date", "nullable": True},
                "verify_url": {
                    "type": "string",
                    "description": _("Địa chỉ đầy đủ của trang xác minh giấy chứng nhận."),
                },
            },
            "required": ["verdict", "certificate_number", "star", "valid_until", "verify_url"],
        },
    ]
}
PRODUCT_GONE_RESPONSE = OpenApiResponse(
    description=_(
        "Sản phẩm không còn được công nhận OCOP: giấy chứng nhận cuối cùng của nó đã bị thu hồi hoặc đã hết hạn "
        "(một giấy đã hết hạn mà hồ sơ đánh giá lại nộp đúng hạn đang chờ kết quả vẫn còn hiệu lực, Điều 12.3)."
    )
)

ERRORS = {
    "400": _("Tham số hoặc dữ liệu không hợp lệ"),
    "401": _("Thiếu hoặc sai mã truy cập"),
    "403": _("Không có quyền (ứng dụng chỉ đọc)"),
    "404": _("Không tìm thấy hoặc ngoài phạm vi của ứng dụng"),
    "406": _("Không trả được định dạng yêu cầu"),
    "415": _("Định dạng dữ liệu không hỗ trợ"),
    "429": _("Quá nhiều yêu cầu (xem Retry-After)"),
}
PUBLIC_ERRORS = ("400", "404", "406", "429")


def add_problem_responses(result, generator, request, public):
    """Postprocessing hook: every operation documents its error answers as problem documents."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            gone = operation["responses"].get("410")
            if (
                gone is not None
            ):  # described by its view (PRODUCT_GONE_RESPONSE): a problem with the certificate's fields
                schemas["ProductGone"] = GONE_SCHEMA
                gone["content"] = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProductGone"}}}
            # An operation that takes no token (no `security`: the public endpoints and the API's index) answers no
            # 401 or 403. Told by the path, the index /api/v1/ was documented with both.
            codes = tuple(ERRORS) if operation.get("security") else PUBLIC_ERRORS
            for code in codes:
                if code == "415" and method not in {"post", "put", "patch"}:
                    continue
                # An answer the operation describes itself (api.parameters.UNKNOWN_PARAMETERS_RESPONSE) keeps its
                # description and is a problem document too.
                answer = operation["responses"].setdefault(code, {"description": ERRORS[code]})
                answer.setdefault("content", {"application/problem+json": {"schema": ref}})
    return result


def name_tags(result, generator, request, public):
    """Postprocessing hook: the documentation's sections named and described in the reader's language (Vietnamese by
    default, as the site), in ApiTag's order. The views tag their operations with ApiTag's values; one tagged with
    anything else fails here, so that no section goes unnamed."""
    names = dict(ApiTag.choices)
    used = set()
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "tags" not in operation:
                continue
            unknown = [tag for tag in operation["tags"] if tag not in names]
            if unknown:
                raise ImproperlyConfigured(f"{method.upper()} {path}: tags {unknown} are not api.choices.ApiTag values")
            used.update(operation["tags"])
            operation["tags"] = [str(names[tag]) for tag in operation["tags"]]
    result["tags"] = [
        {"name": str(name), "description": str(API_TAG_DESCRIPTIONS[tag])} for tag, name in names.items() if tag in used
    ]
    return result


# The unit filters whose choices follow the client's scope (products.filters.province_filter, commune_filter: a
# ModelChoiceFilter narrowed per user): a province's client has no `province` to choose (refused, 400 naming it, see
# api.parameters.OUT_OF_SCOPE_PARAMETER) and only its own province's communes. The schema listed both without a word,
# as if every client could send them. (A list's plain id filter of a unit, the certificates', limits the rows only.)
SCOPED_UNIT_FILTERS = {
    "province": _("chỉ ứng dụng toàn quốc; ứng dụng của một tỉnh gửi tham số này: lỗi 400"),
    "commune": _("ứng dụng của một tỉnh: chỉ xã, phường của tỉnh đó; xã, phường khác: lỗi 400"),
}


class ScopedFilterExtension(DjangoFilterExtension):
    """The web FilterSets' query parameters, with the limits their form fields enforce (an id is a positive 64-bit
    integer, a year lies in 1990–2100, a search term has a maximum length), so the schema states what the API
    accepts."""

    target_class = "api.views.ScopedFilterBackend"
    priority = 1
    # The app has no geometry fields. Left to find out, drf-spectacular imports GeoDjango, which looks for GDAL
    # with some 36 ldconfig/gcc/ld processes before it fails: a second or more of each process's first schema.
    _has_gis = False

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        params = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        scope_note = SCOPED_UNIT_FILTERS.get(field_name)
        if scope_note is not None and isinstance(filter_field, ModelChoiceFilter):
            for param in params:
                param["description"] = f"{param.get('description') or ''} ({scope_note})".strip()
        try:
            field = copy.deepcopy(filter_field).field  # a copy: the form field is cached on the filter
        except Exception:  # noqa: BLE001 — a filter whose field needs a request: keep the generic schema
            return params
        for param in params:
            schema = param["schema"]
            if isinstance(field, forms.NullBooleanField):
                # The web's yes/no filters read "true"/"false" (also 1/0) and ignore any other value.
                schema.clear()
                schema.update({"type": "string", "description": _("true | false (giá trị khác: không lọc)")})
            elif isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
                schema.clear()
                schema.update({"type": "integer", "minimum": 1, "maximum": ID_MAX})
            elif isinstance(field, forms.IntegerField) and "enum" not in schema:
                schema["type"] = "integer"
                schema.pop("format", None)
                if field.min_value is not None:
                    schema["minimum"] = field.min_value
                if field.max_value is not None:
                    schema["maximum"] = field.max_value
            elif isinstance(field, forms.CharField) and field.max_length:
                schema["maxLength"] = field.max_length
        return params
