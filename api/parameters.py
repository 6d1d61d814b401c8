"""The query parameters the API reads, and its refusal of what it cannot honour: a 400 problem document whose `errors`
name the parameter, never a parameter silently ignored. The lists refuse a page number, an ordering and an order they
cannot keep (api.pagination.IdCursorPagination), their filters a bad value and any parameter that is neither a filter
nor paging (api.views.ScopedFilterBackend, refuse_unknown_parameters); the
endpoints that are not lists (the certificate lookup by number, the statistics, the sync export) read the parameters
of their query serializer only (StrictQueryMixin) and refuse any other: `?ordering=-id`, `?page=2` or a misspelt
`?provnce=12` there was answered 200 as if it had not been sent. Those that read none (the index, a record's detail,
the Excel export) refuse every parameter (NoQueryMixin). Every GET operation documents the 400
(api.schema.add_problem_responses)."""

from typing import NoReturn

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings

# A parameter's name as the error repeats it: what a client sent, cut short.
NAME_LENGTH = 60

UNKNOWN_PARAMETER = _("Tham số “%(name)s” không được hỗ trợ ở địa chỉ này; các tham số được phép: %(allowed)s.")
# A filter of the list that the client's scope has no use for (a province's client has no `province` to choose: its
# lists hold its own province only). Answered 200 with the client's own rows, `?province=<another>` read as if that
# province's records were these.
OUT_OF_SCOPE_PARAMETER = _(
    "Tham số “%(name)s” không dùng được với ứng dụng này: danh sách chỉ gồm các bản ghi trong phạm vi của ứng dụng "
    "(tỉnh, thành phố của ứng dụng); các tham số được phép: %(allowed)s."
)

# The 400 answer of an endpoint that refuses any other parameter, as its operation documents it (the problem document
# itself is added by api.schema.add_problem_responses).
UNKNOWN_PARAMETERS_RESPONSE = OpenApiResponse(
    description=_(
        "Tham số không hợp lệ, hoặc tham số không có trong danh sách tham số của địa chỉ này (kể cả ordering, page, "
        "cursor): lỗi 400, errors nêu tên tham số."
    )
)


def refuse_parameter(name: str, message) -> NoReturn:
    """A 400 naming the query parameter `name` and why: the one shape of every refusal of a parameter."""
    raise exceptions.ValidationError({name[:NAME_LENGTH]: [message]})


def unknown_parameters(request, allowed, *, out_of_scope=(), refused_elsewhere=()) -> dict[str, list]:
    """The errors of the query parameters of `request` that are not `allowed` (and not DRF's `format`, which the
    content negotiation reads): each named, with the parameters the endpoint takes. A name in `out_of_scope` (a
    filter the client's scope leaves out) says so; one in `refused_elsewhere` is left to the code that refuses it
    with its own reason (the paging's `page`)."""
    known = set(allowed) | set(refused_elsewhere)
    if api_settings.URL_FORMAT_OVERRIDE:
        known.add(api_settings.URL_FORMAT_OVERRIDE)
    listed = ", ".join(sorted(allowed)) or "—"
    return {
        name[:NAME_LENGTH]: [
            (OUT_OF_SCOPE_PARAMETER if name in out_of_scope else UNKNOWN_PARAMETER)
            % {"name": name[:NAME_LENGTH], "allowed": listed}
        ]
        for name in request.query_params
        if name not in known
    }


def refuse_unknown_parameters(request, allowed, *, out_of_scope=(), refused_elsewhere=()) -> None:
    """A list's refusal of the parameters it does not read (its filters for the client, its paging), all named at
    once: `?provnce=12` or `?updated_after=…` were answered 200 with every row, as if they had not been sent."""
    errors = unknown_parameters(request, allowed, out_of_scope=out_of_scope, refused_elsewhere=refused_elsewhere)
    if errors:
        raise exceptions.ValidationError(errors)


class StrictQueryMixin:
    """An endpoint that is not a list reads the parameters of `query_class` and refuses any other with a 400 naming
    it, with the query's own errors, all at once (`read_query`). Its operation documents the answer with
    UNKNOWN_PARAMETERS_RESPONSE."""

    query_class: type[serializers.Serializer]

    def read_query(self, request, *, also=(), refused_elsewhere=()) -> dict:
        """`also`: parameters read elsewhere (a list's paging); `refused_elsewhere`: see unknown_parameters."""
        query = self.query_class(data=request.query_params, context={"request": request})
        errors = unknown_parameters(request, [*query.fields, *also], refused_elsewhere=refused_elsewhere)
        if not query.is_valid():
            errors = {**query.errors, **errors}
        if errors:
            raise exceptions.ValidationError(errors)
        return query.validated_data


class NoQueryMixin:
    """An endpoint that reads no query parameter (the API's index, a record's detail, the Excel export) refuses any
    on a GET, with a 400 naming it, before it reads anything: `/products/7/?fields=id` or `/api/v1/?page=2` was
    answered 200 as if it had not been sent. Another method keeps its own answer (a 405 for one it lacks)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            refuse_unknown_parameters(request, ())
