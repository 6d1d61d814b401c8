"""What the API documentation says of each operation, in the reader's language (Vietnamese by default, English when
the request asks for it, as the rest of the site): the views' docstrings are for the developers and stay out of
the schema (SPECTACULAR_SETTINGS["DISABLE_DOCSTRING_DESCRIPTIONS"]). Applied by the postprocessing hook below, by
operation id; an operation without its texts fails there, so that none goes undescribed or falls back to English.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# operation id → (summary, description)
OPERATIONS = {
    "api_root": (
        _("Mục lục của API"),
        _("Địa chỉ của tài liệu, của lược đồ OpenAPI và của từng danh sách; không cần mã truy cập."),
    ),
    "public_products_list": (
        _("Danh sách sản phẩm OCOP đang được công nhận"),
        _(
            "Sản phẩm có giấy chứng nhận còn hiệu lực hôm nay, lọc như danh mục trên cổng thông tin công khai, phân "
            "trang bằng con trỏ theo thứ tự mã số (ổn định khi sản phẩm được công nhận thêm hoặc hết hiệu lực)."
        ),
    ),
    "public_products_retrieve": (
        _("Xem sản phẩm OCOP đang được công nhận"),
        _("Sản phẩm cùng thông tin công khai của chủ thể, giấy chứng nhận còn hiệu lực và lịch sử hạng sao."),
    ),
    "public_producers_retrieve": (
        _("Xem chủ thể có sản phẩm OCOP"),
        _("Chủ thể có ít nhất một sản phẩm đang được công nhận: thông tin công khai và các sản phẩm."),
    ),
    "public_certificates_by_number": (
        _("Xác minh giấy chứng nhận theo số"),
        _(
            "Tìm giấy chứng nhận theo số in trên giấy, ở mọi trạng thái: giấy đã bị thu hồi hoặc hết hạn cũng được "
            "trả về, kèm trạng thái."
        ),
    ),
    "public_certificates_retrieve": (
        _("Xác minh giấy chứng nhận theo mã QR"),
        _(
            "Giấy chứng nhận ứng với mã xác minh trong mã QR in trên giấy: các thông tin in trên giấy và trạng thái "
            "hôm nay."
        ),
    ),
    "producers_list": (
        _("Danh sách chủ thể"),
        _("Chủ thể trong phạm vi của ứng dụng tích hợp, lọc như danh sách trên trang web."),
    ),
    "producers_retrieve": (
        _("Xem chủ thể"),
        _("Một chủ thể trong phạm vi của ứng dụng (ngoài phạm vi: 404)."),
    ),
    "products_list": (
        _("Danh sách sản phẩm"),
        _("Sản phẩm trong phạm vi của ứng dụng tích hợp, lọc như danh sách trên trang web."),
    ),
    "products_retrieve": (
        _("Xem sản phẩm"),
        _("Một sản phẩm trong phạm vi của ứng dụng (ngoài phạm vi: 404)."),
    ),
    "registrations_list": (
        _("Danh sách hồ sơ đánh giá, phân hạng"),
        _(
            "Hồ sơ đăng ký đánh giá, phân hạng trong phạm vi của ứng dụng và trạng thái của chúng, lọc như danh sách "
            "trên trang web."
        ),
    ),
    "registrations_create": (
        _("Nhập phiếu đăng ký (Mẫu 01) thay chủ thể"),
        _(
            "Ứng dụng có quyền ghi nhập phiếu đăng ký thay chủ thể, được kiểm tra như biểu mẫu trên trang web và tạo "
            "bằng cùng nghiệp vụ: một hồ sơ nháp để chủ thể hoặc cán bộ hoàn thiện."
        ),
    ),
    "registrations_retrieve": (
        _("Xem hồ sơ đánh giá, phân hạng"),
        _("Một hồ sơ và trạng thái của nó (ngoài phạm vi của ứng dụng: 404)."),
    ),
    "council_results_list": (
        _("Danh sách kết quả của Hội đồng"),
        _(
            "Kết quả của Hội đồng (điểm trung bình, hạng theo điểm, hạng sao kết luận) của các hồ sơ trong phạm vi. "
            "Kết quả tiềm năng 5 sao của Hội đồng cấp tỉnh không cho hạng sao: final_star là 0 và potential_five là "
            "true (Điều 7.3e)."
        ),
    ),
    "decisions_list": (
        _("Danh sách quyết định công nhận"),
        _("Quyết định công nhận trong phạm vi của ứng dụng, lọc như danh sách trên trang web."),
    ),
    "certificates_list": (
        _("Danh sách giấy chứng nhận"),
        _(
            "Giấy chứng nhận trong phạm vi của ứng dụng, lọc như danh sách trên trang web; trạng thái là trạng thái "
            "hôm nay, và bộ lọc status chọn theo trạng thái đó."
        ),
    ),
    "certificates_retrieve": (
        _("Xem giấy chứng nhận"),
        _("Một giấy chứng nhận trong phạm vi của ứng dụng (ngoài phạm vi: 404)."),
    ),
    "certificates_historic_create": (
        _("Nhập giấy chứng nhận cấp trước khi có hệ thống"),
        _(
            "Ứng dụng có quyền ghi nhập giấy chứng nhận đã cấp trước khi có hệ thống, được kiểm tra như biểu mẫu "
            "trên trang web; nghiệp vụ đối chiếu cấp ban hành, hạng sao, ngày và căn cứ pháp lý với quy định khi đó."
        ),
    ),
    "historic_evaluations_list": (
        _("Danh sách kết quả đánh giá trước đây"),
        _("Kết quả đánh giá của các đợt trước không dẫn đến công nhận, trong phạm vi của ứng dụng."),
    ),
    "historic_evaluations_create": (
        _("Nhập kết quả đánh giá trước đây"),
        _(
            "Ứng dụng có quyền ghi nhập một sản phẩm đã được đánh giá ở đợt trước nhưng không được công nhận, được "
            "kiểm tra như trang nhập kết quả cũ trên web và ghi bằng cùng nghiệp vụ."
        ),
    ),
    "historic_evaluations_retrieve": (
        _("Xem kết quả đánh giá trước đây"),
        _("Một kết quả đánh giá trước đây (ngoài phạm vi của ứng dụng: 404)."),
    ),
    "statistics_retrieve": (
        _("Thống kê Chương trình OCOP"),
        _(
            "Số liệu của các báo cáo: giấy chứng nhận còn hiệu lực theo hạng sao, ngành, bộ sản phẩm và đơn vị; theo "
            "năm; số được đánh giá so với số được công nhận; sắp hết hạn theo tháng; chủ thể theo loại hình. Cho "
            "phạm vi của ứng dụng hoặc một tỉnh (province)."
        ),
    ),
    "sync_provinces_retrieve": (
        _("Dữ liệu đồng bộ của một tỉnh (JSON)"),
        _(
            "Toàn bộ sản phẩm và giấy chứng nhận của tỉnh mà cơ sở dữ liệu OCOP quốc gia lưu giữ; với since: chỉ "
            "những gì thay đổi sau thời điểm đó."
        ),
    ),
    "sync_provinces_xlsx_retrieve": (
        _("Dữ liệu đồng bộ của một tỉnh (Excel)"),
        _("Cùng dữ liệu ở dạng sổ tính Excel: sản phẩm, giấy chứng nhận, đơn vị cũ → mới."),
    ),
}

# The path parameters, by name (drf-spectacular leaves them undescribed).
PATH_PARAMETERS = {
    "id": _("Mã số (id) của bản ghi."),
    "token": _("Mã xác minh trong mã QR in trên giấy chứng nhận."),
}


def describe_operations(result, generator, request, public):
    """Postprocessing hook: each operation's summary and description, and its path parameters' descriptions, in
    the reader's language."""
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            texts = OPERATIONS.get(operation["operationId"])
            if texts is None:
                raise ImproperlyConfigured(
                    f"{method.upper()} {path}: operation {operation['operationId']!r} has no summary and description "
                    "in api.schema_texts.OPERATIONS"
                )
            operation["summary"], operation["description"] = str(texts[0]), str(texts[1])
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter["name"] in PATH_PARAMETERS:
                    parameter["description"] = str(PATH_PARAMETERS[parameter["name"]])
    return result
