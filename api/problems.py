"""Errors as RFC 9457 problem details (`application/problem+json`), in Vietnamese or English as the client's
Accept-Language asks (Vietnamese by default):

    {"type": "urn:ocop:problem:not_found", "title": "Không tìm thấy", "status": 404,
     "detail": "…", "instance": "/api/v1/products/12/", "errors": {"field": ["…"]}}

`errors` appears on validation problems (400/422) only, keyed by field ("non_field_errors" for the whole)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import exceptions, status
from rest_framework.response import Response

from ocop.site import site_url

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: _("Yêu cầu không hợp lệ"),
    401: _("Chưa xác thực"),
    403: _("Không có quyền"),
    404: _("Không tìm thấy"),
    405: _("Phương thức không được hỗ trợ"),
    406: _("Không trả được định dạng yêu cầu"),
    410: _("Không còn được công nhận"),
    412: _("Điều kiện không thỏa"),
    415: _("Định dạng dữ liệu gửi lên không được hỗ trợ"),
    422: _("Dữ liệu không hợp lệ"),
    429: _("Quá nhiều yêu cầu"),
}


class Gone(exceptions.APIException):
    """410: a record that was public and is no longer (a product whose last certificate was revoked or has expired).
    `code` names the reason in the problem's type (urn:ocop:problem:<code>), `members` are the problem's own
    fields beside the standard ones (RFC 9457 §3.2), documented in the schema (api.schema.GONE_SCHEMA)."""

    status_code = status.HTTP_410_GONE
    default_code = "gone"
    default_detail = _("Không còn được công nhận.")

    def __init__(self, detail, *, code: str, members: dict):
        super().__init__(detail, code)
        self.problem_code = code
        self.members = members


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def product_gone_problem(gone: dict) -> Gone:
    """The 410 of the public product whose last certificate was revoked or has expired (portal.selectors.
    product_gone): the reason and the certificate in words, and as the problem's own fields."""
    if gone["verdict"] == "revoked":
        if gone["revocation_number"]:
            detail = _(
                "Sản phẩm không còn được công nhận OCOP: giấy chứng nhận số %(number)s đã bị thu hồi theo Quyết định "
                "số %(decision)s ngày %(date)s."
            ) % {"number": gone["number"], "decision": gone["revocation_number"], "date": _day(gone["revocation_date"])}
        else:
            detail = _("Sản phẩm không còn được công nhận OCOP: giấy chứng nhận số %(number)s đã bị thu hồi.") % {
                "number": gone["number"]
            }
    else:
        detail = _(
            "Sản phẩm không còn được công nhận OCOP: giấy chứng nhận số %(number)s, hạng %(star)s sao, công nhận "
            "theo Quyết định số %(decision)s ngày %(date)s, đã hết hạn ngày %(until)s."
        ) % {
            "number": gone["number"],
            "star": gone["star"],
            "decision": gone["decision_number"],
            "date": _day(gone["decision_date"]),
            "until": _day(gone["valid_until"]),
        }
    members = {
        "verdict": str(gone["verdict"]),
        "certificate_number": gone["number"],
        "star": gone["star"],
        "valid_until": gone["valid_until"].isoformat(),
        "decision_number": gone["decision_number"],
        "decision_date": gone["decision_date"].isoformat() if gone["decision_date"] else None,
        "revocation_number": gone["revocation_number"] or None,
        "revocation_date": gone["revocation_date"].isoformat() if gone["revocation_date"] else None,
        "verify_url": site_url() + reverse("certificates:certificate_verify", args=[gone["verify_token"]]),
    }
    return Gone(str(detail), code=str(gone["verdict"]), members=members)


def _own_detail(exc) -> str | None:
    """Our wording of DRF's generic messages (its Vietnamese catalogue lacks most of them); None to keep DRF's or
    the view's own message."""
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        return _("Quá nhiều yêu cầu: thử lại sau %(wait)d giây.") % {"wait": wait}
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Định dạng dữ liệu gửi lên không được hỗ trợ: gửi JSON (Content-Type: application/json).")
    if str(exc.detail) != str(exc.default_detail):
        return None  # the view's own message
    own = {
        "not_authenticated": _("Thiếu mã truy cập: gửi tiêu đề “Authorization: Bearer ocop_…”."),
        "parse_error": _("Không đọc được dữ liệu JSON gửi lên."),
        "not_acceptable": _("Không trả được định dạng mà tiêu đề Accept yêu cầu: API trả JSON."),
        "permission_denied": _("Ứng dụng không có quyền thực hiện thao tác này."),
        "not_found": _("Không tìm thấy."),
    }
    return own.get(exc.default_code)


def client_language(request) -> str:
    """'en' when the client's Accept-Language prefers English to Vietnamese, else 'vi'."""
    header = getattr(request, "accept_language", None)
    if header is None:
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    try:
        ranked = parse_accept_lang_header(header[:255])
    except ValueError:
        return "vi"
    for code, _q in ranked:
        base = code.split("-")[0].lower()
        if base in {"vi", "en"}:
            return base
    return "vi"


def _plain(value):
    """Lazy translations and ErrorDetails as plain strings, now, while the client's language is active."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def problem(*, status_code: int, code: str, detail, instance: str, errors=None) -> dict:
    body = {
        "type": f"urn:ocop:problem:{code}",
        "title": str(TITLES.get(status_code, _("Lỗi"))),
        "status": status_code,
        "detail": str(detail),
        "instance": instance,
    }
    if errors:
        body["errors"] = _plain(errors)
    return body


def problem_response(body: dict, *, headers: dict | None = None) -> Response:
    response = Response(body, status=body["status"], headers=headers, content_type=PROBLEM_JSON)
    response["Content-Language"] = translation.get_language()
    return response


def django_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): list(v) for k, v in exc.message_dict.items()}
    return {"non_field_errors": list(exc.messages)}


def problem_exception_handler(exc, context):
    """DRF's exception handler, answering every API error as a problem document."""
    request = context["request"]
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Không tìm thấy bản ghi, hoặc bản ghi nằm ngoài phạm vi của ứng dụng."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        errors = django_errors(exc)
        body = problem(
            status_code=400,
            code="invalid",
            detail=_("Dữ liệu không hợp lệ: xem từng trường trong “errors”."),
            instance=request.path,
            errors=errors,
        )
        return problem_response(body)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500 (and the error log)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    errors = None
    detail = _own_detail(exc) or exc.detail
    code = exc.default_code
    status_code = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        detail = _("Dữ liệu không hợp lệ: xem từng trường trong “errors”.")
        code = "invalid"
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        status_code = status.HTTP_401_UNAUTHORIZED
        headers.setdefault("WWW-Authenticate", 'Bearer realm="ocop-api"')
    if isinstance(detail, list | dict):
        detail = " ".join(str(d) for d in (detail.values() if isinstance(detail, dict) else detail))
    if isinstance(exc, Gone):
        code = exc.problem_code
    body = problem(status_code=status_code, code=code, detail=detail, instance=request.path, errors=errors)
    if isinstance(exc, Gone):
        body |= exc.members
    return problem_response(body, headers=headers)


def not_found(request, *args, **kwargs):
    """Any path under /api/ that names no endpoint: a problem document, not the site's HTML 404 page."""
    with translation.override(client_language(request)):
        body = problem(
            status_code=404,
            code="not_found",
            detail=_("Không có điểm cuối API nào ở đường dẫn này."),
            instance=request.path,
        )
        response = JsonResponse(body, status=404, content_type=PROBLEM_JSON)
        response["Content-Language"] = translation.get_language()
    return response
