"""Excel templates and import checking for the programme's records: a plan's targets and a past round's products
that were evaluated but not recognised. The same shape as products/excel.py: columns matched by their heading
(accents and case ignored), every row checked before anything is written, errors by row and column, and the
rows written all together or not at all (dashboard.services)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop import xlsx
from ocop.duplicates import duplicates_check
from ocop.forms import parse_pk
from ocop.models import User
from ocop.text import UNSAFE_TEXT, fold, unsafe_characters
from ocop.xlsx import cell_choice as _choice  # the cell readers every import shares
from ocop.xlsx import cell_date as _date
from ocop.xlsx import cell_text as _text
from products.excel import CODE_COLUMNS, codes_restored
from products.models import Product, Sector
from products.selectors import products_by_code
from products.validators import normalise_tax_code

from .choices import HistoricLevel, TargetMetric
from .forms import plan_units_for
from .models import HistoricEvaluation
from .services import historic_evaluation_check, target_duplicates

MAX_ROWS = 5000

TARGET_COLUMNS = [
    ("metric", "Chỉ tiêu"),
    ("star", "Hạng sao"),
    ("from_star", "Từ hạng sao"),
    ("sector", "Ngành"),
    ("quantity", "Số lượng"),
    ("note", "Ghi chú"),
]
EVALUATION_COLUMNS = [
    ("product_code", "Mã số sản phẩm"),
    ("producer_tax_code", "Mã số thuế chủ thể"),
    ("producer_name", "Tên chủ thể"),
    ("product_name", "Tên sản phẩm"),
    ("evaluated_on", "Ngày đánh giá"),
    ("mean_score", "Điểm"),
    ("star", "Hạng sao đạt"),
    ("level", "Cấp đánh giá"),
    ("unit", "Đơn vị lúc đánh giá"),
    ("issuer_name", "Cơ quan tổ chức đánh giá"),
    ("note", "Ghi chú"),
]
COLUMNS = {"targets": TARGET_COLUMNS, "evaluations": EVALUATION_COLUMNS}
REQUIRED = {"targets": {"metric", "quantity"}, "evaluations": {"evaluated_on", "mean_score", "star", "level", "unit"}}
WIDTHS = {"metric": 44, "note": 40, "product_name": 36, "producer_name": 36, "unit": 28, "issuer_name": 30}


def label(kind: str, key: str) -> str:
    return dict(COLUMNS[kind]).get(key, key)


def template(kind: str) -> bytes:
    """An empty import file with a second sheet of the allowed values."""
    title = _("Mẫu nhập chỉ tiêu kế hoạch OCOP") if kind == "targets" else _("Mẫu nhập kết quả đánh giá cũ")
    export = xlsx.Export(title=title, subject=_("Tệp mẫu để nhập từ Excel"))
    export.sheet(
        _("Chỉ tiêu") if kind == "targets" else _("Kết quả đánh giá"),
        [xlsx.Column(heading, WIDTHS.get(key, 16), text=key in CODE_COLUMNS) for key, heading in COLUMNS[kind]],
    )
    help_ws = export.sheet(_("Hướng dẫn"), [xlsx.Column(_("Cột"), 28), xlsx.Column(_("Giá trị hợp lệ"), 90, wrap=True)])
    if kind == "targets":
        for _value, metric in TargetMetric.choices:
            help_ws.append([_("Chỉ tiêu"), str(metric)])
        help_ws.append([_("Hạng sao"), _("3, 4 hoặc 5 (bắt buộc với chỉ tiêu theo hạng sao)")])
        help_ws.append([_("Từ hạng sao"), _("3 hoặc 4, chỉ với chỉ tiêu nâng hạng")])
        for sector in Sector.objects.order_by("order"):
            help_ws.append([_("Ngành"), f"{sector.code}. {sector.name}"])
        help_ws.append([_("Số lượng"), _("Số nguyên từ 1")])
    else:
        help_ws.append(
            [_("Mã số sản phẩm"), _("Hoặc ghi Mã số thuế (hay Tên) chủ thể và Tên sản phẩm có sẵn trong hệ thống")]
        )
        help_ws.append([_("Ngày đánh giá"), "dd/mm/yyyy"])
        help_ws.append([_("Điểm"), _("Điểm trung bình của Hội đồng, 0–100")])
        help_ws.append([_("Hạng sao đạt"), _("0 (không xếp hạng) đến 5")])
        help_ws.append([_("Cấp đánh giá"), "; ".join(str(level) for _v, level in HistoricLevel.choices)])
        help_ws.append([_("Đơn vị lúc đánh giá"), _("Tên huyện, tỉnh lúc đánh giá, ví dụ: Huyện Na Rì; Tỉnh Bắc Kạn")])
        help_ws.append([_("Cơ quan tổ chức đánh giá"), _("Không bắt buộc; mặc định: UBND + tên đơn vị")])
        help_ws.append(
            [
                _("Lưu ý"),
                _("Chỉ ghi sản phẩm KHÔNG được công nhận; sản phẩm được công nhận nhập như giấy chứng nhận cũ"),
            ]
        )
    return export.to_bytes()


def read_rows(*, kind: str, upload) -> list[dict]:
    """The non-empty data rows of the first sheet as {"row": n, "values": {key: value}}, a tax code that Excel took
    for a number given back its leading zero."""
    return codes_restored(xlsx.read_rows(upload, columns=COLUMNS[kind], required=REQUIRED[kind], max_rows=MAX_ROWS))


def _row_errors(kind: str, row: int, exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {
                "row": row,
                "column": label(kind, FIELD_COLUMN.get(field, field)) if field != "__all__" else "",
                "message": m,
            }
            for field, messages in exc.message_dict.items()
            for m in messages
        ]
    return [{"row": row, "column": "", "message": m} for m in exc.messages]


# A model field whose error belongs to a differently named column.
FIELD_COLUMN = {"product": "product_name"}


def _unsafe(kind: str, row: int, values: dict) -> list[dict]:
    errors = []
    for key, value in values.items():
        found = unsafe_characters(value)
        if found:
            errors.append(
                {"row": row, "column": label(kind, key), "message": str(UNSAFE_TEXT % {"chars": ", ".join(found)})}
            )
    return errors


def _integer(value, *, low: int, high: int) -> int:
    number = parse_pk(_text(value))  # ASCII digits only: "²" passes str.isdigit() but int() cannot read it
    if number is None or not low <= number <= high:
        raise ValidationError(_("Nhập số nguyên từ %(a)s đến %(b)s.") % {"a": low, "b": high})
    return number


def check_target_rows(rows: list[dict], *, plan) -> tuple[list[dict], list[dict]]:
    """Each row as PlanTarget fields, checked with the model's own rules and, once readable, against the other rows
    and the targets `plan` already has (services.target_duplicates); (targets, errors)."""
    from .models import PlanTarget

    sectors = list(Sector.objects.all())
    sector_keys = {fold(s.code): s for s in sectors} | {fold(s.name): s for s in sectors}
    targets, errors, readable = [], [], []
    for row in rows:
        n, v = row["row"], row["values"]
        row_errors = _unsafe("targets", n, v)

        def err(key, message, n=n, row_errors=row_errors):
            row_errors.append({"row": n, "column": label("targets", key), "message": str(message)})

        data = {"note": _text(v.get("note"))[:300]}
        try:
            data["metric"] = _choice(v.get("metric"), TargetMetric.choices)
        except ValidationError as exc:
            err("metric", exc.messages[0])
        for key, low, high in (("star", 3, 5), ("from_star", 3, 4)):
            data[key] = None
            if _text(v.get(key)):
                try:
                    data[key] = _integer(v.get(key), low=low, high=high)
                except ValidationError as exc:
                    err(key, exc.messages[0])
        data["sector"] = None
        sector_text = _text(v.get("sector"))
        if sector_text:
            data["sector"] = sector_keys.get(fold(sector_text.split(".")[0])) or sector_keys.get(fold(sector_text))
            if data["sector"] is None:
                err("sector", _("Không có ngành “%(s)s” (ghi mã I–VI).") % {"s": sector_text})
        try:
            data["quantity"] = _integer(v.get("quantity"), low=1, high=100000)
        except ValidationError as exc:
            err("quantity", exc.messages[0])
        if not row_errors:
            try:
                PlanTarget(**data).clean()
            except ValidationError as exc:
                row_errors.extend(_row_errors("targets", n, exc))
        if not row_errors:
            readable.append((n, data))
        errors.extend(row_errors)
        targets.append(data)
    repeated = target_duplicates([data for _n, data in readable], existing=list(plan.targets.all()))
    for index, first in repeated.items():
        message = (
            _("Chỉ tiêu này đã có trong kế hoạch.")
            if first is None
            else _("Trùng với dòng %(r)s.") % {"r": readable[first][0]}
        )
        errors.append({"row": readable[index][0], "column": label("targets", "metric"), "message": str(message)})
    errors.sort(key=lambda error: error["row"])  # stable: a row's errors keep their order
    return targets, errors


def check_evaluation_rows(rows: list[dict], *, by: User) -> tuple[list[dict], list[dict]]:
    """Each row as HistoricEvaluation fields, checked by the same rules as the form; (rows, errors)."""
    products = Product.objects.for_user(by).select_related("producer")
    codes = {_text(r["values"].get("product_code")) for r in rows} - {""}
    by_code = products_by_code(products, codes) if codes else {}
    names = {fold(_text(r["values"].get("product_name"))) for r in rows} - {""}
    by_producer: dict = {}
    if names:
        for product in products.filter(name__in={_text(r["values"].get("product_name")) for r in rows}):
            by_producer.setdefault((fold(product.name), product.producer.tax_code or ""), []).append(product)
            by_producer.setdefault((fold(product.name), fold(product.producer.name)), []).append(product)
    units = {}
    for unit in plan_units_for(by).exclude(level="commune"):
        units.setdefault(fold(unit.name), []).append(unit)
    checked, errors, seen = [], [], {}
    for row in rows:
        n, v = row["row"], row["values"]
        row_errors = _unsafe("evaluations", n, v)

        def err(key, message, n=n, row_errors=row_errors):
            row_errors.append({"row": n, "column": label("evaluations", key), "message": str(message)})

        data = {"issuer_name": _text(v.get("issuer_name"))[:200], "note": _text(v.get("note"))[:300]}
        code = _text(v.get("product_code"))
        if code:
            data["product"] = by_code.get(code)
            if data["product"] is None:
                err("product_code", _("Không có sản phẩm mã %(c)s trong phạm vi của bạn.") % {"c": code})
        else:
            name = fold(_text(v.get("product_name")))
            tax = normalise_tax_code(_text(v.get("producer_tax_code")))
            owner = tax or fold(_text(v.get("producer_name")))
            matches = by_producer.get((name, owner), []) if name and owner else []
            if len(matches) == 1:
                data["product"] = matches[0]
            elif not name:
                err("product_name", _("Ghi Mã số sản phẩm, hoặc Tên sản phẩm cùng chủ thể."))
            else:
                err(
                    "product_name",
                    _("Không tìm thấy đúng một sản phẩm “%(n)s” của chủ thể này trong phạm vi của bạn.")
                    % {"n": _text(v.get("product_name"))},
                )
        try:
            data["evaluated_on"] = _date(v.get("evaluated_on"))
            if data["evaluated_on"] is None:
                err("evaluated_on", _("Chưa ghi ngày đánh giá."))
        except ValidationError as exc:
            err("evaluated_on", exc.messages[0])
        try:
            data["mean_score"] = Decimal(_text(v.get("mean_score")).replace(",", ".")).quantize(Decimal("0.01"))
            if not Decimal(0) <= data["mean_score"] <= Decimal(100):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            err("mean_score", _("Điểm là số từ 0 đến 100."))
        try:
            data["star"] = _integer(v.get("star"), low=0, high=5)
        except ValidationError as exc:
            err("star", exc.messages[0])
        try:
            data["level"] = _choice(v.get("level"), HistoricLevel.choices)
        except ValidationError as exc:
            err("level", exc.messages[0])
        unit_text = _text(v.get("unit"))
        matches = units.get(fold(unit_text), [])
        if len(matches) == 1:
            data["unit"] = matches[0]
        else:
            err("unit", _("Không có đúng một đơn vị “%(u)s” trong phạm vi của bạn.") % {"u": unit_text})
        key = (getattr(data.get("product"), "pk", None), data.get("evaluated_on"), data.get("level"))
        if None not in key and key in seen:
            err("product_name", _("Trùng với dòng %(r)s.") % {"r": seen[key]})
        elif None not in key:  # recorded already: said with the row's other errors, not once they are corrected
            values = {name: data[name] for name in ("product", "evaluated_on", "level")}
            try:
                duplicates_check(model=HistoricEvaluation, values=values, field="product")
            except ValidationError as exc:
                row_errors.extend(_row_errors("evaluations", n, exc))
        seen.setdefault(key, n)
        if not row_errors:
            try:
                historic_evaluation_check(by=by, fields=data)
            except ValidationError as exc:
                row_errors.extend(_row_errors("evaluations", n, exc))
        errors.extend(row_errors)
        checked.append(data)
    return checked, errors
