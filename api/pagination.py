"""How every list of the API pages: by cursor, in id order (api.views' list views all use `IdCursorPagination`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination

from .choices import MAX_PAGE_SIZE, PAGE_SIZE
from .parameters import refuse_parameter


class IdCursorPagination(CursorPagination):
    """Cursor paging by id: stable while rows are added, and as fast on the last page as on the first. Every list of
    the API pages through it, so its query parameters are read here, once: `cursor`, `page_size` and `ordering` (id
    or -id); a value it cannot honour is a 400 naming the parameter, as a filter's is, never silently ignored. A
    cursor that does not decode is a 404 (DRF's answer for a page that is not there, as the schema documents); a
    cursor past the last row is an empty page whose `next` is null."""

    ordering = "id"
    # The parameters the paging reads, and those it refuses with its own reason (paginate_queryset).
    query_parameters = ("cursor", "page_size", "ordering")
    refused_parameters = ("o", "page")
    ordering_query_param = "ordering"
    orderings = ("id", "-id")
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = _("Con trỏ trang không hợp lệ.")
    cursor_query_description = _(
        "Con trỏ trang: giá trị next hoặc previous của trang trước. Con trỏ không hợp lệ: lỗi 404; hết dữ liệu: "
        "trang rỗng, next là null. API không phân trang theo số trang: tham số page bị từ chối (lỗi 400)."
    )
    page_size_query_description = _("Số bản ghi mỗi trang (1–500).")
    ordering_query_description = _(
        "Thứ tự các bản ghi theo mã số: id (tăng dần, mặc định) hoặc -id (giảm dần); giá trị khác: lỗi 400."
    )

    def get_page_size(self, request):
        """The page size asked for, 1–MAX_PAGE_SIZE; anything else is a 400 (DRF would silently use the default)."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            refuse_parameter(
                self.page_size_query_param, _("Số dòng mỗi trang phải từ 1 đến %(max)d.") % {"max": self.max_page_size}
            )
        return int(raw)

    def get_ordering(self, request, queryset, view):
        """id or -id, as `ordering` asks; any other value is a 400 naming the parameter and the values it takes."""
        raw = request.query_params.get(self.ordering_query_param)
        if raw is None:
            return (self.ordering,)
        if raw not in self.orderings:
            refuse_parameter(
                self.ordering_query_param,
                _("Thứ tự “%(value)s” không được hỗ trợ; các giá trị được phép: %(allowed)s.")
                % {"value": raw[:60], "allowed": ", ".join(self.orderings)},
            )
        return (raw,)

    def paginate_queryset(self, queryset, request, view=None):
        """A cursor is a position in the id order: a web list's ordering (`o`) cannot reorder the pages (a cursor over
        a nullable, changing date would skip or repeat rows), and a web list's page number (`page`) names no page of
        it: both are refused rather than silently ignored."""
        if "o" in request.query_params:
            refuse_parameter("o", _("Trang theo con trỏ luôn sắp theo id; không sắp xếp lại được bằng tham số o."))
        if "page" in request.query_params:
            refuse_parameter(
                "page",
                _(
                    "API phân trang theo con trỏ, không theo số trang: bỏ tham số page và đi theo liên kết next hoặc "
                    "previous của trang trước (tham số cursor)."
                ),
            )
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        params.append(
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": str(self.ordering_query_description),
                "schema": {"type": "string", "enum": list(self.orderings), "default": self.ordering},
            }
        )
        return params
